import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {saveRecovered, stripNotes, withNotes, isEmptyBuffer} from '../../src/core/records/edit-buffer.js'
import {mintParticipantCode, mintRecordId} from '../../src/core/records/id-minting.js'
import {idProblem} from '../../src/core/records/kinds.js'

describe('minting IDs', () => {
  it('mints valid referral IDs, retrying past taken ones', () => {
    const taken = new Set<string>()
    for (let i = 0; i < 5000; i++) {
      const id = mintRecordId('r', '2026-11-27', (x) => taken.has(x))
      expect(taken.has(id)).toBe(false)
      taken.add(id)
    }
    for (const id of [...taken].slice(0, 50)) expect(idProblem('referral', id)).toBeUndefined()
    let calls = 0
    const id = mintRecordId('c', '2026-11-27', () => ++calls < 3)
    expect(calls).toBe(3)
    expect(idProblem('consent', id)).toBeUndefined()
  })
  it('mints participant codes that match the schema pattern and avoid look-alike characters', () => {
    for (let i = 0; i < 500; i++) {
      const code = mintParticipantCode(() => false)
      expect(code).toMatch(/^P-[0-9A-Z]{6}$/)
      expect(code.slice(2)).not.toMatch(/[01OIL]/)
    }
  })
})

describe('edit buffers', () => {
  const diag = {code: 'SCHEMA_TYPE', severity: 'error' as const, message: 'bad', hint: 'fix it', file: 'partners/x.yaml', line: 2, column: 7}
  it('puts notes on top with line numbers of the buffer, and strips them on save', () => {
    const buffer = withNotes('id: x\nname: 1\n', [diag], 'partners/x.yaml')
    const lines = buffer.split('\n')
    const noted = /line (\d+), column 7/.exec(buffer)!
    expect(lines[Number(noted[1]) - 1]).toBe('name: 1')
    expect(stripNotes(buffer)).toBe('id: x\nname: 1\n')
    expect(stripNotes('# mine\nid: x\n')).toBe('# mine\nid: x\n')
  })
  it('treats comment-only text as empty', () => {
    expect(isEmptyBuffer('# a\n\n  # b\n')).toBe(true)
    expect(isEmptyBuffer('# a\nid: x\n')).toBe(false)
  })
  it('keeps recovered text private and ignored by git', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-rec-'))
    const rel = saveRecovered(root, 'partner', 'x', 'id: x\n', new Date('2026-11-27T03:04:05Z'))
    expect(rel).toBe('.lead/recovered/partner-x-20261127T030405Z.yaml')
    expect(fs.statSync(path.join(root, rel)).mode & 0o777).toBe(0o600)
    expect(fs.readFileSync(path.join(root, '.lead/recovered/.gitignore'), 'utf8')).toBe('*\n')
    expect(saveRecovered(root, 'partner', 'x', 'again', new Date('2026-11-27T03:04:05Z'))).toBe('.lead/recovered/partner-x-20261127T030405Z-2.yaml')
    fs.rmSync(root, {recursive: true})
  })
})
