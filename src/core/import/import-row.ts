/**
 * One spreadsheet row → the data of one new referral. Messages never repeat a cell: a referral
 * row's text may hold a participant's details, so problems say which field and what was expected.
 * What the schema and the referral rules judge (codes, statuses, charges against the protocol,
 * identifiers in notes) is left to validation of the whole batch, which reports back to the row.
 */
import {parseDate, parseDateTime, problemText, type Fold} from '../clock/local-time.js'
import type {RowReader, ValueMaps} from '../tabular/index.js'
import {valueKey} from '../tabular/index.js'
import type {RecordData} from '../records/load.js'

export interface RowContext {
  timeZone?: string
  fold?: Fold
  /** --value maps by field name, for list fields mapped item by item (charges, exclusions). */
  values: ValueMaps
}

export interface ParsedRow {
  data: RecordData
  /** What the keyed hash is made of: the source key cell, else the row's identifying values. */
  keyMaterial: string
}

const TRUE = new Set(['yes', 'y', 'true', 't', '1', 'x', 'si', 'sí'])
const FALSE = new Set(['no', 'n', 'false', 'f', '0'])
const NONE = new Set(['none', 'no', '-', 'n/a', 'na', '[]'])

function setPath(data: RecordData, path: string, value: unknown): void {
  const parts = path.split('.')
  let node = data as Record<string, unknown>
  for (const p of parts.slice(0, -1)) {
    if (typeof node[p] !== 'object' || node[p] === null) node[p] = {}
    node = node[p] as Record<string, unknown>
  }
  node[parts.at(-1)!] = value
}

/** Parse one row onto a copy of `constants` (the --set values every row shares). */
export function parseReferralRow(r: RowReader, constants: RecordData, ctx: RowContext): ParsedRow | undefined {
  const data = structuredClone(constants)
  const text = (field: string) => {
    const v = r.get(field)
    return v === undefined || v === '' ? undefined : v
  }
  let ok = true
  const fail = (field: string, code: string, message: string, hint?: string) => {
    ok = false
    r.problem(field, code, message, hint)
  }

  // received: one cell, or a date cell and a time cell.
  const whole = text('received')
  const day = text('received_date')
  const clock = text('received_time')
  const receivedText = whole ?? (day !== undefined && clock !== undefined ? `${day} ${clock}` : undefined)
  const receivedField = whole !== undefined ? 'received' : day === undefined ? 'received_date' : 'received_time'
  if (receivedText !== undefined) {
    const parsed = parseDateTime(receivedText, {timeZone: ctx.timeZone, fold: ctx.fold})
    if (parsed.problem) {
      const p = parsed.problem
      if (p.code === 'AMBIGUOUS_TIME') fail(receivedField, p.code, `received: ${problemText(p, 'the time')}`, `${p.hint}; or rerun with --fold earlier|later to take one reading for every such row`)
      else if (p.code === 'SKIPPED_TIME') fail(receivedField, p.code, `received: ${problemText(p, 'the time')}`, p.hint)
      else fail(receivedField, 'BAD_TIME', 'received is not a date and time', 'write YYYY-MM-DD HH:MM (local time in the site\'s zone), 12-hour like 2026-11-30 5:00 PM, or with an offset')
    } else data.received = parsed.value
  } else if (typeof data.received !== 'string') {
    fail(day === undefined ? 'received' : 'received_time', 'MISSING_VALUE', day === undefined ? 'received is empty' : 'the time received is empty', 'every referral records when it was received (date and time of day)')
  }

  const put = (field: string, path: string) => {
    const v = text(field)
    if (v !== undefined) setPath(data, path, v)
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

  const list = (field: string, path: string, noneAllowed: boolean) => {
    const v = text(field)
    if (v === undefined) return
    if (noneAllowed && NONE.has(valueKey(v))) return setPath(data, path, [])
    const map = ctx.values.get(field)
    const items = v.split(/\s*[;,|]\s*/).filter(Boolean).map((item) => map?.get(valueKey(item)) ?? item)
    setPath(data, path, [...new Set(items)])
  }
  list('charges', 'charges', false)
  list('exclusions_hit', 'screening.exclusions_hit', true)

  for (const field of ['age_ok', 'criteria_met', 'has_complainant', 'complainant_agrees', 'consent_to_participate']) {
    const v = text(field)
    if (v === undefined) continue
    const k = valueKey(v)
    if (TRUE.has(k)) setPath(data, `screening.${field}`, true)
    else if (FALSE.has(k)) setPath(data, `screening.${field}`, false)
    else fail(field, 'BAD_VALUE', `${field} is not yes or no`, `write yes/no (or map the export's answers: --value "${field}:Y=yes,N=no")`)
  }

  const amount = text('quantity')
  if (amount !== undefined) {
    const n = Number(amount.replace(',', '.'))
    if (Number.isFinite(n) && n >= 0) setPath(data, 'quantity.amount', n)
    else fail('quantity', 'BAD_VALUE', 'quantity is not a number', 'write the amount alone (e.g. 1.5) and the unit in its own column or with --set quantity.unit=g')
  }
  // A unit every row shares (--set quantity.unit=g) says nothing where the row has no amount.
  const quantity = data.quantity as Record<string, unknown> | undefined
  if (quantity && quantity.amount === undefined && amount === undefined) delete data.quantity

  const date = (field: string, path: string) => {
    const v = text(field)
    if (v === undefined) return
    const parsed = parseDate(v.slice(0, 10), {timeZone: ctx.timeZone})
    if (parsed.problem || v.length > 10) fail(field, 'BAD_DATE', `${field} is not a date`, 'write YYYY-MM-DD')
    else setPath(data, path, parsed.value)
  }
  // One piece of dated conduct per row: what a social contact referral rests on.
  const conduct = text('evidence')
  const conductDate = text('evidence_date')
  if (conduct !== undefined || conductDate !== undefined) {
    const parsed = conductDate === undefined ? undefined : parseDate(conductDate, {timeZone: ctx.timeZone})
    if (conductDate === undefined || conduct === undefined) fail(conductDate === undefined ? 'evidence_date' : 'evidence', 'MISSING_VALUE', `the evidence ${conductDate === undefined ? 'date' : 'description'} is empty`, 'a social contact records the date and what happened, in operational terms')
    else if (parsed?.problem) fail('evidence_date', 'BAD_DATE', 'evidence_date is not a date', 'write YYYY-MM-DD')
    else data.evidence = [{date: parsed!.value, description: conduct}]
  }
  date('intake_completed', 'intake.completed')
  date('prosecutor_date', 'prosecutor_review.date')
  date('closed', 'closed')

  const arrived = text('arrived')
  if (arrived !== undefined) {
    const parsed = parseDateTime(arrived, {timeZone: ctx.timeZone, fold: ctx.fold})
    if (parsed.problem) fail('arrived', parsed.problem.code === 'AMBIGUOUS_TIME' || parsed.problem.code === 'SKIPPED_TIME' ? parsed.problem.code : 'BAD_TIME', `arrived: ${parsed.problem.code === 'BAD_TIME' ? 'not a date and time' : problemText(parsed.problem, 'the time')}`, parsed.problem.code === 'BAD_TIME' ? 'write YYYY-MM-DD HH:MM' : parsed.problem.hint)
    else setPath(data, 'handoff.arrived', parsed.value)
  }
  if (!ok) return undefined
  const source = text('source_key')
  const referrer = (data.referrer ?? {}) as Record<string, unknown>
  const identity = [data.received, data.pathway, referrer.agency, referrer.badge, referrer.partner, data.district, [...((data.charges as string[] | undefined) ?? [])].sort().join(';'), data.participant]
  return {data, keyMaterial: source !== undefined ? `key\u0000${valueKey(source)}` : `row\u0000${JSON.stringify(identity)}`}
}
