/**
 * `lead import consents` through the shared record import (core): a provider's ROI log into the
 * small referral site (partners harbor-pd, evergreen-cm, harbor-housing; participants P-AAAAAA…
 * P-GGGGGG), and the generalised parts it shares with the referral import — the row readers, the
 * keyed import key kept apart per kind, the mapping merge and its privacy refusal.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {LeadError} from '../../src/core/errors.js'
import {importConsents} from '../../src/core/import/consent-import.js'
import {CONSENT_IMPORT_FIELDS} from '../../src/core/import/import-fields.js'
import {resolveMapping, saveMappingFile} from '../../src/core/import/import-mapping.js'
import type {RecordImportOptions} from '../../src/core/import/record-import.js'
import {importReferrals} from '../../src/core/import/referral-import.js'
import {keyMaterialOf, rowValues} from '../../src/core/import/row-values.js'
import {readSite} from '../../src/core/site.js'
import {parseValueMaps, type RowReader, type TableProblem} from '../../src/core/tabular/index.js'
import {cleanupTemp, git, testEnv, useGitEnv} from '../support/cli.js'
import {committedReferralSite} from '../support/referral-site.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

/** A provider's log: its own partner names, several in one cell; a client name column never read. */
const LOG = `ROI No,Client,Participant,Date Signed,Expires,Revoked,May Disclose,May Receive,Witness
ROI-1,Maria Lopez,P-AAAAAA,2026-01-05,2027-01-05,,Evergreen; HPD,Evergreen | Housing,Casey Ruiz
ROI-2,James Brown,P-BBBBBB,2026-02-10,,2026-05-01,Evergreen,"Evergreen, Housing",
ROI-3,Ana Morales,P-CCCCCC,2026-03-15,2027-03-15,,Evergreen,Housing,Jordan Lee
`
const VALUES = ['disclosers:Evergreen=evergreen-cm,HPD=harbor-pd', 'recipients:Evergreen=evergreen-cm,Housing=harbor-housing']
const SET = ['purpose=Coordinating LEAD case management', 'information=Enrollment status and attendance', 'expires_event=End of LEAD participation']

let root: string
beforeEach(() => {
  root = committedReferralSite(env)
})
const write = (text: string, name = 'roi.csv') => fs.writeFileSync(path.join(root, name), text)
const run = (extra: Partial<RecordImportOptions> = {}, name = 'roi.csv') =>
  importConsents(readSite(root), {file: name, abs: path.join(root, name), map: [], values: parseValueMaps(VALUES), set: SET, ...extra})
const refusal = async (p: Promise<unknown>) => {
  const error = await p.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(LeadError)
  return error as LeadError & {details?: {problems: TableProblem[]}}
}
const commits = () => git(root, ['rev-list', '--count', 'HEAD'], env).trim()
/** The site's consents (it holds one before any import). */
const consentFiles = () => fs.readdirSync(path.join(root, 'consents')).filter((f) => f.endsWith('.yaml'))
const SITE_CONSENTS = ['c-2026-03-01-aaaaaa.yaml']
const PERSONAL = /Maria|Lopez|James|Brown|Ana|Morales/

describe('lead import consents (core)', {timeout: 120_000}, () => {
  it('maps partner names item by item into lists, reads the dates, and lands every consent in one commit', async () => {
    write(LOG)
    const r = await run()
    expect(r.created.map((c) => c.row)).toEqual([2, 3, 4])
    expect(r.columns).toEqual({participant: 'Participant', signed: 'Date Signed', expires: 'Expires', revoked: 'Revoked', disclosers: 'May Disclose', recipients: 'May Receive', witness: 'Witness', source_key: 'ROI No'})
    const [first, second] = r.created
    expect(first!.data).toMatchObject({participant: 'P-AAAAAA', signed: '2026-01-05', expires: '2027-01-05', disclosers: ['evergreen-cm', 'harbor-pd'], recipients: ['evergreen-cm', 'harbor-housing'], witness: 'Casey Ruiz', purpose: SET[0]!.slice(8)})
    expect(first!.id).toMatch(/^c-2026-01-05-[a-z0-9]{6}$/)
    expect(second!.data).toMatchObject({revoked: '2026-05-01', recipients: ['evergreen-cm', 'harbor-housing']})
    expect(second!.shown).toEqual({signed: '2026-02-10', expires: 'on an event', revoked: '2026-05-01', disclosers: ['evergreen-cm'], recipients: ['evergreen-cm', 'harbor-housing']})
    expect(commits()).toBe('2')
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe('consent: import 3 from a .csv file')
    const text = fs.readFileSync(path.join(root, 'consents', `${first!.id}.yaml`), 'utf8')
    expect(text).toMatch(/^import_key: [a-z]{26}$/m)
    expect(text).not.toMatch(PERSONAL)
    expect(text).not.toContain('ROI-1')

    // The same log again: every row recognised by its keyed hash, nothing created, no commit.
    const again = await run()
    expect(again.created).toEqual([])
    expect(again.alreadyImported).toEqual([2, 3, 4])
    expect(commits()).toBe('2')
  })

  it('refuses the file for an unmapped partner name and an unknown participant, at FILE:ROW:COLUMN, showing no cell', async () => {
    write(LOG.replace('Evergreen; HPD', 'Evergreen; Harbor Fire').replace('P-CCCCCC', 'P-ZZZZZ9'))
    const e = await refusal(run())
    expect(e.code).toBe('CSV_INVALID')
    const at = e.details!.problems.map((p) => `${p.row}:${p.column} ${p.code}`)
    expect(at).toEqual(['2:7 BAD_FORMAT', '4:3 UNKNOWN_PARTICIPANT'])
    expect(JSON.stringify(e.details) + e.message).not.toMatch(/Harbor Fire|P-ZZZZZ9|Maria|Ana/)
    expect(commits()).toBe('1')
    expect(consentFiles()).toEqual(SITE_CONSENTS)

    // A slug that is no partner is the reference rule's finding, traced to its column too.
    write(LOG.replace('Evergreen | Housing', 'Evergreen | harbor-shelter'))
    const unknown = await refusal(run())
    expect(unknown.details!.problems.map((p) => `${p.row}:${p.column} ${p.code}`)).toEqual(['2:8 UNKNOWN_PARTNER'])
  })

  it('scans a refused row\'s wording for identifiers in the same run (an unknown participant, a date unread), showing none', async () => {
    write(`ROI No,Participant,Date Signed,Expires,May Disclose,May Receive,Information
ROI-1,P-AAAAAA,2026-01-05,2027-01-05,Evergreen,Housing,Enrollment status and attendance
ROI-2,P-ZZZZZ9,2026-02-10,2027-02-10,Evergreen,Housing,Enrollment status; her sister Ana Morales may call
ROI-3,P-CCCCCC,3/15/2026,2027-03-15,Evergreen,Housing,Attendance only; phone 360-555-0187
`)
    for (const dryRun of [false, true]) {
      const e = await refusal(run({dryRun, set: [SET[0]!]}))
      expect(e.details!.problems.map((p) => `${p.file}:${p.row}:${p.column} ${p.code}`)).toEqual(['roi.csv:3:2 UNKNOWN_PARTICIPANT', 'roi.csv:3:7 PII_NAME', 'roi.csv:4:3 BAD_DATE', 'roi.csv:4:7 PII_PHONE'])
      expect(JSON.stringify(e.details) + e.message).not.toMatch(/P-ZZZZZ9|Ana|Morales|360-555|0187/)
    }
    expect(consentFiles()).toEqual(SITE_CONSENTS)
  })

  it('a dry run checks everything, writes nothing, and fails exactly as the real run would', async () => {
    write(LOG)
    const dry = await run({dryRun: true})
    expect(dry.dryRun).toBe(true)
    expect(dry.created).toHaveLength(3)
    expect(commits()).toBe('1')
    expect(consentFiles()).toEqual(SITE_CONSENTS)
    expect(fs.readdirSync(path.join(root, '.git')).includes('lead') && fs.readdirSync(path.join(root, '.git', 'lead')).some((f) => f.startsWith('import-key'))).toBe(false)
    write(LOG.replace('2027-03-15', '2026-03-01'))
    const e = await refusal(run({dryRun: true}))
    expect(e.details!.problems.map((p) => `${p.row}:${p.column} ${p.code}`)).toEqual(['4:5 CONSENT_EXPIRY_BEFORE_SIGNED'])
  })

  it('a participant column of names refuses the whole file without showing one; a missing signed date refuses its row', async () => {
    write(LOG)
    const e = await refusal(run({map: ['participant=Client']}))
    expect(e.code).toBe('NAMES_COLUMN')
    expect(e.hint).toContain('--map participant=COLUMN')
    expect(e.message + e.hint).not.toMatch(PERSONAL)
    write(LOG.replace('2026-02-10', ''))
    const missing = await refusal(run())
    expect(missing.details!.problems.map((p) => `${p.row}:${p.column} ${p.code}`)).toEqual(['3:4 MISSING_VALUE'])
  })

  it('a required field with neither a column nor a --set refuses the file before any row; an empty required cell refuses its row', async () => {
    write(LOG)
    const e = await refusal(run({set: SET.filter((s) => !s.startsWith('purpose='))}))
    expect(e.code).toBe('MISSING_COLUMN')
    expect(e.exit).toBe(2)
    expect(e.message).toContain('holds purpose, and no --set gives it')
    expect(e.hint).toContain('--set purpose=VALUE')
    expect(e.message + e.hint).not.toMatch(PERSONAL)
    write(LOG.replace('ROI No,', 'ROI No,Purpose,').replace(/^(ROI-\d),/gm, '$1,Care coordination,').replace('ROI-2,Care coordination,', 'ROI-2,,'))
    const empty = await refusal(run({set: SET.filter((s) => !s.startsWith('purpose='))}))
    expect(empty.details!.problems.map((p) => `${p.row}:${p.column} ${p.code}`)).toEqual(['3:2 MISSING_VALUE'])
  })

  it('a consent import key is kept apart from a referral one: the same source key is two different rows', async () => {
    write('Case Number,Date,Time,Offense,Beat,Badge,Age OK,Exclusions,Status\nX-1,2026-03-09,10:00,RCW 2,D1,0412,yes,none,received\n', 'arrests.csv')
    const referrals = await importReferrals(readSite(root), {file: 'arrests.csv', abs: path.join(root, 'arrests.csv'), map: [], values: new Map(), set: ['pathway=arrest_diversion', 'referrer.agency=harbor-pd']})
    expect(referrals.created).toHaveLength(1)
    write('ROI No,Participant,Date Signed,Expires,May Disclose,May Receive\nX-1,P-AAAAAA,2026-03-09,2027-03-09,Evergreen,Housing\n')
    const consents = await run()
    expect(consents.created).toHaveLength(1)
    expect(consents.created[0]!.data.import_key).not.toBe(referrals.created[0]!.data.import_key)
    expect(keyMaterialOf('consent\u0000', 'X-1', [])).not.toBe(keyMaterialOf('', 'X-1', []))
  })
})

describe('shared import parts', () => {
  const reader = (cells: Record<string, string>): RowReader & {problems: string[]} => {
    const problems: string[] = []
    return {row: 2, cells: Object.values(cells), problems, get: (f) => cells[f], column: () => 1, has: (f) => f in cells, problem: (f, code) => void problems.push(`${f} ${code}`)}
  }

  it('rowValues: lists split on ; , | and map item by item; dates as YYYY-MM-DD; yes/no; an error turns ok false', () => {
    const data = {}
    const r = reader({partners: 'Evergreen ;harbor-pd| Evergreen', signed: '2026-04-05', bad: '04/05/2026 x', ok: 'Y', none: 'none', sheet: '2026-04-06 14:30', stamped: '2026-04-07T09:05:59', zoned: '2026-04-08T09:05:00Z', late: '2026-04-09 24:00'})
    const v = rowValues(r, data, {values: new Map([['partners', new Map([['evergreen', 'evergreen-cm']])]])})
    v.list('partners', 'a.partners')
    v.list('none', 'empty', true)
    v.date('signed', 'signed')
    v.yesNo('ok', 'answers.ok')
    // A spreadsheet's date-and-time cell is the day it names; a time with a zone, or no clock time, is not a date.
    v.date('sheet', 'sheet')
    v.date('stamped', 'stamped')
    expect(v.ok).toBe(true)
    v.date('bad', 'bad')
    v.date('zoned', 'zoned')
    v.date('late', 'late')
    expect(v.ok).toBe(false)
    expect(r.problems).toEqual(['bad BAD_DATE', 'zoned BAD_DATE', 'late BAD_DATE'])
    expect(data).toEqual({a: {partners: ['evergreen-cm', 'harbor-pd']}, empty: [], signed: '2026-04-05', sheet: '2026-04-06', stamped: '2026-04-07', answers: {ok: true}})
  })

  it('resolveMapping: flags win over a saved mapping field by field; a map into a free-text field is not saved', async () => {
    const root = committedReferralSite(env)
    const file = path.join(root, '.lead/import-maps/roi.yaml')
    saveMappingFile(root, file, {columns: {participant: 'LEAD Code', witness: 'Staff'}, values: {disclosers: {Evergreen: 'evergreen-cm'}}, set: {purpose: 'Old wording', information: 'Status'}}, 'lead import consents')
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^# lead import consents mapping/)
    const m = await resolveMapping({mapping: file, map: ['witness=Witnessed By'], set: ['purpose=New wording'], value: ['disclosers:HPD=harbor-pd']}, CONSENT_IMPORT_FIELDS)
    expect(m.map).toEqual(['participant=LEAD Code', 'witness=Witnessed By'])
    expect(m.set).toEqual(['information=Status', 'purpose=New wording'])
    expect(Object.fromEntries(m.values.get('disclosers')!)).toEqual({evergreen: 'evergreen-cm', hpd: 'harbor-pd'})
    expect(m.toSave).toBeUndefined()
    const refused = await resolveMapping({value: ['information:x=Talked with Maria Lopez'], saveMap: file}, CONSENT_IMPORT_FIELDS).then(() => undefined, (e: unknown) => e as LeadError)
    expect(refused?.code).toBe('MAPPING_HOLDS_IDENTIFIER')
    expect(refused?.message).not.toMatch(PERSONAL)
  })
})
