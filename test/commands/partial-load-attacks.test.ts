/**
 * Second reader's attacks on the commands that load part of a site (`lead referral check`, `lead
 * show`, `lead new` given a whole record): each prints what the whole site gives (worked out here
 * from a whole load, as the commands did before), keeps the parse cache whole, and leaves the
 * state the next `lead validate` finds remembered as a validation without cache judges it.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {siteTimeZone} from '../../src/core/clock/site-zone.js'
import {deriveValues} from '../../src/core/derived/derived-values.js'
import {loadRecords} from '../../src/core/records/load.js'
import {journalFileOf, ParseCache} from '../../src/core/records/parse-cache.js'
import type {Protocol, Referral} from '../../src/core/records/types.js'
import {decideEligibility} from '../../src/core/referrals/eligibility.js'
import {referralDataFrom} from '../../src/core/referrals/site-data.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)
const env = testEnv()
Object.assign(process.env, {GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})
const AS_OF = '2025-07-04'
const CONSENT = 'consents/c-2025-06-03-5el0oe.yaml' // named by r-2025-06-03-cv4zgx

const rd = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), 'utf8')
const wr = (root: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), {recursive: true})
  fs.writeFileSync(path.join(root, rel), text)
}
const commit = (root: string) => {
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-qm', 'state'], env)
}

/**
 * The example site where the consent a referral names is not what its file name says: its own
 * file fails its schema, a second file holds its id (valid, expiring sooner), a third holds it with
 * a name typed as the participant (no facts: read by value); a re-referral in another year folder
 * has the ID of one in 2025 and names the second file's ID.
 */
function tangledConsents(): string {
  const root = exampleSite(env)
  const text = rd(root, CONSENT)
  wr(root, 'consents/c-2025-06-03-aaaaaa.yaml', text.replace(/^expires: .*$/m, 'expires: "2025-06-05"'))
  wr(root, 'consents/c-2025-06-03-aaaaab.yaml', text.replace(/^participant: .*$/m, 'participant: Jane Q Public').replace(/^expires: .*$/m, 'expires: "2025-06-04"'))
  wr(root, CONSENT, text.replace(/^signed: .*\n/m, ''))
  const twin = 'referrals/2024/r-2025-09-12-8d0q66.yaml'
  wr(root, twin, rd(root, 'referrals/2025/r-2025-09-12-8d0q66.yaml').replace(/^consent: .*$/m, 'consent: c-2025-06-03-aaaaaa'))
  commit(root)
  return root
}

describe('second reader: commands that load part of the site', () => {
  it('referral check prints, for every referral, the decision a whole load gives (consents found by the id they hold, twins, a typed name)', async () => {
    const root = tangledConsents()
    const site = readSite(root)
    const whole = await loadRecords(site, {cache: false})
    const data = referralDataFrom(site, whole)
    // Those naming one of the consents above, and a few without a consent (each a command run: ~0.4 s).
    const named = whole.ofKind('referral').filter((r) => String(r.data?.consent).startsWith('c-2025-06-03-'))
    const without = whole.ofKind('referral').filter((r) => r.data && r.data.consent === undefined).slice(0, 3)
    const ids = [...new Set([...named, ...without].map((r) => r.id))]
    expect(named.length).toBeGreaterThanOrEqual(3)
    for (const id of ids) {
      const record = whole.get('referral', id)!
      const got = runLead(['referral', 'check', id, '--as-of', AS_OF, '--json', '--dir', root], {env})
      const decision = decideEligibility(record.data as unknown as Referral, {protocols: data.protocols, consents: data.consents, timeZone: data.timeZone, asOf: AS_OF, vocabulary: data.vocabulary})
      expect(got.json(), id).toEqual(JSON.parse(JSON.stringify({ok: decision.eligible, ...decision})))
      expect(got.stdout + got.stderr).not.toContain('Jane Q Public')
    }
    // The one whose consent's own file is invalid: covered by the second file, which expires on 2025-06-05.
    const first = runLead(['referral', 'check', 'r-2025-06-03-cv4zgx', '--as-of', AS_OF, '--dir', root], {env})
    expect(first.stdout).toContain('expires 2025-06-05')
    const unknown = runLead(['referral', 'check', 'r-2025-06-03-cv4zgy', '--dir', root], {env})
    expect(unknown.stderr).toContain('did you mean "r-2025-06-03-cv4zgx"')
  })

  it('show prints the derived values a whole load gives (a protocol garbled, one holding another\'s id)', async () => {
    const root = exampleSite(env)
    wr(root, 'protocols/2025-v9.yaml', rd(root, 'protocols/2025-v1.yaml').replace(/^intake_deadline_days: .*$/m, 'intake_deadline_days: 3'))
    wr(root, 'protocols/2026-bad.yaml', 'id: [\n')
    commit(root)
    const site = readSite(root)
    const whole = await loadRecords(site, {cache: false})
    const protocols = whole.dataOf<Protocol>('protocol')
    for (const r of [...whole.ofKind('referral').slice(0, 8), ...whole.ofKind('protocol').filter((p) => p.data)]) {
      const got = runLead(['show', r.kind, r.id, '--as-of', '2026-11-27', '--json', '--dir', root], {env}).json<{derived: unknown}>()
      expect(got.derived, r.file).toEqual(JSON.parse(JSON.stringify(deriveValues(r.kind, r.data!, {protocols, timeZone: siteTimeZone(site), asOf: '2026-11-27'}))))
    }
  })

  it('lead new on a site with errors changes a did-you-mean; the next validate says what one without cache says, and no command dropped a cache entry', async () => {
    const root = exampleSite(env)
    wr(root, 'lead.yaml', `${rd(root, 'lead.yaml')}\nrules:\n  UNKNOWN_REFERRAL: warning\n`)
    const W = 'referrals/2026/r-2026-11-19-gwads2.yaml'
    wr(root, W, `${rd(root, W).trimEnd()}\nprevious: r-2026-11-26-abcdef\n`)
    wr(root, 'referrals/2026/r-2026-11-25-zzzzzz.yaml', 'id: [\n')
    commit(root)
    expect(runLead(['validate', '--dir', root], {env}).code).toBe(1)
    const known = git(root, ['ls-files', '-s'], env)
      .trim()
      .split('\n')
      .map((l) => /^\d+ (\S+) \d+\t(.+)$/.exec(l)!)
      .filter((m) => /^(referrals|consents)\/.*\.yaml$/.test(m[2]!) && !m[2]!.includes('zzzzzz'))
      .map((m) => Buffer.from(m[1]!, 'hex').toString('base64url'))
    expect(known.length).toBeGreaterThan(50)
    // Something for referral check to learn (and save): not a context record, whose change would judge every record afresh.
    fs.appendFileSync(path.join(root, 'consents/c-2026-11-03-p8m2wd.yaml'), '# called\n')
    // A journal near its limit (a hundred saves since the index was written; lines that fail their sum are skipped): the next save rewrites the index.
    fs.appendFileSync(journalFileOf(root)!, `${'x'.repeat(1000)}\n`.repeat(70))
    expect(runLead(['show', 'referral', 'r-2025-06-03-cv4zgx', '--dir', root], {env}).code).toBe(0)
    expect(runLead(['referral', 'check', 'r-2025-06-03-cv4zgx', '--dir', root], {env}).stdout).toContain('r-2025-06-03-cv4zgx')
    const afterPart = ParseCache.open(root)
    expect(known.filter((hash) => !afterPart.knows(hash)), 'after show and referral check').toEqual([])
    const input = path.join(root, '..', 'new.yaml')
    fs.writeFileSync(input, rd(root, 'referrals/2026/r-2026-11-25-v3l3ie.yaml').replace(/^id: .*$/m, 'id: r-2026-11-26-abcdeg').replace(/P-REW7QN/, 'P-AAAAAA'))
    const made = runLead(['new', 'referral', '--file', input, '--dir', root], {env})
    expect(made.code, made.stderr).toBe(0)
    const cache = ParseCache.open(root)
    expect(known.filter((hash) => !cache.knows(hash))).toEqual([])
    const next = runLead(['validate', '--json', '--dir', root], {env})
    const said = next.json<{diagnostics: Array<{code: string; message: string}>}>()
    expect(said.diagnostics.filter((d) => d.code === 'UNKNOWN_REFERRAL').map((d) => d.message)).toEqual(['unknown referral "r-2026-11-26-abcdef" (did you mean "r-2026-11-26-abcdeg"?)'])
    // The same command with nothing remembered (no parse cache, memo or basis).
    fs.rmSync(path.join(root, '.git', 'lead'), {recursive: true, force: true})
    const cold = runLead(['validate', '--json', '--dir', root], {env})
    expect(next.stdout).toBe(cold.stdout)
    expect(next.code).toBe(cold.code)
  })
})
