/**
 * A validation over a site nobody changed is answered from the memo keyed by the working tree's
 * digest (records/state-memo.ts), without a record built; anything the findings depend on makes
 * it judge again. Every answer is compared with a validation that uses no cache at all.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cacheFile} from '../../src/core/records/parse-cache.js'
import {readSite} from '../../src/core/site.js'
import {validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {validationCounts} from '../../src/core/validate/site-findings.js'
import {cleanupTemp, editSiteFile, exampleSite, git, testEnv, writeSiteFile, useGitEnv} from '../support/cli.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const AS_OF = '2026-11-27'
const REFERRAL = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
const findings = (r: ValidationResult) => [r.files, r.checkedFiles.join(' '), ...r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message} ${d.excerpt ?? ''}`)]

/** Validate with the memo, after removing the parse cache: true when the answer came from the memo (no record was loaded). */
async function judged(root: string, asOf = AS_OF): Promise<{fromMemo: boolean; same: boolean; result: ValidationResult}> {
  fs.rmSync(cacheFile(root)!, {force: true})
  const result = await validateSite(readSite(root), {asOf})
  const fromMemo = !fs.existsSync(cacheFile(root)!)
  const fresh = await validateSite(readSite(root), {asOf, cache: false})
  return {fromMemo, same: JSON.stringify(findings(result)) === JSON.stringify(findings(fresh)), result}
}

describe('the memo of a whole validation', () => {
  it('answers while nothing changed, and judges again after any change the findings depend on', async () => {
    const root = exampleSite(env)
    writeSiteFile(root, 'partners/broken.yaml', 'id: broken\nname: Broken\ntype: martian\n')
    expect(await judged(root)).toMatchObject({fromMemo: false, same: true})
    const again = await judged(root)
    expect(again).toMatchObject({fromMemo: true, same: true})
    expect(findings(again.result).join('\n')).toContain('partners/broken.yaml:3:7 error NOT_ALLOWED')
    const results = fs.readdirSync(path.dirname(cacheFile(root)!)).filter((f) => /^memo-validate-[0-9a-f]{40}-/.test(f))
    expect(results).toHaveLength(1)
    for (const f of results) expect(fs.statSync(path.join(path.dirname(cacheFile(root)!), f)).mode & 0o777).toBe(0o600)

    const partners = fs.readdirSync(path.join(root, 'partners')).filter((f) => f !== 'broken.yaml')
    const changes: Array<[string, () => void]> = [
      ['an untracked record, same size, same moment', () => editSiteFile(root, 'partners/broken.yaml', 'martian', 'martial')],
      ['a tracked record, same size', () => editSiteFile(root, REFERRAL, 'status: enrolled', 'status: eligible')],
      ['a record staged', () => git(root, ['add', REFERRAL])],
      ['a record deleted', () => fs.rmSync(path.join(root, 'partners', partners[0]!))],
      ['git told not to look at a record', () => git(root, ['update-index', '--assume-unchanged', `partners/${partners[1]!}`])],
      ['that record changed', () => editSiteFile(root, `partners/${partners[1]!}`, /^type: .*$/m, 'type: marsian')],
      ['a stray YAML file', () => writeSiteFile(root, 'docs/mkdocs.yml', 'site_name: x\n')],
      ['a record whose file name holds a line break', () => fs.copyFileSync(path.join(root, REFERRAL), path.join(root, 'referrals/2026/r-2026-11-03-k3f9q2\nx.yaml'))],
      ['lead.yaml', () => fs.appendFileSync(path.join(root, 'lead.yaml'), 'rules:\n  STRAY_YAML: off\n')],
      ['a commit', () => git(root, ['commit', '-qam', 'changes'])],
    ]
    for (const [what, change] of changes) {
      change()
      expect({what, ...(await judged(root))}).toMatchObject({what, fromMemo: false, same: true})
      expect({what, ...(await judged(root))}).toMatchObject({what, fromMemo: true, same: true})
    }
    expect({fromMemo: (await judged(root, '2027-06-01')).fromMemo}).toEqual({fromMemo: false})
  })

  it('never answers for a site with an ignored folder, and judges the schema copies afresh', async () => {
    const root = exampleSite(env)
    writeSiteFile(root, '.gitignore', '.lead/\nmous/drafts/\n')
    writeSiteFile(root, 'mous/drafts/m-draft.yaml', 'id: m-draft\n')
    await judged(root)
    expect(await judged(root)).toMatchObject({fromMemo: false, same: true})
    fs.rmSync(path.join(root, 'mous', 'drafts'), {recursive: true})
    expect(await judged(root)).toMatchObject({fromMemo: false, same: true})
    expect(await judged(root)).toMatchObject({fromMemo: true, same: true})
    writeSiteFile(root, '.lead/schemas/referral.schema.json', '{}')
    const stale = await judged(root)
    expect(stale).toMatchObject({fromMemo: true, same: true})
    expect(findings(stale.result).join('\n')).toContain('SCHEMAS_OUTDATED')
  })

  it('gives status the counts a validation gives, from the memo\'s findings without its list of checked files', async () => {
    const root = exampleSite(env)
    writeSiteFile(root, 'partners/broken.yaml', 'id: broken\nname: Broken\ntype: martian\n')
    const counts = (r: {errors: number; warnings: number}) => ({errors: r.errors, warnings: r.warnings})
    const fresh = async () => counts(await validateSite(readSite(root), {asOf: AS_OF, cache: false}))
    // No memo yet: it validates (and remembers).
    expect(counts(await validationCounts(readSite(root), {asOf: AS_OF}))).toEqual(await fresh())
    expect((await fresh()).errors).toBeGreaterThan(0)
    // From the memo: no record loaded (the parse cache stays gone), and the list of files unread.
    fs.rmSync(cacheFile(root)!, {force: true})
    const dir = path.dirname(cacheFile(root)!)
    const lists = () => fs.readdirSync(dir).filter((f) => f.startsWith('validate-files-'))
    expect(lists()).toHaveLength(1)
    for (const list of lists()) fs.rmSync(path.join(dir, list))
    expect(counts(await validationCounts(readSite(root), {asOf: AS_OF}))).toEqual(await fresh())
    expect(fs.existsSync(cacheFile(root)!)).toBe(false)
    expect(lists()).toEqual([])
    // The site's stale schema copies count, judged afresh as validateSite judges them.
    const before = counts(await validationCounts(readSite(root), {asOf: AS_OF}))
    writeSiteFile(root, '.lead/schemas/referral.schema.json', '{}')
    writeSiteFile(root, '.gitignore', '.lead/\n')
    git(root, ['add', '.gitignore'])
    await validateSite(readSite(root), {asOf: AS_OF})
    const withStale = await validationCounts(readSite(root), {asOf: AS_OF})
    expect(counts(withStale)).toEqual(await fresh())
    expect(counts(withStale)).not.toEqual(before)
  })
})
