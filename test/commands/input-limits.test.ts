/**
 * Every input lead reads has a ceiling that holds: endless files and pipes stop at the cap with one
 * clear line, a roster too large to be real is refused from its size, and a record saved with a
 * byte-order mark stays editable.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BIN, cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'
import {runEdit} from '../support/edit-run.js'

afterAll(cleanupTemp)

const env = testEnv()
let site: string
beforeAll(() => {
  site = exampleSite(env)
})

describe('endless and oversized input', () => {
  it('lead new --file /dev/zero stops at the cap: exit 2, one line', () => {
    const r = runLead(['new', 'partner', '--id', 'zero', '--file', '/dev/zero'], {cwd: site, env})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^error FILE_TOO_LARGE \/dev\/zero is over 1\.0 MiB, the most a record of this kind may hold; nothing was read past that\n {2}hint: /)
  })

  it('lead new --file - with an endless pipe stops at the cap', () => {
    const r = spawnSync('/bin/sh', ['-c', `yes 'name: x' | "${process.execPath}" "${BIN}" new partner --id endless --file -`], {cwd: site, env, encoding: 'utf8', timeout: 60_000})
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('error FILE_TOO_LARGE <stdin> is over 1.0 MiB')
  })

  it('a 60 MiB roster is refused from its size, unread: validation goes on and says where', () => {
    const file = path.join(site, 'rosters/harbor-pd.yaml')
    const original = fs.readFileSync(file)
    const officer = '  - {badge: "1", name: Officer, status: active, catchment: true}\n'
    const fd = fs.openSync(file, 'w')
    fs.writeSync(fd, 'id: harbor-pd\nagency: harbor-pd\nas_of: "2026-11-27"\nofficers:\n')
    const block = officer.repeat(16_384)
    while (fs.fstatSync(fd).size < 60 * 1024 * 1024) fs.writeSync(fd, block)
    fs.closeSync(fd)
    try {
      const r = runLead(['validate', '--json', '--as-of', '2026-11-27'], {cwd: site, env})
      expect(r.code, r.stderr).toBe(1)
      const tooLarge = r.json().diagnostics.filter((d: {code: string}) => d.code === 'FILE_TOO_LARGE')
      expect(tooLarge).toEqual([expect.objectContaining({file: 'rosters/harbor-pd.yaml', line: 1, column: 1, message: expect.stringMatching(/^file is 60\.\d MiB, over the 32\.0 MiB limit/)})])
    } finally {
      fs.writeFileSync(file, original)
    }
  })

  it('a roster under the cap with more values than any real one is refused before parsing', () => {
    const file = path.join(site, 'rosters/harbor-county-sheriff.yaml')
    const original = fs.readFileSync(file)
    fs.writeFileSync(file, `id: harbor-county-sheriff\nagency: harbor-county-sheriff\nofficers:\n${'  - a\n'.repeat(1_600_000)}`)
    try {
      const r = runLead(['validate', 'rosters/harbor-county-sheriff.yaml'], {cwd: site, env})
      expect(r.code).toBe(1)
      expect(r.stdout).toMatch(/^rosters\/harbor-county-sheriff\.yaml:1:1: error RECORD_TOO_COMPLEX the record holds about 3,200,00\d values, over the 3,000,000/m)
    } finally {
      fs.writeFileSync(file, original)
    }
  })

  it('lead edit: a save far larger than a record is not read back; nothing is written', () => {
    const editor = `sh -c 'head -c 2000000 /dev/zero | tr "\\\\0" "a" > "$1"' editor`
    const before = fs.readFileSync(path.join(site, 'partners/harbor-pd.yaml'), 'utf8')
    const r = runEdit(['partner', 'harbor-pd'], site, testEnv({EDITOR: editor}))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error EDIT_TOO_LARGE the saved file is over 1.0 MiB')
    expect(fs.readFileSync(path.join(site, 'partners/harbor-pd.yaml'), 'utf8')).toBe(before)
    expect(fs.existsSync(path.join(site, '.lead/lock'))).toBe(false)
  })
})

describe('a record saved with a byte-order mark (as Windows editors do)', () => {
  const file = 'partners/harbor-housing-coalition.yaml'
  beforeAll(() => {
    const abs = path.join(site, file)
    fs.writeFileSync(abs, `\uFEFF${fs.readFileSync(abs, 'utf8')}`)
    git(site, ['commit', '-qam', 'saved on Windows'], env)
  })

  it('lead set changes it and keeps the mark', () => {
    const r = runLead(['set', file, 'name=Harbor Housing Coalition of Harbor County'], {cwd: site, env})
    expect(r.code, r.stderr).toBe(0)
    const bytes = fs.readFileSync(path.join(site, file))
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8')).toContain('name: Harbor Housing Coalition of Harbor County\n')
    expect(git(site, ['log', '-1', '--format=%s'], env).trim()).toBe(`partner: set harbor-housing-coalition name`)
  })

  it('lead edit saves it and keeps the mark', () => {
    const r = runEdit([file], site, testEnv({EDITOR: `sed -i 's/^name: .*/name: Harbor Housing/'`}))
    expect(r.code, r.stdout).toBe(0)
    const bytes = fs.readFileSync(path.join(site, file))
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8')).toContain('name: Harbor Housing\n')
  })
})
