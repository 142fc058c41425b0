/**
 * lead's pre-commit hook starts no second lead for a commit lead itself makes when the write judged
 * exactly what the hook would (write/hook-check.ts, git/staged-check.ts), and runs its check for
 * anything else: another file differing from HEAD, a kind the review rules judge, an error the
 * written file keeps, a value that does not vouch for what git lists as staged.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {stagedCheckedValue} from '../../src/core/git/staged-check.js'
import {cleanupTemp, exampleSite, git, runLead, siteInSubfolder, tempDir, testEnv} from '../support/cli.js'
import {clockAtMinute, clockAtNoon} from '../support/shifted-clock.js'

// At noon on the site's clock (lead.yaml: America/Los_Angeles): a write judged in the five minutes
// before the site's midnight never vouches for its commit (write/hook-check.ts), and these tests
// must not depend on the hour they run at.
const env = clockAtNoon(testEnv(), 'America/Los_Angeles')
afterAll(cleanupTemp)

const REFERRAL = 'referrals/2026/r-2026-01-17-wvy892.yaml'
const OTHER = 'referrals/2026/r-2026-01-08-z66mn9.yaml'
const RUN = path.resolve('bin/run.js')

/** The site with lead's hooks, its pre-commit hook noting each run that gets past the skip (in `ran`). */
function hooked(root = exampleSite(env, {warm: true}), cwd = root): {root: string; ran: string} {
  const r = runLead(['hooks', 'install', '--json'], {cwd: root, env})
  expect(r.code, r.stderr).toBe(0)
  const hook = path.resolve(cwd, git(cwd, ['rev-parse', '--git-path', 'hooks/pre-commit'], env).trim())
  const ran = path.join(tempDir('lead-ran-'), 'pre-commit-ran')
  const text = fs.readFileSync(hook, 'utf8').replace(/^(if \[ -n "\$\{LEAD_STAGED_CHECKED:-\}" \].*; then exit 0; fi)$/m, `$1\necho ran >> '${ran}'`)
  expect(text).toContain('echo ran')
  fs.writeFileSync(hook, text)
  return {root, ran}
}

const runs = (ran: string) => (fs.existsSync(ran) ? fs.readFileSync(ran, 'utf8').split('\n').filter(Boolean).length : 0)
const lead = (root: string, args: string[]) => runLead(args, {cwd: root, env})
const head = (root: string) => git(root, ['rev-parse', 'HEAD'], env).trim()

/** The check the hook makes, run on what a commit changed: it must pass whatever was skipped. */
function checkedAsHook(root: string): void {
  const r = lead(root, ['validate', '--since', 'HEAD~1'])
  expect(r.code, r.stdout + r.stderr).toBe(0)
}

/** A filter whose clean side moves a consent's signature a day, the consents committed through it: git finds them unchanged, their blobs say the 4th. */
function shiftSignatures(root: string): void {
  git(root, ['config', 'filter.shift.clean', `sed 's/^signed: "2025-06-03"/signed: "2025-06-04"/'`], env)
  git(root, ['config', 'filter.shift.smudge', 'cat'], env)
  git(root, ['add', '--renormalize', 'consents'], env)
  git(root, ['commit', '-q', '--no-verify', '-m', 'a filter'], env)
}

/** On a site git finds clean, a set of the referral naming that consent runs the hook's check, which refuses the commit. */
function refusedByTheCheck(root: string, ran: string): void {
  expect(git(root, ['status', '--porcelain'], env)).toBe('')
  const before = head(root)
  const set = lead(root, ['set', 'r-2025-06-03-cv4zgx', 'notes=Seen again.'])
  expect(runs(ran)).toBe(1)
  expect(set.code).not.toBe(0)
  expect(head(root)).toBe(before)
}

/** A set of the referral commits with no check run, and the commit passes the check the hook would have made. */
function setWithoutTheCheck(root: string, ran: string, assignment: string): void {
  const set = lead(root, ['set', 'r-2026-01-17-wvy892', assignment])
  expect(set.code, set.stderr).toBe(0)
  expect(runs(ran)).toBe(0)
  checkedAsHook(root)
}

/** A referral file committed with an error (--no-verify: the hook would refuse it). */
function commitInvalid(root: string, file: string): void {
  const abs = path.join(root, file)
  fs.writeFileSync(abs, fs.readFileSync(abs, 'utf8').replace(/^status: .*$/m, 'status: misplaced'))
  git(root, ['commit', '-q', '--no-verify', '-am', 'an invalid referral'], env)
}

describe("lead's pre-commit hook and lead's own commits", () => {
  it('starts no lead for a referral set, or a referral added, on a site clean but for them', () => {
    const {root, ran} = hooked()
    setWithoutTheCheck(root, ran, 'notes=Called back on Tuesday.')
    const entered = path.join(tempDir('lead-entered-'), 'referral.yaml')
    fs.writeFileSync(entered, fs.readFileSync(path.join(root, OTHER), 'utf8').replace(/^id: .*\n/m, ''))
    const added = lead(root, ['new', 'referral', '--file', entered])
    expect(added.code, added.stderr).toBe(0)
    expect(runs(ran)).toBe(0)
    checkedAsHook(root)
  })

  it('runs its check for a partner, beside another edit, beside an untracked consent, and for a written file that keeps an error', () => {
    const {root, ran} = hooked()
    expect(lead(root, ['set', 'partner', 'harbor-pd', 'website=https://police.harbor.example.org']).code).toBe(0)
    expect(runs(ran)).toBe(1)

    fs.appendFileSync(path.join(root, OTHER), '# looked at\n')
    expect(lead(root, ['set', 'r-2026-01-17-wvy892', 'notes=Beside an edit.']).code).toBe(0)
    expect(runs(ran)).toBe(2)
    git(root, ['checkout', '--', OTHER], env)

    fs.copyFileSync(path.join(root, 'consents/c-2025-06-03-5el0oe.yaml'), path.join(root, 'consents/c-2026-12-01-aaaaaa.yaml'))
    expect(lead(root, ['set', 'r-2026-01-17-wvy892', 'notes=Beside a new consent.']).code).toBe(0)
    expect(runs(ran)).toBe(3)
    fs.rmSync(path.join(root, 'consents/c-2026-12-01-aaaaaa.yaml'))

    // The write keeps an error it did not bring in; the hook judges the file whole and refuses it.
    commitInvalid(root, REFERRAL)
    const before = head(root)
    const kept = lead(root, ['set', 'r-2026-01-17-wvy892', 'notes=Still misplaced.'])
    expect(runs(ran)).toBe(4)
    expect(kept.code).not.toBe(0)
    expect(head(root)).toBe(before)
  })

  it('starts none when the only errors are ones the site had before, elsewhere', () => {
    const {root, ran} = hooked()
    commitInvalid(root, OTHER)
    expect(lead(root, ['validate']).code).toBe(1)
    setWithoutTheCheck(root, ran, 'notes=Despite the other one.')
  })

  it('runs its check when a file that had an error gains a warning: the hook reports such a file whole', () => {
    const {root, ran} = hooked()
    // The site grades a consent signed after the referral as a warning; a referral naming that consent has an error already.
    fs.appendFileSync(path.join(root, 'lead.yaml'), 'rules:\n  CONSENT_NOT_YET_SIGNED: warning\n')
    const referral = path.join(root, 'referrals/2025/r-2025-06-03-cv4zgx.yaml')
    fs.writeFileSync(referral, fs.readFileSync(referral, 'utf8').replace('badge: "0356"', 'badge: "9999"'))
    git(root, ['commit', '-q', '--no-verify', '-am', 'a referral with an unknown badge'], env)
    const before = head(root)
    // Signed the day after the referral: the referral gains a warning, and the hook reports its old error with it.
    const set = lead(root, ['set', 'consent', 'c-2025-06-03-5el0oe', 'signed=2025-06-04'])
    expect(runs(ran)).toBe(1)
    if (head(root) !== before) checkedAsHook(root)
    expect(set.code).not.toBe(0)
  })

  it('runs its check when git converts a file: the working tree may hold other bytes than the blob the hook reads', () => {
    const {root, ran} = hooked()
    // A filter whose clean side moves a consent's signature a day: git finds the file unchanged, its blob says the 4th.
    fs.writeFileSync(path.join(root, '.gitattributes'), 'consents/*.yaml filter=shift\n')
    git(root, ['add', '.gitattributes'], env)
    shiftSignatures(root)
    // The hook judged the blob: a consent signed after the referral.
    refusedByTheCheck(root, ran)
  })

  it('starts none when the only filter is for files no record can be (scanned PDFs kept in LFS)', () => {
    const {root, ran} = hooked()
    fs.writeFileSync(path.join(root, '.gitattributes'), '# scanned MOUs\n*.pdf filter=lfs diff=lfs merge=lfs -text\n')
    git(root, ['add', '.gitattributes'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'PDFs in LFS'], env)
    setWithoutTheCheck(root, ran, 'notes=Beside the scans.')
  })

  it("runs its check when the user's own attributes file, which every repository of theirs reads, names a filter", () => {
    const {root, ran} = hooked()
    const user = path.join(env.HOME!, '.config', 'git', 'attributes')
    fs.mkdirSync(path.dirname(user), {recursive: true})
    fs.writeFileSync(user, 'consents/*.yaml filter=shift\n')
    try {
      shiftSignatures(root)
      refusedByTheCheck(root, ran)
    } finally {
      fs.rmSync(user)
    }
  })

  it('runs its check when the index holds a link the working tree holds as a plain file (core.symlinks=false)', () => {
    const {root, ran} = hooked()
    // A consent committed as a link (made on another machine), checked out where git writes a link as a plain file holding its target.
    const consent = 'consents/c-2025-06-03-5el0oe.yaml'
    fs.writeFileSync(path.join(root, consent), '../../shared/c-2025-06-03-5el0oe.yaml')
    const oid = git(root, ['hash-object', '-w', consent], env).trim()
    git(root, ['config', 'core.symlinks', 'false'], env)
    git(root, ['update-index', '--cacheinfo', `120000,${oid},${consent}`], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'a consent as a link'], env)
    // The referral naming it: the working tree's consent is a file that is no record (NOT_A_RECORD, the site's
    // already), the index's a link, which names no consent (UNKNOWN_CONSENT in the referral).
    refusedByTheCheck(root, ran)
  })

  it("runs its check for a write judged in the last five minutes of the site's day (the hook may judge the next)", () => {
    const {root, ran} = hooked()
    const late = clockAtMinute(env, 'America/Los_Angeles', 23 * 60 + 57)
    const set = runLead(['set', 'r-2026-01-17-wvy892', 'notes=Late in the day.'], {cwd: root, env: late})
    expect(set.code, set.stderr).toBe(0)
    expect(runs(ran)).toBe(1)
  })

  it('starts none for a site in a subfolder of its repository', () => {
    const {top, site} = siteInSubfolder(exampleSite(env, {warm: true}), 'sites/harbor', env)
    const {ran} = hooked(site, top)
    setWithoutTheCheck(site, ran, 'notes=From below the top.')
  })

  it("runs its check for git's own commits, and when the value does not vouch for what is staged", () => {
    const {root, ran} = hooked()
    const abs = path.join(root, REFERRAL)
    fs.writeFileSync(abs, fs.readFileSync(abs, 'utf8').replace(/^status: .*$/m, 'status: misplaced'))
    git(root, ['add', REFERRAL], env)
    const commit = (extra: NodeJS.ProcessEnv) => spawnSync('git', ['commit', '-q', '-m', 'referral: status'], {cwd: root, env: {...env, ...extra}, encoding: 'utf8'})
    expect(commit({}).status).not.toBe(0)
    expect(runs(ran)).toBe(1)
    // A value naming this lead but another listing (HEAD's own commit, nothing staged) is no pass.
    const forged = stagedCheckedValue('0'.repeat(40), RUN)
    expect(commit({LEAD_STAGED_CHECKED: forged}).status).not.toBe(0)
    expect(runs(ran)).toBe(2)
  })

  it('runs its check when a file git finds unchanged held other bytes than its blob, and was read so', async () => {
    const {root, ran} = hooked()
    // git trusts size and times (core.trustctime=false): a same-length edit with the old mtime is not seen.
    git(root, ['config', 'core.trustctime', 'false'], env)
    await new Promise((resolve) => setTimeout(resolve, 1100)) // the index written after the files: none racily clean
    git(root, ['update-index', '-q', '--refresh'], env)
    const consent = path.join(root, 'consents/c-2025-06-03-5el0oe.yaml')
    const {atime, mtime} = fs.statSync(consent)
    fs.writeFileSync(consent, fs.readFileSync(consent, 'utf8').replace('# A multi-party', '# A multi-PARTY'))
    fs.utimesSync(consent, atime, mtime)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    // Nothing remembered of its blob: the write reads the file, whose bytes are not the blob git vouched for.
    fs.rmSync(path.join(root, '.git', 'lead'), {recursive: true, force: true})
    const set = lead(root, ['set', 'r-2026-01-17-wvy892', 'notes=Beside a file git does not see changed.'])
    expect(set.code, set.stderr).toBe(0)
    expect(runs(ran)).toBe(1)
  })
})
