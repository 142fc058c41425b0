/**
 * A commit from the index taken back (a pre-commit hook staged a record of its own), then made
 * again with --only while another git process holds index.lock: the retry must still count the
 * commit as unsure (committedOnly), or the state's findings are remembered for content the hook
 * wrote and no validation judged.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
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

describe('a commit taken back, made again after waiting for index.lock', () => {
  it('is not remembered as judged', async () => {
    const root = exampleSite(env)
    const hooks = path.join(root, '.git', 'hooks')
    const once = path.join(root, '..', 'locked-once')
    // Deterministic: every run stages the same rewritten record (one the schema refuses).
    fs.writeFileSync(path.join(hooks, 'pre-commit'), `#!/bin/sh\nsed -i 's/^type: law_enforcement$/type: rewritten-by-hook/' partners/harbor-pd.yaml && git add -- partners/harbor-pd.yaml\nexit 0\n`, {mode: 0o755})
    // After the first commit, another git process holds the index for a moment.
    fs.writeFileSync(path.join(hooks, 'post-commit'), `#!/bin/sh\n[ -e '${once}' ] && exit 0\ntouch '${once}'\ntouch .git/index.lock\n(sleep 0.25; rm -f .git/index.lock) >/dev/null 2>&1 &\nexit 0\n`, {mode: 0o755})
    await writeRecords(readSite(root), [{kind: 'partner', id: 'hooked', file: 'partners/hooked.yaml', text: 'id: hooked\nname: Test hooked\ntype: other\n', base: null}], {message: 'partner: add', asOf: AS_OF})
    expect(git(root, ['reflog', '--format=%gs', 'HEAD'], env).split('\n')).toContain('lead: commit again without what was staged meanwhile')
    expect(git(root, ['grep', '-l', 'type: rewritten-by-hook', 'HEAD', '--', 'partners'], env)).not.toBe('')
    fs.rmSync(cacheFile(root)!, {force: true})
    const result = await validateSite(readSite(root), {asOf: AS_OF})
    const fresh = await validateSite(readSite(root), {asOf: AS_OF, cache: false})
    expect(fresh.errors).toBeGreaterThan(0)
    expect(JSON.stringify(findings(result))).toBe(JSON.stringify(findings(fresh)))
  })
})
