/**
 * The proof of Golden Rule #1 in lead's output: a corpus of hostile values — names with
 * non-breaking and zero-width spaces, look-alike letters and digits, phone numbers with letters
 * for digits, addresses, birth dates in words, values in unknown and duplicate keys and in every
 * kind of field (status, received, participant, district, catchment, charge, badge, exclusion,
 * case manager, free text) — is put into referrals and a consent, and every output format lead has
 * is run over them: validate (text, json, github, junit, --since), diff (text, markdown, json),
 * set and new refusals, referral check, reports, status, and the exports. None of the values, and
 * none of their distinctive parts, may appear on stdout or stderr.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, EXAMPLE_SITE, exampleSite, git, runLead, testEnv, writeSiteFile, type RunResult} from '../support/cli.js'

interface Hostile {
  /** Where it goes, for the reader. */
  where: string
  value: string
  /** Parts of it that must not appear either (compared case-insensitively). */
  parts: string[]
}

/** Values written into the records below (the YAML puts each where `where` says). */
const RECORD_VALUES: Hostile[] = [
  {where: 'A district (an address)', value: '412 N Pine Street', parts: ['Pine Street', '412 N']},
  {where: 'A catchment', value: 'maria-lopez-1990', parts: ['lopez']},
  {where: 'A referrer.agency (unknown partner)', value: 'jonah-fairweather-3605550199', parts: ['fairweather', '3605550199']},
  {where: 'A referrer.badge (a phone number)', value: '5551234567', parts: ['1234567']},
  {where: 'A charge', value: 'Maria Lopez 971-555-0199', parts: ['971-555', '0199', 'lopez']},
  {where: 'A exclusion id (a birth date)', value: 'dob-1990-03-04', parts: ['1990-03', 'dob-1']},
  {where: 'A override exclusion', value: 'zubeda-imani', parts: ['zubeda', 'imani']},
  {where: 'A override reason', value: "Darius Zubeda's mother agreed", parts: ['darius']},
  {where: 'A case manager (not staff)', value: 'Guadalupe Quintanilla', parts: ['guadalupe', 'quintanilla']},
  {where: 'A notes (digits for letters, O for zero)', value: 'Met J0hn Sm1th, 360-555-O199, at 77 Harbor View Rd', parts: ['sm1th', 'j0hn', 'o199', 'view rd']},
  {where: 'A2 evidence (full-width letters)', value: 'Seen with Ｄｅｓｈａｗｎ Ｗｉｌｌｉａｍｓ', parts: ['ｄｅｓｈａｗｎ', 'deshawn', 'ｗｉｌｌｉａｍｓ']},
  {where: 'A2 evidence (an address)', value: 'Lives at 1500 3rd Ave Apt 4', parts: ['1500 3rd', '3rd ave', 'apt 4']},
  {where: 'A2 district (a place named like a person)', value: 'Madison Square', parts: ['madison']},
  {where: 'A2 notes (birth dates in words)', value: 'DOB 4.3.1990, born on the 4th of March 1990; ssn 123-45-6789', parts: ['4.3.1990', 'march 1990', '6789']},
  {where: 'A2 case manager (Vietnamese name)', value: 'Trương Thị Mai', parts: ['trương', 'thị']},
  {where: 'A2 notes (non-breaking space)', value: 'Saw Cornelius\u00a0Jackson at the pier', parts: ['cornelius', 'jackson']},
  {where: 'B status', value: 'Marcus Aurelius Brown', parts: ['aurelius']},
  {where: 'B received', value: 'born 1990-03-04 to Ana Flores', parts: ['flores', 'ana f']},
  {where: 'B participant', value: 'Pedro Alvarez', parts: ['pedro', 'alvarez']},
  {where: 'B district (a number)', value: '3605550123', parts: ['3605550123', '5550123']},
  {where: 'B unknown key', value: 'Jasmine Okoro born 1990-03-04', parts: ['jasmine', 'okoro']},
  {where: 'B unknown key holding a phone', value: '(206) 555-0147', parts: ['0147']},
  {where: 'B quantity (a phone number)', value: '2065550188', parts: ['2065550188', '5550188']},
  {where: 'B handoff.method', value: 'Shaniqua Washburn', parts: ['shaniqua', 'washburn']},
  {where: 'B previous', value: 'r-john-doe', parts: ['john-doe']},
  {where: 'B notes (zero-width space, Cyrillic J)', value: 'Call \u0408amar\u200BWright', parts: ['amar', 'wright']},
  {where: 'C duplicate key', value: 'Latoya Robinson born 1991-05-06', parts: ['latoya', 'robinson', '1991-05']},
  {where: 'C alias', value: 'shanice', parts: ['shanice']},
  {where: 'D consent information', value: 'Records of Demetrius Hall, 415-555-0111', parts: ['demetrius', '0111']},
  {where: 'D consent purpose', value: 'email lamar.jones at example dot org', parts: ['lamar']},
  {where: 'D consent expires_event', value: 'When Darnell Price turns 30 (DOB 1/2/1996)', parts: ['darnell', '1996']},
  {where: 'D consent witness', value: 'Terrell Owens 206-555-0166', parts: ['terrell', '0166']},
  {where: 'D consent discloser (unknown partner)', value: 'tyrell-moss', parts: ['tyrell']},
  {where: 'D consent revocation', value: 'Call Precious Ward at home', parts: ['precious']},
]

/** Values typed on the command line (set and new). */
const TYPED_VALUES: Hostile[] = [
  {where: 'set status', value: 'Jerome Hill', parts: ['jerome']},
  {where: 'set received', value: 'Quentin Ross 1988', parts: ['quentin']},
  {where: 'set district', value: '88 S Elm St', parts: ['elm st']},
  {where: 'set notes', value: 'Aisha\u200BMohamed called from 555-0123', parts: ['aisha', 'mohamed', '0123']},
  {where: 'set badge', value: '4155550177', parts: ['0177']},
  {where: 'set quantity', value: '4155550193', parts: ['5550193']},
  {where: 'set unknown field', value: 'Maribel Santos', parts: ['maribel', 'santos']},
  {where: 'set charge', value: 'Roberto Diaz 555-0124', parts: ['roberto', '0124']},
  {where: 'unset unknown field', value: 'Rosario Vega', parts: ['rosario']},
  {where: 'set on a bad id', value: 'r-ezekiel-soto', parts: ['ezekiel']},
  {where: 'new status', value: 'Octavio Pena', parts: ['octavio']},
]

const ALL = [...RECORD_VALUES, ...TYPED_VALUES]
const v = (where: string) => RECORD_VALUES.find((h) => h.where === where)!.value
const q = (s: string) => JSON.stringify(s)

const A = 'referrals/2026/r-2026-11-20-hostaa.yaml'
const A2 = 'referrals/2026/r-2026-11-21-hostab.yaml'
const B = 'referrals/2026/r-2026-11-22-hostbb.yaml'
const C = 'referrals/2026/r-2026-11-23-hostcc.yaml'
const D = 'consents/c-2026-11-20-hostdd.yaml'
const CLEAN = 'r-2026-11-25-v3l3ie'

function referralA(hostile: boolean): string {
  return `id: r-2026-11-20-hostaa
pathway: arrest_diversion
received: "2026-11-20T10:00:00-08:00"
referrer: {agency: ${hostile ? v('A referrer.agency (unknown partner)') : 'harbor-pd'}, badge: "${hostile ? v('A referrer.badge (a phone number)') : '0412'}"}
district: ${hostile ? v('A district (an address)') : 'D1'}
catchment: ${hostile ? v('A catchment') : 'downtown'}
participant: P-HOST1A
charges: ["RCW 69.50.4013"${hostile ? `, ${q(v('A charge'))}` : ''}]
quantity: {amount: 1, unit: g}
screening:
  age_ok: true
  criteria_met: true
  exclusions_hit: [${hostile ? v('A exclusion id (a birth date)') : ''}]
  overrides: [${hostile ? `{exclusion: ${v('A override exclusion')}, reason: ${q(v('A override reason'))}}` : ''}]
handoff: {method: warm, case_manager: ${hostile ? v('A case manager (not staff)') : 'Casey Ruiz'}, arrived: "2026-11-20T10:20:00-08:00"}
status: eligible
notes: ${q(hostile ? v('A notes (digits for letters, O for zero)') : 'Prefers mornings.')}
`
}

function referralA2(hostile: boolean): string {
  return `id: r-2026-11-21-hostab
pathway: social_contact
received: "2026-11-21T10:00:00-08:00"
referrer: {agency: harbor-pd, badge: "0412"}
district: ${q(hostile ? v('A2 district (a place named like a person)') : 'D2')}
catchment: downtown
participant: P-HOST2A
evidence:
  - {date: "2026-10-01", description: ${q(hostile ? v('A2 evidence (full-width letters)') : 'Trespass warning.')}}
  - {date: "2026-10-02", description: ${q(hostile ? v('A2 evidence (an address)') : 'Second warning.')}}
screening: {age_ok: true, criteria_met: true, exclusions_hit: []}
handoff: {method: warm, case_manager: ${q(hostile ? v('A2 case manager (Vietnamese name)') : 'Jordan Lee')}}
status: received
notes: ${q(hostile ? `${v('A2 notes (birth dates in words)')} ${v('A2 notes (non-breaking space)')}` : 'Seen twice.')}
`
}

function referralB(hostile: boolean): string {
  if (!hostile) return referralA(false).replace('r-2026-11-20-hostaa', 'r-2026-11-22-hostbb').replace('P-HOST1A', 'P-HOST1B').replace('2026-11-20T', '2026-11-22T').replace('2026-11-20T', '2026-11-22T')
  return `id: r-2026-11-22-hostbb
pathway: arrest_diversion
received: ${q(v('B received'))}
referrer: {agency: harbor-pd, badge: "0412"}
district: ${v('B district (a number)')}
participant: ${v('B participant')}
charges: ["RCW 69.50.4013"]
quantity: {amount: ${v('B quantity (a phone number)')}, unit: g}
handoff: {method: ${v('B handoff.method')}}
${v('B unknown key')}: yes
phone: ${q(v('B unknown key holding a phone'))}
previous: ${v('B previous')}
status: ${v('B status')}
notes: ${q(v('B notes (zero-width space, Cyrillic J)'))}
`
}

const referralC = `id: r-2026-11-23-hostcc
pathway: community
${v('C duplicate key')}: yes
anchor: &${v('C alias')} x
again: *${v('C alias')}
${v('C duplicate key')}: no
`

function consentD(hostile: boolean): string {
  return `id: c-2026-11-20-hostdd
participant: P-HOST1A
signed: "2026-11-20"
expires: "2027-11-20"
${hostile ? `expires_event: ${q(v('D consent expires_event'))}\n` : ''}disclosers: [evergreen-case-management${hostile ? `, ${v('D consent discloser (unknown partner)')}` : ''}]
recipients: [harbor-pd]
information: ${q(hostile ? v('D consent information') : 'Whether intake was completed.')}
purpose: ${q(hostile ? v('D consent purpose') : 'To coordinate case management.')}
witness: ${q(hostile ? v('D consent witness') : 'Avery Moreno')}
${hostile ? `revocation_method: ${q(v('D consent revocation'))}\n` : ''}`
}

/**
 * Everything lead printed that mentions a hostile value or one of its parts. The site's commit
 * names are taken out first: a hex name holds a part such as "0124" by chance (CI saw diff --json
 * fail on "commit": "…0124…"), and a commit name is git's, not anything a person typed.
 */
function leaks(r: RunResult): string[] {
  const commits = git(root, ['rev-list', '--all'], env).split('\n').filter(Boolean)
  const out = `${r.stdout}\n${r.stderr}`.replace(/\b[0-9a-f]{7,40}\b/g, (hex) => (commits.some((c) => c.startsWith(hex)) ? '<commit>' : hex))
  const lower = out.toLowerCase()
  const found: string[] = []
  for (const h of ALL) {
    if (out.includes(h.value) || lower.includes(h.value.toLowerCase())) found.push(`${h.where}: the value`)
    for (const p of h.parts) if (lower.includes(p.toLowerCase())) found.push(`${h.where}: "${p}"`)
  }
  return found
}

const env = testEnv()
let root: string
const run = (args: string[]) => runLead(args, {cwd: root, env})

beforeAll(() => {
  root = exampleSite(env)
  // Clean versions first, committed: the diff then shows each hostile value as a field change.
  writeSiteFile(root, A, referralA(false))
  writeSiteFile(root, A2, referralA2(false))
  writeSiteFile(root, B, referralB(false))
  writeSiteFile(root, D, consentD(false))
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-qm', 'clean versions'], env)
  writeSiteFile(root, A, referralA(true))
  writeSiteFile(root, A2, referralA2(true))
  writeSiteFile(root, B, referralB(true))
  writeSiteFile(root, C, referralC)
  writeSiteFile(root, D, consentD(true))
})

afterAll(cleanupTemp)

describe('the corpus', () => {
  it('holds at least 30 hostile values, none of which (or of whose parts) the example site holds', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(30)
    const site = fs.readdirSync(EXAMPLE_SITE, {recursive: true, encoding: 'utf8'}).filter((f) => f.endsWith('.yaml')).map((f) => fs.readFileSync(path.join(EXAMPLE_SITE, f), 'utf8')).join('\n').toLowerCase()
    for (const h of ALL) for (const p of [h.value, ...h.parts]) expect({where: h.where, part: p, inSite: site.includes(p.toLowerCase())}).toMatchObject({inSite: false})
  })
})

describe('the leak finder', () => {
  it('sees a part anywhere but in a name of one of the site\'s commits', () => {
    const head = git(root, ['rev-parse', 'HEAD'], env).trim()
    const said = (stdout: string) => leaks({stdout, stderr: '', code: 0} as RunResult)
    expect(said(`"commit": "${head}", "label": "HEAD (${head.slice(0, 7)})"`)).toEqual([])
    expect(said(`${head} 555-0124`)).toContain('set charge: "0124"')
    expect(said('"commit": "abcdef0124abcdef"')).toContain('set charge: "0124"')
  })
})

/** Each format: the command, the exit status it must end with, and what shows it saw the hostile records. */
const FORMATS: Array<[string, string[], number, RegExp]> = [
  ['validate text', ['validate', '--as-of', '2026-11-27'], 1, /not shown›/],
  ['validate json', ['validate', '--json', '--as-of', '2026-11-27'], 1, /DISTRICT_NOT_DECLARED/],
  ['validate github', ['validate', '--format', 'github', '--as-of', '2026-11-27'], 1, /^(::error file=)?referrals\/2026\/r-2026-11-23-hostcc\.yaml/m],
  ['validate junit', ['validate', '--format', 'junit', '--as-of', '2026-11-27'], 1, /PII_NAME/],
  ['validate --since HEAD (github)', ['validate', '--since', 'HEAD', '--format', 'github', '--as-of', '2026-11-27'], 1, /PII_PHONE/],
  ['diff text', ['diff'], 0, /~ district: changed \(value not shown\)/],
  ['diff markdown', ['diff', '--format', 'markdown'], 0, /_changed \(not shown\)_/],
  ['diff json', ['diff', '--json'], 0, /"hidden": true/],
  ['referral check A (text)', ['referral', 'check', 'r-2026-11-20-hostaa', '--as-of', '2026-11-27'], 1, /CHARGE_NOT_DIVERTIBLE/],
  ['referral check A (json)', ['referral', 'check', 'r-2026-11-20-hostaa', '--json', '--as-of', '2026-11-27'], 1, /UNKNOWN_EXCLUSION/],
  ['referral check A2 (text)', ['referral', 'check', 'r-2026-11-21-hostab', '--as-of', '2026-11-27'], 0, /handoff: warm with ‹text of/],
  ['referral check B (invalid)', ['referral', 'check', 'r-2026-11-22-hostbb', '--as-of', '2026-11-27'], 1, /INVALID_RECORD/],
  ['report by district', ['report', 'referrals', '--by', 'district'], 0, /\(not declared\)/],
  ['report by district (json)', ['report', 'referrals', '--by', 'district', '--json'], 0, /"\(not declared\)"/],
  ['report by officer', ['report', 'referrals', '--by', 'officer'], 0, /\(not declared\)/],
  ['report by agency (json)', ['report', 'referrals', '--by', 'agency', '--json'], 0, /"\(not declared\)"/],
  ['report capacity', ['report', 'capacity', '--as-of', '2026-11-27'], 0, /case manager not on a partner's contacts/],
  ['report capacity (json)', ['report', 'capacity', '--as-of', '2026-11-27', '--json'], 0, /case manager not on a partner's contacts/],
  ['report funnel (json)', ['report', 'funnel', '--json'], 0, /referred/],
  ['status', ['status', '--as-of', '2026-11-27'], 0, /open referrals/],
  ['status (json)', ['status', '--as-of', '2026-11-27', '--json'], 0, /"open": \d+/],
  ['export --deidentify --rows (csv)', ['export', 'referrals', '--deidentify', '--rows', '--min-cell', '1'], 0, /\(not declared\)/],
  ['export --deidentify --rows (json)', ['export', 'referrals', '--deidentify', '--rows', '--min-cell', '1', '--json'], 0, /\(not declared\)/],
  ['export --deidentify (aggregates)', ['export', 'referrals', '--deidentify', '--min-cell', '1'], 0, /period,pathway,count/],
  ['export referrals (refused: flagged records)', ['export', 'referrals'], 1, /EXPORT_FLAGGED/],
  ['export consents (refused, json)', ['export', 'consents', '--json'], 1, /EXPORT_FLAGGED/],
]

describe('no hostile value in any output format', () => {
  it.each(FORMATS)('%s', (_name, args, code, saw) => {
    const r = run(args)
    expect(leaks(r)).toEqual([])
    expect(`${r.stdout}${r.stderr}`).toMatch(saw)
    expect(r.code).toBe(code)
  })
})

describe('no hostile value in a refusal of what was typed', () => {
  const t = (where: string) => TYPED_VALUES.find((h) => h.where === where)!.value
  const REFUSALS: Array<[string, string[], number]> = [
    ['set status (not an allowed value)', ['set', 'referral', CLEAN, `status=${t('set status')}`], 2],
    ['set received (not a date-time)', ['set', CLEAN, `received=${t('set received')}`], 2],
    ['set quantity (a phone number)', ['set', CLEAN, `quantity.amount=x${t('set quantity')}`], 2],
    ['set an unknown field', ['set', CLEAN, `${t('set unknown field')}=yes`], 2],
    ['set an unknown field (json)', ['set', CLEAN, `notes.${t('set unknown field').replace(' ', '_')}=yes`, '--json'], 2],
    ['unset an unknown field', ['set', CLEAN, '--unset', t('unset unknown field')], 2],
    ['set on an id that is not one', ['set', 'referral', t('set on a bad id'), 'status=closed'], 2],
    ['set district, notes, badge and charge (refused by validation)', ['set', CLEAN, `district=${t('set district')}`, `notes=${t('set notes')}`, `referrer.badge=${t('set badge')}`, `charges[]=${t('set charge')}`], 1],
    ['the same, as json', ['set', CLEAN, `district=${t('set district')}`, `notes=${t('set notes')}`, `referrer.badge=${t('set badge')}`, `charges[]=${t('set charge')}`, '--json'], 1],
    ['new with a bad status', ['new', 'referral', '--set', 'pathway=community', '--set', 'received=2026-11-27T10:00:00-08:00', '--set', 'referrer.partner=harbor-housing-coalition', '--set', `status=${t('new status')}`], 2],
  ]

  it.each(REFUSALS)('%s', (_name, args, code) => {
    const r = run(args)
    expect(leaks(r)).toEqual([])
    expect(r.code).toBe(code)
    expect(r.stderr + r.stdout).toMatch(/error|"ok": false/)
  })

  it('the refused changes left the record and the history as they were', () => {
    expect(git(root, ['status', '--porcelain', '--', `referrals/2026/${CLEAN}.yaml`], env)).toBe('')
  })
})
