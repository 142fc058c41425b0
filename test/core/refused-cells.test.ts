/**
 * A refused row's cells its field's type could not read are scanned as text (import/refused-rows.ts
 * UnreadCell), found at the column they came from and never shown; second read: a cell is unread
 * when the value it fills is missing, not the record field it shares with another column, a date or
 * time cell is scanned as a date field is (a bare date is what it asks for, a labelled birth date or
 * an age is not), and the case number a row is keyed by, never written anywhere, is not scanned.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {LeadError} from '../../src/core/errors.js'
import {importReferrals, type ReferralImportOptions} from '../../src/core/import/referral-import.js'
import {readSite} from '../../src/core/site.js'
import {parseValueMaps, type TableProblem} from '../../src/core/tabular/index.js'
import {cleanupTemp, testEnv, useGitEnv} from '../support/cli.js'
import {committedReferralSite} from '../support/referral-site.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

let root: string
beforeEach(() => {
  root = committedReferralSite(env)
})

const run = (text: string, extra: Partial<ReferralImportOptions> = {}) => {
  fs.writeFileSync(path.join(root, 'arrests.csv'), text)
  return importReferrals(readSite(root), {
    file: 'arrests.csv',
    abs: path.join(root, 'arrests.csv'),
    map: ['source_key=Report Number'],
    values: parseValueMaps(['charges:TRESP=RCW 2']),
    set: ['pathway=arrest_diversion', 'referrer.agency=harbor-pd', 'quantity.unit=g'],
    dryRun: true,
    ...extra,
  })
}
const errorsOf = async (p: Promise<unknown>) => {
  const error = await p.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(LeadError)
  const problems = (error as LeadError & {details: {problems: TableProblem[]}}).details.problems
  return {error: error as LeadError, errors: problems.filter((p) => (p.severity ?? 'error') === 'error')}
}

describe('the cells of a refused row its fields could not read', {timeout: 120_000}, () => {
  it('a labelled birth date or an age in a date or time cell is found; a bare date or a police time is not', async () => {
    const {error, errors} = await errorsOf(
      run(`Report Number,Date,Time,Offense,Beat,Badge,Age OK,Status
C-31,DOB 1988-04-17,10:00,TRESP,D1,0412,yes,received
C-32,2026-03-09,age 34,TRESP,D1,0412,yes,received
C-33,2026-13-09,1430,TRESP,D1,0412,yes,received
C-34,2026-03-09,14:30:00.000 hrs,TRESP,D1,0412,yes,received
`),
    )
    expect(errors.map((p) => `${p.row}:${p.column} ${p.code}`)).toEqual(['2:2 PII_DOB', '2:3 BAD_TIME', '3:3 BAD_TIME', '3:3 PII_DOB', '4:3 BAD_TIME', '5:3 BAD_TIME'])
    expect(errors[0]!.message).toMatch(/^the received date cell looks like it holds a birth date \(/)
    expect(errors[3]!.message).toMatch(/^the received time cell looks like it holds an age \(/)
    expect(JSON.stringify(error.details) + error.message).not.toMatch(/1988|age 34/)
  })

  it('a cell whose value shares a record field with another column\'s (quantity and its unit, a prosecutor\'s decision and its date) is still scanned', async () => {
    const {error, errors} = await errorsOf(
      run(`Report Number,Date,Time,Offense,Beat,Badge,Age OK,Status,Qty,Prosecutor Decision,Prosecutor Decision Date
C-41,2026-03-09,10:00,TRESP,D1,0412,yes,received,Ana Morales 360-555-0142,,
C-42,2026-03-09,10:30,TRESP,D1,0412,yes,received,1.5,decline,call 360-555-0177
`),
    )
    expect(errors.map((p) => `${p.row}:${p.column} ${p.code}`)).toEqual(['2:9 BAD_VALUE', '2:9 PII_NAME', '2:9 PII_PHONE', '3:11 BAD_DATE', '3:11 PII_PHONE'])
    expect(errors[2]!.message).toMatch(/^the quantity cell looks like it holds a phone number/)
    expect(errors[4]!.message).toMatch(/^the prosecutor date cell looks like it holds a phone number/)
    expect(JSON.stringify(error.details) + error.message).not.toMatch(/Ana|Morales|360-555/)
  })

  it('the report number a row is keyed by is kept only as a keyed hash: a refused row\'s is not scanned', async () => {
    const {errors} = await errorsOf(
      run(`Report Number,Date,Time,Offense,Beat,Badge,Age OK,Status
2400012345,2026-03-09,25:99,TRESP,D1,0412,yes,received
240-1234,2026-03-09,10:00,TRESP,D1,0412,maybe,received
`),
    )
    expect(errors.map((p) => `${p.row}:${p.column} ${p.code}`)).toEqual(['2:3 BAD_TIME', '3:7 BAD_VALUE'])
  })
})
