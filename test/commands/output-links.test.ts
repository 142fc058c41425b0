/**
 * Files lead writes never follow a symbolic link inside the site (a pull request can commit one),
 * and files with referral data are the owner's only.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv()
let site: string
const REFERRAL = 'r-2026-11-03-k3f9q2'
const mode = (p: string) => fs.statSync(p).mode & 0o777
/** Every file of the work tree (not following links, not in .git), site-relative. */
const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, {recursive: true, withFileTypes: true}).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).filter((f) => !f.startsWith('.git/'))

beforeEach(() => {
  site = exampleSite(env, {warm: true})
})

/** Commit a symbolic link at `rel` pointing to `target`, as a pull request could. */
function commitLink(rel: string, target: string): void {
  fs.mkdirSync(path.dirname(path.join(site, rel)), {recursive: true})
  fs.symlinkSync(target, path.join(site, rel))
  git(site, ['add', '-f', rel], env)
  git(site, ['commit', '-qm', `add ${rel}`], env)
}

describe('a committed .lead/forms -> ..', () => {
  it('stops a form run inside the site: nothing lands in the work tree', () => {
    commitLink('.lead/forms', '..')
    const before = filesUnder(site).sort()
    const r = runLead(['form', 'handoff-slip', REFERRAL], {cwd: site, env})
    expect(r.code, r.stderr).toBe(3)
    expect(r.stderr).toMatch(/error SYMLINK refusing to write \.lead\/forms\S*: \.lead\/forms in the site is a symbolic link/)
    expect(filesUnder(site).sort()).toEqual(before)
    expect(git(site, ['status', '--porcelain'], env)).toBe('')
  })

  it('the same form goes to a real .lead/forms, owner-only, in a folder only the owner can enter', () => {
    const r = runLead(['form', 'handoff-slip', REFERRAL], {cwd: site, env})
    expect(r.code, r.stderr).toBe(0)
    const file = path.join(site, '.lead/forms', `handoff-slip-${REFERRAL}.pdf`)
    expect(mode(file)).toBe(0o600)
    expect(mode(path.dirname(file))).toBe(0o700)
  })

  it('stops a form written with --out through a linked folder inside the site', () => {
    const elsewhere = tempDir('lead-elsewhere-')
    commitLink('printed', elsewhere)
    const r = runLead(['form', 'handoff-slip', REFERRAL, '--out', 'printed/slip.pdf'], {cwd: site, env})
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('error SYMLINK')
    expect(fs.readdirSync(elsewhere)).toEqual([])
  })
})

describe('lead export --output', () => {
  it('refuses a file that is a link, and leaves its target alone', () => {
    const out = tempDir('lead-out-')
    fs.writeFileSync(path.join(out, 'target.txt'), 'keep me\n')
    fs.symlinkSync(path.join(out, 'target.txt'), path.join(out, 'referrals.csv'))
    const r = runLead(['export', 'referral', '--output', path.join(out, 'referrals.csv')], {cwd: site, env})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error OUT_IS_LINK')
    expect(fs.readFileSync(path.join(out, 'target.txt'), 'utf8')).toBe('keep me\n')
  })

  it('refuses a linked folder inside the site', () => {
    const elsewhere = tempDir('lead-elsewhere-')
    commitLink('exports', elsewhere)
    const r = runLead(['export', 'referral', '--output', 'exports/referrals.csv'], {cwd: site, env})
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('error SYMLINK')
    expect(fs.readdirSync(elsewhere)).toEqual([])
  })

  it('writes referral rows owner-only, even over a file others could read', () => {
    const out = tempDir('lead-out-')
    const file = path.join(out, 'referrals.csv')
    fs.writeFileSync(file, 'old\n', {mode: 0o644})
    fs.chmodSync(file, 0o644)
    const r = runLead(['export', 'referral', '--output', file], {cwd: site, env})
    expect(r.code, r.stderr).toBe(0)
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^id,/)
    expect(mode(file)).toBe(0o600)
    const fresh = path.join(out, 'consents.csv')
    expect(runLead(['export', 'consent', '--output', fresh], {cwd: site, env}).code).toBe(0)
    expect(mode(fresh)).toBe(0o600)
  })
})

describe('the site lock and records', () => {
  it('a committed .lead -> elsewhere stops a write before anything is written there', () => {
    const elsewhere = tempDir('lead-elsewhere-')
    fs.renameSync(path.join(site, '.lead'), path.join(elsewhere, 'moved'))
    commitLink('.lead', elsewhere)
    const r = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor City PD'], {cwd: site, env})
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/error SYMLINK .*\.lead in the site is a symbolic link/)
    expect(fs.readdirSync(elsewhere)).toEqual(['moved'])
    expect(git(site, ['status', '--porcelain'], env)).toBe('')
  })

  it('lead schema export into a linked .lead/schemas is refused', () => {
    const elsewhere = tempDir('lead-elsewhere-')
    fs.rmSync(path.join(site, '.lead/schemas'), {recursive: true})
    commitLink('.lead/schemas', elsewhere)
    const r = runLead(['schema', 'export', '.lead/schemas'], {cwd: site, env})
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('error SYMLINK')
    expect(fs.readdirSync(elsewhere)).toEqual([])
  })
})
