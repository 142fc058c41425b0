/**
 * Second read: a cold `lead validate` (built CLI, parsing threads) of a site past the threshold,
 * odd files among its referrals: the same output as one thread, and every stamp saved is the
 * file's own (size, mtime, ino), so a later run's stat agrees.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cacheFile, readCacheIndex} from '../../src/core/records/parse-cache.js'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)
const env = testEnv()

function bigSite(): string {
  const root = exampleSite(env)
  const src = fs.readFileSync(path.join(root, 'referrals/2026/r-2026-06-10-6hfiq1.yaml'), 'utf8')
  const dir = path.join(root, 'referrals/2026')
  for (let i = 0; i < 720; i++) {
    const id = `r-2026-06-10-q${String(i).padStart(5, '0')}`
    let text = src.replace(/^id: .*$/m, `id: ${id}`)
    if (i === 700) text = text.replace(/^notes: .*$/m, 'notes: Mother Maria Lopez, call 360-555-0199, DOB 3/4/1990')
    if (i === 650) text = `${text}extra: "${'z'.repeat(1024 * 1024)}"\n` // over the size cap
    fs.writeFileSync(path.join(dir, `${id}.yaml`), text)
  }
  fs.symlinkSync('r-2026-06-10-q00001.yaml', path.join(dir, 'r-2026-06-10-qlink01.yaml'))
  fs.writeFileSync(path.join(dir, 'r-2026-06-10-qbadutf.yaml'), Buffer.from([0x69, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a]))
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-qm', 'many'], env)
  // and one changed after commit, one untracked
  fs.appendFileSync(path.join(dir, 'r-2026-06-10-q00710.yaml'), '# after commit\n')
  fs.writeFileSync(path.join(dir, 'r-2026-06-10-quntrk.yaml'), src.replace(/^id: .*$/m, 'id: r-2026-06-10-quntrk').replace(/^notes: .*$/m, 'notes: Spoke with Mr. Jones at 412 N Pine Street'))
  fs.rmSync(path.dirname(cacheFile(root)!), {recursive: true, force: true})
  return root
}

describe('second read: cold validate on parsing threads', () => {
  it('LEAD_THREADS=3 gives what LEAD_THREADS=1 gives, and saves true stamps', () => {
    const root = bigSite()
    const copy = path.join(path.dirname(root), 'copy')
    fs.cpSync(root, copy, {recursive: true})
    const three = runLead(['validate', '--format', 'json', '--as-of', '2026-12-01'], {cwd: root, env: {...env, LEAD_THREADS: '3'}})
    const one = runLead(['validate', '--format', 'json', '--as-of', '2026-12-01'], {cwd: copy, env: {...env, LEAD_THREADS: '1'}})
    expect(three.stderr).not.toMatch(/INTERNAL/)
    expect(three.stdout.split(copy).join(root)).toBe(one.stdout)
    for (const needle of ['PII_PHONE', 'PII_DOB', 'PII_ADDRESS']) expect(three.stdout).toContain(needle)
    const index = readCacheIndex(root)!
    let checked = 0
    for (const [file, entry] of index.files) {
      if (entry.size < 0) continue // smudged
      const st = fs.lstatSync(path.join(root, file))
      expect([file, entry.size, entry.mtimeMs, entry.ino, entry.dev]).toEqual([file, st.size, st.mtimeMs, st.ino, st.dev])
      checked++
    }
    expect(checked).toBeGreaterThan(0)
    console.log('stamps checked', checked, 'of', index.files.size)
    // warm: same output
    const warm = runLead(['validate', '--format', 'json', '--as-of', '2026-12-01'], {cwd: root, env: {...env, LEAD_THREADS: '3'}})
    expect(warm.stdout).toBe(three.stdout)
  })
})
