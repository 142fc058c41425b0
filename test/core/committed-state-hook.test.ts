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
