/**
 * The delta basis on disk (validate/basis-file.ts): its two long lines kept as they are, the
 * findings as JSON. What is written reads back the same (a path and a message outside ASCII
 * included); a file of another build or context, cut anywhere, or in the former JSON format reads
 * as none (a full validation, never a wrong one). And the lines themselves (delta-basis.ts
 * basisLines): one pass, no hashes line when a record's content is not known by lead's hash.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {decodeBasis, encodeBasis, readBasisFile, basisWriter} from '../../src/core/validate/basis-file.js'
import {basisFile, basisLines, writeBasis, type Basis} from '../../src/core/validate/delta-basis.js'
import {gitStateFile} from '../../src/core/records/parse-cache.js'
import {SiteRecords, type SiteRecord} from '../../src/core/records/load.js'
import {YamlSource} from '../../src/core/records/yaml-source.js'

const H = (c: string) => c.repeat(27)
const basis: Basis = {
  files: ['referrals/2026/r-2026-01-02-abcdef.yaml', 'partners/café-ñ.yaml', 'consents/c-2026-01-02-abcdef.yaml'].join('\0'),
  hashes: H('a') + H('b') + H('c'),
  flags: 'vr-',
  groups: ['referral+privacy:xyz'],
  schema: {'partners/café-ñ.yaml': [{code: 'SCHEMA', severity: 'error', message: 'naïve “quoted” \u0000 text', file: 'partners/café-ñ.yaml', line: 2, column: 3}]},
  parts: {referral: {'referrals/2026/r-2026-01-02-abcdef.yaml': [{code: 'X', severity: 'warning', message: 'm', file: 'referrals/2026/r-2026-01-02-abcdef.yaml', line: 1, column: 1}]}},
  runs: {structure: []},
  asOf: '2026-11-27',
  wide: {references: ['referrals/2026/r-2026-01-02-abcdef.yaml']},
  spans: {'referral+privacy': {'referrals/2026/r-2026-01-02-abcdef.yaml': '~2026-12-01'}},
  token: 'tok-1',
}

describe('the delta basis file', () => {
  it('reads back what was written, outside ASCII too, and the findings as written', () => {
    const bytes = encodeBasis('v1', 'ctx', basis)
    expect(decodeBasis(bytes, 'v1', 'ctx')).toEqual(basis)
    // The findings and header are ASCII (JSON escapes); only the files line may hold UTF-8.
    const filesEnd = bytes.indexOf(10) + 1 + Buffer.byteLength(basis.files)
    expect(bytes.subarray(filesEnd).every((b) => b < 128)).toBe(true)
  })

  it('is written private (it holds paths and content hashes) and read back from disk', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'basis-'))
    try {
      const file = path.join(dir, 'lead', 'delta-basis-x.bin')
      basisWriter(file, 'v1', 'ctx', basis)()
      expect(fs.statSync(file).mode & 0o777).toBe(0o600)
      expect(readBasisFile(file, 'v1', 'ctx')).toEqual(basis)
      expect(readBasisFile(path.join(dir, 'none.bin'), 'v1', 'ctx')).toBeUndefined()
    } finally {
      fs.rmSync(dir, {recursive: true, force: true})
    }
  })

  it('written from a basis read, holds its own files: the files line read again when the same, encoded anew when not', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'basis-'))
    try {
      const file = path.join(dir, 'delta-basis-x.bin')
      basisWriter(file, 'v1', 'ctx', basis)()
      const read = readBasisFile(file, 'v1', 'ctx')!
      const next: Basis = {...basis, hashes: H('d') + H('b') + H('c'), flags: 'rr-'}
      basisWriter(file, 'v1', 'ctx', next, read)()
      expect(fs.readFileSync(file).equals(encodeBasis('v1', 'ctx', next))).toBe(true)
      const moved: Basis = {...next, files: ['referrals/2026/r-2026-01-02-abcdeg.yaml', 'partners/café-ñ.yaml', 'consents/c-2026-01-02-abcdef.yaml'].join('\0')}
      basisWriter(file, 'v1', 'ctx', moved, readBasisFile(file, 'v1', 'ctx'))()
      expect(readBasisFile(file, 'v1', 'ctx')).toEqual(moved)
      expect(fs.readFileSync(file).equals(encodeBasis('v1', 'ctx', moved))).toBe(true)
    } finally {
      fs.rmSync(dir, {recursive: true, force: true})
    }
  })

  it('is none for another build or another context', () => {
    const bytes = encodeBasis('v1', 'ctx', basis)
    expect(decodeBasis(bytes, 'v2', 'ctx')).toBeUndefined()
    expect(decodeBasis(bytes, 'v1', 'other')).toBeUndefined()
  })

  it('is none when cut at any byte, or in the former JSON format', () => {
    const bytes = encodeBasis('v1', 'ctx', basis)
    for (let n = 0; n < bytes.length; n++) expect(decodeBasis(bytes.subarray(0, n), 'v1', 'ctx'), `cut at ${n}`).toBeUndefined()
    expect(decodeBasis(Buffer.from(JSON.stringify({version: 'v1', memos: [{key: 'ctx', value: basis}]})), 'v1', 'ctx')).toBeUndefined()
    expect(decodeBasis(Buffer.from('{"version":"v1","context":"ctx","sizes":[1,2]}\nabc{}'), 'v1', 'ctx')).toBeUndefined()
  })
})

describe('the basis lines', () => {
  const rec = (file: string, hash?: string): SiteRecord => ({kind: 'referral', id: file, file, data: undefined, source: new YamlSource(file, ''), ...(hash === undefined ? {} : {hash})})

  it('joins the files by NUL and the hashes end to end, in site order; the checked files are lead.yaml and them', () => {
    expect(basisLines(new SiteRecords([rec('a.yaml', H('x')), rec('b/c.yaml', H('y'))], []))).toEqual({files: 'a.yaml\0b/c.yaml', checked: 'lead.yaml\0a.yaml\0b/c.yaml', hashes: H('x') + H('y')})
    expect(basisLines(new SiteRecords([], []))).toEqual({files: '', checked: 'lead.yaml', hashes: ''})
    expect(basisLines(new SiteRecords([rec('ñ/🙂.yaml', H('x'))], []))).toEqual({files: 'ñ/🙂.yaml', checked: 'lead.yaml\0ñ/🙂.yaml', hashes: H('x')})
  })

  it('has no hashes line when a record has no hash, or one of another length', () => {
    expect(basisLines(new SiteRecords([rec('a.yaml', H('x')), rec('b.yaml')], []))).toEqual({files: 'a.yaml\0b.yaml', checked: 'lead.yaml\0a.yaml\0b.yaml', hashes: undefined})
    expect(basisLines(new SiteRecords([rec('a.yaml', 'short'), rec('b.yaml', H('y'))], [])).hashes).toBeUndefined()
  })
})

describe("the basis as earlier builds kept it", () => {
  it('is removed when a basis is written (it held the same paths and hashes, and is never read again)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'basis-site-'))
    try {
      execFileSync('git', ['init', '-q'], {cwd: root})
      const earlier = gitStateFile(root, 'delta-basis', '.json')!
      fs.mkdirSync(path.dirname(earlier), {recursive: true})
      fs.writeFileSync(earlier, '{"old": true}')
      writeBasis(root, 'ctx', basis)
      expect(fs.existsSync(earlier)).toBe(false)
      expect(fs.existsSync(basisFile(root)!)).toBe(true)
    } finally {
      fs.rmSync(root, {recursive: true, force: true})
    }
  })
})
