/**
 * What the CI gate (`lead validate --since`) reads once and takes from where it already is: the
 * base's listing (for the versions its history holds), one `git diff-tree` of the change's commits
 * for both the commit messages and what the commits leave, no blob read for a version that is the
 * change's last state, and each record's schema checked where it is parsed. None of it may change
 * a finding: a fresh clone without a cache (what CI runs), a warm run and a run without the cache
 * find the same, and the base's versions are told apart from the same bytes elsewhere in it.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parseDocument} from 'yaml'
import {cleanupTemp, exampleSite, git, runLead, siteInSubfolder, tempDir, testEnv} from '../support/cli.js'

const env = testEnv()
const AS_OF = ['--as-of', '2026-11-27']
const TYPED = ['555-0134', '555-0199']

afterAll(cleanupTemp)

const noneTyped = (text: string) => {
  for (const t of TYPED) expect(text).not.toContain(t)
}

const referrals = (root: string) => git(root, ['ls-files', 'referrals'], env).split('\n').filter((f) => f !== '')
const read = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), 'utf8')
const write = (root: string, rel: string, text: string) => fs.writeFileSync(path.join(root, rel), text)
const commit = (root: string, message: string) => {
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-q', '--no-verify', '-m', message], env)
}
/** A clone of `root` as CI checks it out: every commit, no parse cache, the base as origin/base. */
function ciClone(root: string): string {
  const dir = path.join(tempDir('lead-ci-'), 'clone')
  git(path.dirname(dir), ['clone', '-q', '--no-single-branch', `file://${root}`, dir], env)
  git(dir, ['checkout', '-q', git(root, ['rev-parse', '--abbrev-ref', 'HEAD'], env).trim()], env)
  expect(fs.existsSync(path.join(dir, '.git', 'lead'))).toBe(false)
  return dir
}
const gate = (cwd: string, base: string, extra: string[] = []) => runLead(['validate', '--since', base, '--json', ...AS_OF, ...extra], {cwd, env})
const codes = (r: ReturnType<typeof gate>) => (r.json() as {diagnostics: Array<{code: string; file: string}>}).diagnostics.map((d) => `${d.file} ${d.code}`)

describe('the versions a change\'s commits leave, against the base', () => {
  /**
   * A site whose base holds two texts with a phone number in them: `inReferrals` as a referral
   * (the base's to answer for) and `elsewhere` as a note outside the record folders, which lead
   * never reads. The change writes each into another referral in turn and takes it out again.
   */
  function change(root: string, site = root): {file: string} {
    const [file, other, third] = referrals(site)
    const inReferrals = read(site, other!).replace(/^participant: .*$/m, '$&\nnotes: call 555-0134')
    write(site, other!, inReferrals)
    const elsewhere = read(site, third!).replace(/^participant: .*$/m, '$&\nnotes: call 555-0199')
    write(site, 'notes.txt', elsewhere)
    commit(root, 'base')
    git(root, ['branch', 'base'], env)
    const before = read(site, file!)
    write(site, file!, inReferrals)
    commit(root, 'one')
    write(site, file!, before)
    commit(root, 'two')
    write(site, file!, elsewhere)
    commit(root, 'three')
    write(site, file!, before)
    commit(root, 'four')
    return {file: file!}
  }

  const judged = (cwd: string, base: string, file: string) => {
    const r = gate(cwd, base)
    expect(r.code, r.stdout + r.stderr).toBe(1)
    // Only what 'three' left: 'one' wrote bytes the base holds in referrals/.
    expect(codes(r)).toEqual([`${file} PII_COMMIT_CONTENT`])
    expect(r.stdout).toContain('a phone number')
    noneTyped(r.stdout + r.stderr)
    return JSON.stringify((r.json() as {diagnostics: unknown}).diagnostics)
  }

  it('one already in the base\'s referrals is not the change\'s; the same bytes outside them are, in the site, a fresh clone and a subfolder', () => {
    const root = exampleSite(env, {warm: true})
    const {file} = change(root)
    const here = judged(root, 'base', file)
    expect(judged(ciClone(root), 'origin/base', file)).toBe(here)
    const mono = siteInSubfolder(exampleSite(env, {warm: true}), 'sites/harbor', env)
    judged(mono.site, 'base', change(mono.top, mono.site).file)
  })

  it('the change\'s last state is judged by validation alone, as it was when each version was read', () => {
    const root = exampleSite(env, {warm: true})
    git(root, ['branch', 'base'], env)
    const [file, other] = referrals(root)
    write(root, file!, read(root, file!).replace(/^participant: .*$/m, '$&\nnotes: call 555-0134'))
    commit(root, 'one')
    fs.appendFileSync(path.join(root, other!), '# tidied\n')
    commit(root, 'two')
    for (const cwd of [root, ciClone(root)]) {
      const r = gate(cwd, cwd === root ? 'base' : 'origin/base')
      expect(codes(r)).toEqual([`${file} PII_PHONE`])
      noneTyped(r.stdout + r.stderr)
    }
  })
})

describe('what the gate asks git before loading the records', () => {
  it('a run refused before judging (merge conflicts in the index, an unknown base) reports that alone', () => {
    const root = exampleSite(env, {warm: true})
    git(root, ['checkout', '-q', '-b', 'other'], env)
    write(root, 'partners/harbor-pd.yaml', read(root, 'partners/harbor-pd.yaml').replace(/^name: .*$/m, 'name: Other Name'))
    commit(root, 'other')
    git(root, ['checkout', '-q', 'main'], env)
    write(root, 'partners/harbor-pd.yaml', read(root, 'partners/harbor-pd.yaml').replace(/^name: .*$/m, 'name: Main Name'))
    // A workflow added too: the gate's own question of git has an answer to give.
    fs.mkdirSync(path.join(root, '.github', 'workflows'), {recursive: true})
    write(root, '.github/workflows/x.yml', 'name: x\n')
    commit(root, 'main')
    try {
      git(root, ['merge', '-q', 'other'], env)
    } catch {
      // the conflict is the point
    }
    const r = runLead(['validate', '--staged', '--since', 'HEAD~1', ...AS_OF], {cwd: root, env})
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('error MERGE_CONFLICT unresolved merge conflicts in partners/harbor-pd.yaml')
    expect(r.stdout + r.stderr).not.toContain('GATE_CHANGED')
    expect(r.stderr).not.toMatch(/Unhandled|PromiseRejection/)
    const unknown = runLead(['validate', '--since', 'no-such-branch', ...AS_OF], {cwd: root, env})
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown revision "no-such-branch"')
  })
})

describe('a fresh clone without the cache (what CI runs)', () => {
  it('finds what a warm run and a run without the cache find, schema findings in changed and unchanged files included', () => {
    const root = exampleSite(env, {warm: true})
    const [unchanged, bad, named, tidied] = referrals(root)
    // The base already has a record that fails its schema; the change leaves it as it is.
    write(root, unchanged!, read(root, unchanged!).replace(/^status: .*$/m, 'status: on_the_moon'))
    commit(root, 'base')
    git(root, ['branch', 'base'], env)
    write(root, bad!, read(root, bad!).replace(/^status: .*$/m, 'status: on_the_moon').replace(/^pathway: .*$/m, 'pathway: 12'))
    commit(root, 'bad status')
    const before = read(root, named!)
    write(root, named!, before.replace(/^participant: .*$/m, '$&\nnotes: call 555-0134'))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', `referral ${path.basename(named!, '.yaml')}: call 555-0199`], env)
    write(root, named!, before)
    commit(root, 'undone')
    fs.appendFileSync(path.join(root, tidied!), '# tidied\n')
    commit(root, 'tidied')
    // An officer taken off the roster: the trainings listing the badge are affected.
    const roster = parseDocument(read(root, 'rosters/harbor-pd.yaml'))
    const officers = roster.get('officers') as {items: Array<{get: (k: string) => unknown}>}
    officers.items = officers.items.filter((o) => o.get('badge') !== '0286')
    write(root, 'rosters/harbor-pd.yaml', roster.toString())
    commit(root, 'roster')

    const clone = ciClone(root)
    const cold = gate(clone, 'origin/base')
    expect(cold.code).toBe(1)
    const found = codes(cold)
    expect(found).toEqual(expect.arrayContaining([`${bad} NOT_ALLOWED`, `${named} PII_COMMIT_CONTENT`, `${named} PII_COMMIT_MESSAGE`, 'trainings/2026-06-17-pd-initial.yaml UNKNOWN_BADGE']))
    expect(found.some((f) => f.startsWith(unchanged!))).toBe(false)
    noneTyped(cold.stdout + cold.stderr)
    expect(fs.existsSync(path.join(clone, '.git', 'lead'))).toBe(true)
    // All but the base's name (origin/base in the clone, base in the site).
    const doc = (r: ReturnType<typeof gate>) => ({...(r.json() as object), since: undefined, policy: undefined})
    for (const [what, again] of [['warm', gate(clone, 'origin/base')], ['no cache', gate(clone, 'origin/base', ['--no-cache'])], ['the warm site', gate(root, 'base')]] as const) {
      expect(again.code, what).toBe(1)
      expect(doc(again), what).toEqual(doc(cold))
    }
    // Every format prints the same from a cold clone as from a warm one.
    for (const format of ['text', 'github', 'junit']) {
      const args = ['validate', '--since', 'origin/base', '--format', format, ...AS_OF]
      const fresh = ciClone(root)
      const first = runLead(args, {cwd: fresh, env})
      expect(runLead(args, {cwd: fresh, env}).stdout, format).toBe(first.stdout)
    }
    // What the pre-commit hook judges: the staged change, cold and warm alike.
    fs.rmSync(path.join(clone, '.git', 'lead'), {recursive: true})
    write(clone, unchanged!, read(clone, unchanged!).replace(/^status: .*$/m, 'status: enrolled'))
    write(clone, tidied!, read(clone, tidied!).replace(/^pathway: .*$/m, 'pathway: nowhere'))
    git(clone, ['add', '-A'], env)
    const staged = () => runLead(['validate', '--staged', '--since', 'HEAD', '--json', ...AS_OF], {cwd: clone, env})
    const first = staged()
    expect(codes(first)).toContain(`${tidied} NOT_ALLOWED`)
    expect(staged().stdout).toBe(first.stdout)
  })
})
