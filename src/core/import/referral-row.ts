/**
 * One spreadsheet row → the data of one new referral. Messages never repeat a cell: a referral
 * row's text may hold a participant's details, so problems say which field and what was expected.
 * What the schema and the referral rules judge (codes, statuses, charges against the protocol,
 * identifiers in notes) is left to validation of the whole batch, which reports back to the row.
 */
import {parseDate, parseDateTime, problemText} from '../clock/local-time.js'
import type {RowReader} from '../tabular/index.js'
import type {RecordData} from '../records/load.js'
import {dateTimeText, hasTwoDigitYear, joinDateAndTime} from '../tabular/export-dates.js'
import {exportDayOf, keyMaterialOf, rowValues, setPath, refusedRow, type ParsedRow, type RowContext} from './row-values.js'

/** Parse one row onto a copy of `constants` (the --set values every row shares). */
export function parseReferralRow(r: RowReader, constants: RecordData, ctx: RowContext): ParsedRow {
  const data = structuredClone(constants)
  const row = rowValues(r, data, ctx)
  const {text, fail, put, list, date} = row

  // received: one cell, or a date cell and a time cell.
  const whole = text('received')
  const day = text('received_date')
  const clock = text('received_time')
  const receivedText = whole !== undefined ? dateTimeText(whole) : day !== undefined && clock !== undefined ? joinDateAndTime(day, clock) : undefined
  const receivedField = whole !== undefined ? 'received' : day === undefined ? 'received_date' : 'received_time'
  if (receivedText !== undefined) {
    const parsed = parseDateTime(receivedText, {timeZone: ctx.timeZone, fold: ctx.fold})
    if (parsed.problem) {
      const p = parsed.problem
      if (p.code === 'AMBIGUOUS_TIME') fail(receivedField, p.code, `received: ${problemText(p, 'the time')}`, `${p.hint}; or rerun with --fold earlier|later to take one reading for every such row`)
      else if (p.code === 'SKIPPED_TIME') fail(receivedField, p.code, `received: ${problemText(p, 'the time')}`, p.hint)
      else if (hasTwoDigitYear(whole ?? day ?? '')) fail(whole !== undefined ? 'received' : 'received_date', 'BAD_TIME', 'received: the year has two digits (which century is not guessed)', 'export the dates with four-digit years (M/D/YYYY or YYYY-MM-DD)')
      else fail(receivedField, 'BAD_TIME', 'received is not a date and time', 'write YYYY-MM-DD HH:MM or M/D/YYYY HH:MM (local time in the site\'s zone), 12-hour like 2026-11-30 5:00 PM, or with an offset')
    } else data.received = parsed.value
  } else if (typeof data.received !== 'string') {
    fail(day === undefined ? 'received' : 'received_time', 'MISSING_VALUE', day === undefined ? 'received is empty' : 'the time received is empty', 'every referral records when it was received (date and time of day)')
  }

  put('pathway', 'pathway')
  put('agency', 'referrer.agency')
  put('badge', 'referrer.badge')
  put('partner', 'referrer.partner')
  put('district', 'district')
  put('catchment', 'catchment')
  put('participant', 'participant')
  put('unit', 'quantity.unit')
  put('handoff_method', 'handoff.method')
  put('case_manager', 'handoff.case_manager')
  put('prosecutor_decision', 'prosecutor_review.decision')
  put('status', 'status')
  put('notes', 'notes')

  list('charges', 'charges')
  list('exclusions_hit', 'screening.exclusions_hit', true)

  for (const field of ['age_ok', 'criteria_met', 'has_complainant', 'complainant_agrees', 'consent_to_participate']) row.yesNo(field, `screening.${field}`)

  const amount = text('quantity')
  if (amount !== undefined) {
    const n = Number(amount.replace(',', '.'))
    if (Number.isFinite(n) && n >= 0) setPath(data, 'quantity.amount', n)
    else fail('quantity', 'BAD_VALUE', 'quantity is not a number', 'write the amount alone (e.g. 1.5) and the unit in its own column or with --set quantity.unit=g')
  }
  // A unit every row shares (--set quantity.unit=g) says nothing where the row has no amount.
  const quantity = data.quantity as Record<string, unknown> | undefined
  if (quantity && quantity.amount === undefined && amount === undefined) delete data.quantity

  // One piece of dated conduct per row: what a social contact referral rests on.
  const conduct = text('evidence')
  const conductDate = text('evidence_date')
  if (conduct !== undefined || conductDate !== undefined) {
    const parsed = conductDate === undefined ? undefined : parseDate(exportDayOf(conductDate), {timeZone: ctx.timeZone})
    if (conductDate === undefined || conduct === undefined) fail(conductDate === undefined ? 'evidence_date' : 'evidence', 'MISSING_VALUE', `the evidence ${conductDate === undefined ? 'date' : 'description'} is empty`, 'a social contact records the date and what happened, in operational terms')
    else if (parsed?.problem) fail('evidence_date', 'BAD_DATE', 'evidence_date is not a date', 'write YYYY-MM-DD')
    else data.evidence = [{date: parsed!.value, description: conduct}]
  }
  date('intake_completed', 'intake.completed', exportDayOf)
  date('prosecutor_date', 'prosecutor_review.date', exportDayOf)
  date('closed', 'closed', exportDayOf)

  const arrived = text('arrived')
  if (arrived !== undefined) {
    const parsed = parseDateTime(dateTimeText(arrived), {timeZone: ctx.timeZone, fold: ctx.fold})
    if (parsed.problem) fail('arrived', parsed.problem.code === 'AMBIGUOUS_TIME' || parsed.problem.code === 'SKIPPED_TIME' ? parsed.problem.code : 'BAD_TIME', `arrived: ${parsed.problem.code === 'BAD_TIME' ? 'not a date and time' : problemText(parsed.problem, 'the time')}`, parsed.problem.code === 'BAD_TIME' ? 'write YYYY-MM-DD HH:MM' : parsed.problem.hint)
    else setPath(data, 'handoff.arrived', parsed.value)
  }
  if (!row.ok) return refusedRow(data)
  const referrer = (data.referrer ?? {}) as Record<string, unknown>
  const identity = [data.received, data.pathway, referrer.agency, referrer.badge, referrer.partner, data.district, [...((data.charges as string[] | undefined) ?? [])].sort().join(';'), data.participant]
  return {data, keyMaterial: keyMaterialOf('', text('source_key'), identity)}
}
