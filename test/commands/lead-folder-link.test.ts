/**
 * lead's folder in the git directory (.git/lead: the parse cache, whose values file holds every
 * record's values, the memos, the import key) when a user made it a symbolic link or found it made
 * by someone else (src/core/state-folder.ts). lead follows a link only to a private folder of this
 * user's (0700) that no other user could replace at any level; anything else is refused: the run
 * reads and writes nothing there, says so once on stderr with a hint, and goes on without its cache.
 * An import, whose key cannot be done without, stops. Another user is played by chown (root only,
 * as CI runs); otherwise by `/`, which root owns.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, git, runLead, tempDir, testEnv} from '../support/cli.js'
import {committedReferralSite} from '../support/referral-site.js'

afterAll(cleanupTemp)
const env = testEnv()
const asRoot = process.geteuid?.() === 0
const REFUSED = /^warning LEAD_FOLDER_REFUSED /gm

/** A committed site whose .git/lead is a link to `target` (made by `make` first, when given). */
function linkedSite(target: string): {root: string; link: string} {
  const root = committedReferralSite(env)
  const link = path.join(root, '.git', 'lead')
  fs.rmSync(link, {recursive: true, force: true})
  fs.symlinkSync(target, link)
  return {root, link}
}

/** A new folder with this mode, in a private folder of the test's own (the system's temporary folder is sticky). */
function folder(mode: number): string {
  const dir = path.join(fs.realpathSync(tempDir('lead-state-')), 'cache')
  fs.mkdirSync(dir)
  fs.chmodSync(dir, mode)
  return dir
}

const referralId = (root: string) => fs.readdirSync(path.join(root, 'referrals', '2026'))[0]!.replace(/\.yaml$/, '')

/** The commands a refused folder must not stop, each told once about it; a write among them. */
function runsWithout(root: string, expected: RegExp): void {
  const id = referralId(root)
  for (const args of [['validate', '--as-of', '2026-04-06'], ['status', '--as-of', '2026-04-06', '--json'], ['show', id], ['set', id, 'notes=called back'], ['history', id]]) {
    const r = runLead(args, {cwd: root, env})
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
    expect(r.stderr.match(REFUSED), args.join(' ')).toHaveLength(1)
    expect(r.stderr).toMatch(expected)
    expect(r.stderr).toContain('so this run reads and keeps none of them')
    expect(r.stderr).toMatch(/^ {2}hint: /m)
    if (args.includes('--json')) expect(r.json()).toHaveProperty('validation')
  }
  expect(git(root, ['log', '-1', '--format=%s'], env)).toMatch(/notes/)
}

const IMPORT = `Report No,Arrest Date,Arrest Time,Offense,Beat,Badge,Age OK,Exclusions,Status,Notes
RD-9,2026-03-09,10:00,TRESP,D1,0412,yes,none,received,
`
function importRefused(root: string): void {
  fs.writeFileSync(path.join(root, 'arrests.csv'), IMPORT)
  const commits = git(root, ['rev-list', '--count', 'HEAD'], env)
  const r = runLead(['import', 'referrals', 'arrests.csv', '--set', 'pathway=arrest_diversion', '--set', 'referrer.agency=harbor-pd', '--value', 'charges:TRESP=RCW 2'], {cwd: root, env})
  expect(r.code).toBe(3)
  expect(r.stderr).toMatch(/^error LEAD_FOLDER_REFUSED the import key cannot be kept or read: /m)
  expect(git(root, ['rev-list', '--count', 'HEAD'], env)).toBe(commits)
}

describe.skipIf(process.platform === 'win32')('.git/lead as a symbolic link', {timeout: 240_000}, () => {
  it('to a private folder of this user\'s: followed, and the cache, memos and import key kept there', () => {
    const target = folder(0o700)
    const {root, link} = linkedSite(target)
    const first = runLead(['validate', '--as-of', '2026-04-06'], {cwd: root, env})
    expect(first.code).toBe(0)
    expect(first.stderr).not.toMatch(REFUSED)
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true)
    const kept = fs.readdirSync(target)
    expect(kept.some((f) => /^values-.*\.json$/.test(f))).toBe(true)
    for (const f of kept) expect(fs.statSync(path.join(target, f)).mode & 0o077, f).toBe(0)
    fs.writeFileSync(path.join(root, 'arrests.csv'), IMPORT)
    const imported = runLead(['import', 'referrals', 'arrests.csv', '--set', 'pathway=arrest_diversion', '--set', 'referrer.agency=harbor-pd', '--value', 'charges:TRESP=RCW 2'], {cwd: root, env})
    expect(imported.code, imported.stderr).toBe(0)
    expect(fs.readdirSync(target).some((f) => f.startsWith('import-key-'))).toBe(true)
  })

  it('to a folder others can read: refused, once per run, nothing read or written there, and an import stops', () => {
    const target = folder(0o755)
    const {root} = linkedSite(target)
    runsWithout(root, /\.git\/lead is a symbolic link to \S+\/cache, a folder others can read \(drwxr-xr-x\)/)
    expect(fs.readdirSync(target)).toEqual([])
    importRefused(root)
    expect(fs.readdirSync(target)).toEqual([])
  })

  it('to a folder others can write to, or inside one (not sticky): refused', () => {
    const open = folder(0o777)
    const {root} = linkedSite(open)
    expect(runLead(['validate', '--as-of', '2026-04-06'], {cwd: root, env}).stderr).toMatch(/a folder others can write to \(drwxrwxrwx\)/)
    const inside = path.join(open, 'mine')
    fs.mkdirSync(inside, {mode: 0o700})
    const second = linkedSite(inside)
    const r = runLead(['validate', '--as-of', '2026-04-06'], {cwd: second.root, env})
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/is a symbolic link to \S+\/mine, inside \S+\/cache, which another user could replace or change/)
    expect(fs.readdirSync(inside)).toEqual([])
  })

  it('to another user\'s folder: refused', () => {
    const target = asRoot ? folder(0o700) : '/'
    if (asRoot) fs.chownSync(target, 12345, 12345)
    const {root} = linkedSite(target)
    runsWithout(root, /is a symbolic link to \S+, a folder another user owns \(uid \d+\)/)
    if (asRoot) expect(fs.readdirSync(target)).toEqual([])
  })

  it('to nothing (a dangling link): refused, and the folder it names is not made', () => {
    const target = path.join(folder(0o700), 'not-yet')
    const {root} = linkedSite(target)
    runsWithout(root, /is a symbolic link to \S+\/not-yet, which does not exist/)
    expect(fs.existsSync(target)).toBe(false)
    importRefused(root)
    expect(fs.existsSync(target)).toBe(false)
  })

  it('to a file: refused, the file left as it was', () => {
    const target = path.join(folder(0o700), 'notes.txt')
    fs.writeFileSync(target, 'my own notes\n', {mode: 0o600})
    const {root} = linkedSite(target)
    runsWithout(root, /is a symbolic link to \S+\/notes\.txt, which is not a folder/)
    expect(fs.readFileSync(target, 'utf8')).toBe('my own notes\n')
  })
})

describe.skipIf(process.platform === 'win32')('.git/lead as a folder', {timeout: 120_000}, () => {
  it('lead makes it private (0700) itself; one an older lead left readable (0755) is made private again and used', () => {
    const root = committedReferralSite(env)
    const dir = path.join(root, '.git', 'lead')
    expect(runLead(['validate', '--as-of', '2026-04-06'], {cwd: root, env}).code).toBe(0)
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700)
    fs.chmodSync(dir, 0o755)
    const r = runLead(['validate', '--as-of', '2026-04-06'], {cwd: root, env})
    expect(r.stderr).not.toMatch(REFUSED)
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700)
  })

  it('one others can write to, or another user owns: refused, its files neither read nor written', () => {
    const root = committedReferralSite(env)
    const dir = path.join(root, '.git', 'lead')
    fs.mkdirSync(dir)
    fs.chmodSync(dir, 0o777)
    runsWithout(root, /\.git\/lead is a folder others can write to \(drwxrwxrwx\)/)
    expect(fs.readdirSync(dir)).toEqual([])
    if (!asRoot) return
    fs.chmodSync(dir, 0o700)
    fs.chownSync(dir, 12345, 12345)
    runsWithout(root, /\.git\/lead is a folder another user owns \(uid 12345\)/)
    expect(fs.readdirSync(dir)).toEqual([])
  })
})
