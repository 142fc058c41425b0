/**
 * The write path remembers the findings of the state it validated under the digest git's next
 * answer gives (write/committed-state.ts). A pre-commit hook may rewrite what lead wrote and stage
 * it again (lint-staged, a YAML formatter): the commit, the index and the working tree then hold
 * the hook's content, which no validation judged. The findings of lead's own text must not be
 * remembered for that state: the next validation works it out (as one without the cache).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cacheFile} from '../../src/core/records/parse-cache.js'
import {readSite} from '../../src/core/site.js'
import {validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {cleanupTemp, exampleSite, git, testEnv} from '../support/cli.js'

const env = testEnv()
Object.assign(process.env, {GIT_AUTHOR_NAME: env.GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL: env.GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME: env.GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL: env.GIT_COMMITTER_EMAIL, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})
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

/** A pre-commit hook that rewrites every staged partner's type (to one its schema refuses) and stages it again. */
function installRewritingHook(root: string): void {
  const hook = path.join(root, '.git', 'hooks', 'pre-commit')
  fs.mkdirSync(path.dirname(hook), {recursive: true})
  fs.writeFileSync(hook, `#!/bin/sh
for f in $(git diff --cached --name-only --diff-filter=AM -- 'partners/*.yaml'); do
  sed -i 's/^type: other$/type: rewritten-by-hook/' "$f" && git add -- "$f"
done
exit 0
`, {mode: 0o755})
}

describe('a pre-commit hook that rewrites what lead wrote', () => {
  const partner = (id: string) => ({kind: 'partner' as const, id, file: `partners/${id}.yaml`, text: `id: ${id}\nname: Test ${id}\ntype: other\n`, base: null})

  it.each([
    ['one file (git commit --only)', 1],
    ['80 files in one commit (fast-import, update-index)', 80],
  ])('%s: its content is validated afresh, not answered from the findings of lead\'s text', async (_, count) => {
    const root = exampleSite(env)
    expect(await judged(root)).toMatchObject({same: true, errors: 0})
    installRewritingHook(root)
    await writeRecords(readSite(root), Array.from({length: count}, (_, i) => partner(`hooked-${i}`)), {message: 'partner: add', asOf: AS_OF})
    // The hook's content is what git holds now.
    expect(git(root, ['show', 'HEAD:partners/hooked-0.yaml'], env)).toContain('type: rewritten-by-hook')
    const after = await judged(root)
    expect(after.errors, 'the hook\'s type fails the schema').toBeGreaterThanOrEqual(count)
    expect(after.same, 'a remembered answer agrees with a validation without cache').toBe(true)
  })
})
