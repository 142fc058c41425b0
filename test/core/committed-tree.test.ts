/**
 * A write commits HEAD with the files it writes, and nothing else of the working tree: when the
 * change is valid only because of something uncommitted (a consent file not yet added, a staged
 * one, an edit of lead.yaml), committing it alone would leave an error in the site's history. The
 * write path judges that commit too and refuses (COMMIT_INVALID, exit 3), writing nothing.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {validateSite} from '../../src/core/validate/site-validation.js'
import {basisFile, deltaRuns} from '../../src/core/validate/delta-basis.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {commitJudgements} from '../../src/core/write/committed-tree.js'
import {cleanupTemp, exampleSite, git, testEnv, useGitEnv} from '../support/cli.js'
import {refused} from '../support/lead-error.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const AS_OF = '2026-11-27'
const REFERRAL = {kind: 'referral' as const, id: 'r-2026-01-08-z66mn9', file: 'referrals/2026/r-2026-01-08-z66mn9.yaml'}
const CONSENT = 'c-2026-01-08-3gsa3a'
const OTHER = 'c-2026-01-08-zzzzzz'

/** The referral set to name another consent, as `lead set REFERRAL consent=ID` would. */
function naming(root: string, consent: string) {
  const base = fs.readFileSync(path.join(root, REFERRAL.file), 'utf8')
  return {...REFERRAL, text: base.replace(`consent: ${CONSENT}`, `consent: ${consent}`), base}
}

/** A copy of the referral's consent under another ID: the same participant, as valid. */
function copyConsent(root: string): string {
  const file = `consents/${OTHER}.yaml`
  fs.writeFileSync(path.join(root, file), fs.readFileSync(path.join(root, `consents/${CONSENT}.yaml`), 'utf8').replace(`id: ${CONSENT}`, `id: ${OTHER}`))
  return file
}

const head = (root: string) => git(root, ['rev-parse', 'HEAD'], env).trim()
const committedErrors = async (root: string) => {
  const clone = path.join(path.dirname(root), `clone-${Math.random().toString(36).slice(2)}`)
  git(path.dirname(root), ['clone', '-q', root, clone], env)
  return (await validateSite(readSite(clone), {asOf: AS_OF, cache: false})).errors
}

describe('a change valid only with something uncommitted', () => {
  it.each([
    ['a consent file not yet added to git', (_root: string) => undefined],
    ['a consent staged but not committed', (root: string) => git(root, ['add', `consents/${OTHER}.yaml`], env)],
  ])('is refused when it names %s: nothing written, the consent left as it was', async (_, stage) => {
    const root = exampleSite(env)
    const file = copyConsent(root)
    stage(root)
    const status = git(root, ['status', '--porcelain'], env)
    const before = head(root)
    const change = naming(root, OTHER)
    const error = await refused(writeRecords(readSite(root), [change], {message: 'referral: set consent', asOf: AS_OF}))
    expect(error).toMatchObject({code: 'COMMIT_INVALID', exit: 3})
    expect(error.message).toContain(file)
    expect(error.hint).toContain('UNKNOWN_CONSENT')
    expect(head(root)).toBe(before)
    expect(fs.readFileSync(path.join(root, REFERRAL.file), 'utf8')).toBe(change.base)
    expect(git(root, ['status', '--porcelain'], env)).toBe(status)
    // Written without a commit, the working tree is valid as judged; committed with the consent, so is HEAD.
    await writeRecords(readSite(root), [change], {message: 'referral: set consent', asOf: AS_OF, commit: false})
    git(root, ['add', file, REFERRAL.file], env)
    git(root, ['commit', '-qm', 'consent and referral'], env)
    expect(await committedErrors(root)).toBe(0)
  })

  it('is refused just the same when lead does not take git\'s early answer (LEAD_GIT_STATE=off: the folders walked)', async () => {
    const root = exampleSite(env)
    copyConsent(root)
    process.env.LEAD_GIT_STATE = 'off'
    try {
      const error = await refused(writeRecords(readSite(root), [naming(root, OTHER)], {message: 'referral: set consent', asOf: AS_OF}))
      expect(error).toMatchObject({code: 'COMMIT_INVALID', exit: 3})
    } finally {
      delete process.env.LEAD_GIT_STATE
    }
  })

  it('is refused when it holds only under an uncommitted lead.yaml; once that is committed it is written', async () => {
    const root = exampleSite(env)
    fs.appendFileSync(path.join(root, 'lead.yaml'), 'rules:\n  UNKNOWN_CONSENT: warning\n')
    const change = naming(root, 'c-2099-01-01-nosuch')
    expect((await validateSite(readSite(root), {asOf: AS_OF})).errors).toBe(0)
    await expect(refused(writeRecords(readSite(root), [change], {message: 'referral: set consent', asOf: AS_OF}))).resolves.toMatchObject({code: 'COMMIT_INVALID'})
    git(root, ['commit', '-qam', 'UNKNOWN_CONSENT a warning'], env)
    const made = await writeRecords(readSite(root), [change], {message: 'referral: set consent', asOf: AS_OF})
    expect(made.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(await committedErrors(root)).toBe(0)
  })

  it('an uncommitted edit the change does not count on is no obstacle: the change is committed alone, the edit kept', async () => {
    const root = exampleSite(env)
    const partner = path.join(root, 'partners/harbor-pd.yaml')
    const edited = fs.readFileSync(partner, 'utf8').replace(/^name: .*$/m, 'name: Harbor Police Department (edited)')
    fs.writeFileSync(partner, edited)
    const file = copyConsent(root)
    const base = fs.readFileSync(path.join(root, REFERRAL.file), 'utf8')
    const made = await writeRecords(readSite(root), [{...REFERRAL, text: `${base}# checked\n`, base}], {message: 'referral: note', asOf: AS_OF})
    expect(made.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe(REFERRAL.file)
    expect(fs.readFileSync(partner, 'utf8')).toBe(edited)
    expect(fs.existsSync(path.join(root, file))).toBe(true)
    expect(await committedErrors(root)).toBe(0)
  })

  it("judges the commit from the last validation's basis, and leaves the working tree's basis for the next command", async () => {
    const root = exampleSite(env)
    copyConsent(root) // untracked, and not of the site's context: the basis stands for the rest
    await validateSite(readSite(root), {asOf: AS_OF})
    const started = deltaRuns.count
    const base = fs.readFileSync(path.join(root, REFERRAL.file), 'utf8')
    await writeRecords(readSite(root), [{...REFERRAL, text: `${base}# checked\n`, base}], {message: 'referral: note', asOf: AS_OF})
    expect(deltaRuns.count, 'the working tree and the commit each judged from the basis').toBe(started + 2)
    expect(commitJudgements.count).toBeGreaterThan(0)
    expect(fs.readFileSync(basisFile(root)!, 'latin1'), "the basis left is the working tree's").toContain(OTHER)
  })

  it.each([['', undefined], [' (LEAD_GIT_STATE=off: git asked by the write)', 'off']])('files no load reads (a CI workflow, a README) left uncommitted do not call for the commit\'s judgement%s', async (_, gitState) => {
    const root = exampleSite(env)
    if (gitState) process.env.LEAD_GIT_STATE = gitState
    fs.mkdirSync(path.join(root, '.github', 'workflows'), {recursive: true})
    fs.writeFileSync(path.join(root, '.github', 'workflows', 'draft.yml'), 'name: draft\n')
    fs.writeFileSync(path.join(root, 'NOTES.md'), 'notes\n')
    const started = commitJudgements.count
    const base = fs.readFileSync(path.join(root, REFERRAL.file), 'utf8')
    try {
      await writeRecords(readSite(root), [{...REFERRAL, text: `${base}# checked\n`, base}], {message: 'referral: note', asOf: AS_OF})
    } finally {
      delete process.env.LEAD_GIT_STATE
    }
    expect(commitJudgements.count, 'the commit not judged from HEAD').toBe(started)
  })
})
