/**
 * The write path remembers the findings of the state it validated under the digest git's next
 * answer gives (write/committed-state.ts). A pre-commit hook may rewrite what lead wrote and stage
 * it again (lint-staged, a YAML formatter), or stage a file of its own: with an import's plain
 * commit, the commit, the index and the working tree then hold content no validation judged, and
 * git's next status is clean. Those findings must not be remembered for that state: the next
 * validation works it out (as one without the cache does).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it, vi} from 'vitest'
import {addDays, today} from '../../src/core/clock/dates.js'
import {cacheFile} from '../../src/core/records/parse-cache.js'
import {readSite} from '../../src/core/site.js'
import {validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {cleanupTemp, exampleSite, git, testEnv, useGitEnv} from '../support/cli.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const AS_OF = '2026-11-27'
const findings = (r: ValidationResult) => [r.files, ...r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`)]

/** Validate with the memo after removing the parse cache (fromMemo: no record was loaded), and without any cache. */
async function judged(root: string): Promise<{fromMemo: boolean; errors: number; same: boolean}> {
  fs.rmSync(cacheFile(root)!, {force: true})
  const result = await validateSite(readSite(root), {asOf: AS_OF})
  const fromMemo = !fs.existsSync(cacheFile(root)!)
  const fresh = await validateSite(readSite(root), {asOf: AS_OF, cache: false})
  return {fromMemo, errors: fresh.errors, same: JSON.stringify(findings(result)) === JSON.stringify(findings(fresh))}
}

/** Pre-commit hooks, each setting a partner's type to one its schema refuses and staging the file. */
const HOOKS = {
  // A formatter of the staged files (lint-staged): lead's own files.
  'rewrites the files lead wrote': `for f in $(git diff --cached --name-only --diff-filter=AM -- 'partners/*.yaml'); do
  sed -i 's/^type: other$/type: rewritten-by-hook/' "$f" && git add -- "$f"
done`,
  // A hook that updates a file of its own (here another record) in the same commit.
  'stages another record': `sed -i 's/^type: law_enforcement$/type: rewritten-by-hook/' partners/harbor-pd.yaml && git add -- partners/harbor-pd.yaml`,
}

function installHook(root: string, script: string): void {
  const hook = path.join(root, '.git', 'hooks', 'pre-commit')
  fs.mkdirSync(path.dirname(hook), {recursive: true})
  fs.writeFileSync(hook, `#!/bin/sh\n${script}\nexit 0\n`, {mode: 0o755})
}

describe('a pre-commit hook that changes what is committed', () => {
  const partner = (id: string) => ({kind: 'partner' as const, id, file: `partners/${id}.yaml`, text: `id: ${id}\nname: Test ${id}\ntype: other\n`, base: null})

  describe.each(Object.entries(HOOKS))('one that %s', (_, script) => {
    it.each([
      ['one file (a commit from the index; --only when it took in more)', 1],
      ['80 files in one commit (fast-import, update-index)', 80],
    ])('%s: the state is validated afresh, not answered from the findings of what lead judged', async (_, count) => {
      const root = exampleSite(env)
      expect(await judged(root)).toMatchObject({same: true, errors: 0})
      installHook(root, script)
      await writeRecords(readSite(root), Array.from({length: count}, (_, i) => partner(`hooked-${i}`)), {message: 'partner: add', asOf: AS_OF})
      // The hook's content is what git committed.
      expect(git(root, ['grep', '-l', 'type: rewritten-by-hook', 'HEAD', '--', 'partners'], env)).not.toBe('')
      const after = await judged(root)
      expect(after.errors, "the hook's type fails the schema").toBeGreaterThan(0)
      expect(after.same, 'a remembered answer agrees with a validation without cache').toBe(true)
    })
  })
})

describe('a write whose commit crosses midnight in the site\'s zone', () => {
  it('remembers its findings under the day it judged them as of, not the day the commit ended on', async () => {
    const root = exampleSite(env)
    const zone = 'America/Los_Angeles' // the example site's
    const day = today(zone)
    // An OWG meeting planned for today: nothing to say of it today, MEETING_NOT_RECORDED tomorrow.
    const meeting = fs.readFileSync(path.join(root, 'meetings/2026/owg-2026-12-01.yaml'), 'utf8').replaceAll('2026-12-01', day)
    fs.mkdirSync(path.join(root, `meetings/${day.slice(0, 4)}`), {recursive: true})
    fs.writeFileSync(path.join(root, `meetings/${day.slice(0, 4)}/owg-${day}.yaml`), meeting)
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'meeting today'], env)
    // The hook marks the moment git commits; from then on this process's clock reads a day later.
    const marker = path.join(root, '.git', 'midnight-passed')
    installHook(root, `touch ${JSON.stringify(marker)}`)
    const realNow = Date.now.bind(Date)
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + (fs.existsSync(marker) ? 86_400_000 : 0))
    const file = 'referrals/2026/r-2026-11-25-v3l3ie.yaml'
    const base = fs.readFileSync(path.join(root, file), 'utf8')
    try {
      await writeRecords(readSite(root), [{kind: 'referral', id: 'r-2026-11-25-v3l3ie', file, text: base.replace(/^district: .*$/m, 'district: D2'), base}], {message: 'referral: set district'})
    } finally {
      clock.mockRestore()
    }
    expect(fs.existsSync(marker), 'the hook ran').toBe(true)
    const tomorrow = addDays(day, 1)
    const remembered = await validateSite(readSite(root), {asOf: tomorrow})
    const fresh = await validateSite(readSite(root), {asOf: tomorrow, cache: false})
    expect(fresh.diagnostics.some((d) => d.code === 'MEETING_NOT_RECORDED' && d.file.endsWith(`owg-${day}.yaml`))).toBe(true)
    expect(findings(remembered)).toEqual(findings(fresh))
  })
})

describe('a post-commit hook that commits on top of lead\'s commit', () => {
  it.each([
    ['from the index (commit --include)', false],
    ['with something else staged (commit --only)', true],
  ])('%s: both commits stay on the branch, lead reports its own, and nothing is remembered for the state the hook left', async (_, stageOther) => {
    const root = exampleSite(env)
    expect(await judged(root)).toMatchObject({same: true, errors: 0})
    const marker = path.join(root, '.git', 'hooked')
    // Once: it runs again on its own commit. It changes a partner to a type its schema refuses.
    const hook = path.join(root, '.git', 'hooks', 'post-commit')
    fs.writeFileSync(hook, `#!/bin/sh
[ -f ${JSON.stringify(marker)} ] && exit 0
touch ${JSON.stringify(marker)}
sed -i 's/^type: law_enforcement$/type: rewritten-by-hook/' partners/harbor-pd.yaml
git commit -qm 'hook: its own commit' -- partners/harbor-pd.yaml
`, {mode: 0o755})
    if (stageOther) {
      fs.writeFileSync(path.join(root, 'notes.txt'), 'staged, not lead\'s\n')
      git(root, ['add', 'notes.txt'], env)
    }
    const before = git(root, ['rev-parse', 'HEAD'], env).trim()
    const made = await writeRecords(readSite(root), [{kind: 'partner', id: 'hooked', file: 'partners/hooked.yaml', text: 'id: hooked\nname: Test hooked\ntype: other\n', base: null}], {message: 'partner: add hooked', asOf: AS_OF})
    const log = git(root, ['log', '--format=%H %s', `${before}..HEAD`], env).trim().split('\n')
    expect(log.map((l) => l.slice(41))).toEqual(['hook: its own commit', 'partner: add hooked'])
    expect(made.commit).toBe(log[1]!.slice(0, 40))
    expect(git(root, ['show', '--name-only', '--format=', made.commit!], env).trim()).toBe('partners/hooked.yaml')
    const after = await judged(root)
    expect(after.errors, "the hook's type fails the schema").toBeGreaterThan(0)
    expect(after.same, 'a remembered answer agrees with a validation without cache').toBe(true)
  })
})
