/**
 * What an import reports, said without repeating what a row holds: the participant column checked
 * before any row is read, and validation findings on the new records traced back to the row and
 * column they came from (FILE:ROW:COLUMN). Findings keep validation's own wording, which already
 * shows a referral's values only through the privacy gate (privacy/disclosable.ts).
 */
import type {Diagnostic} from '../errors.js'
import {ExitCode, LeadError} from '../errors.js'
import {disclosable} from '../privacy/disclosable.js'
import {scanText} from '../privacy/identifiers.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'
import type {ColumnMap, Table, TableProblem} from '../tabular/index.js'

const PARTICIPANT_CODE = /^P-[0-9A-Z]{6}$/

/**
 * A participant column holds lead's pseudonymous codes or nothing: names, person ids or birth
 * dates there are refused for the whole file (no row of it is imported), and the message counts
 * them without showing one.
 */
export function checkParticipantColumn(table: Table, columns: ColumnMap, remedy: string): void {
  const c = columns.participant
  if (c === undefined) return
  let other = 0
  let names = 0
  let first = 0
  for (const r of table.rows) {
    const v = (r.cells[c] ?? '').trim()
    if (v === '' || PARTICIPANT_CODE.test(v)) continue
    other++
    first ||= r.row
    if (scanText(v).some((m) => m.code === 'PII_NAME') || /^[\p{L}'’.-]+(?:,?\s+[\p{L}'’.-]+)+$/u.test(v)) names++
  }
  if (other === 0) return
  const header = table.headers[c]
  throw new LeadError(
    names > 0 ? 'NAMES_COLUMN' : 'PARTICIPANT_NOT_CODE',
    `column "${header}" is read as the participant, but ${other} of its cells ${names > 0 ? `(${names} of them looking like people's names) ` : ''}are not lead participant codes (P- and 6 capitals or digits); nothing was imported and no cell is shown here`,
    {
      pos: {file: table.file, line: first, column: c + 1},
      exit: ExitCode.invalid,
      hint: `referrals and consents hold pseudonymous codes, never names or other identifiers: ${remedy}`,
    },
  )
}

/**
 * A staff field's cell (a consent's witness, a referral's case manager) naming no one the site
 * knows. The privacy scan lets any name through a staff field, yet an export's column of that name
 * can as well hold the client, a relative or a guardian: an import takes only a known staff name.
 */
export function unknownStaff(kind: 'referral' | 'consent', path: readonly string[], field: string, value: unknown, vocabulary: SiteVocabulary): {field: string; code: string; message: string; hint: string} | undefined {
  return typeof value !== 'string' || disclosable(kind, path, value, vocabulary)
    ? undefined
    : {field, code: 'UNKNOWN_STAFF', message: `${field.replace(/_/g, ' ')} is not a staff member the site knows (the name is not shown)`, hint: `a ${field.replace(/_/g, ' ')} is a partner's staff member: add them as a contact of their partner (lead edit partner ID) and rerun, or empty that cell in the export`}
}

/**
 * Line → the import field whose value sits on that line of a new record (`targets`: import field →
 * the record field it fills): the deepest mapped
 * target holding the line's key (screening.age_ok over screening; among equals, the first field).
 * The text is the block YAML lead rendered, so keys are read by their indentation rather than by
 * parsing thousands of records again. A field the row left empty has no line.
 */
function fieldLines(text: string, columns: ColumnMap, targets: Readonly<Record<string, string>>): Map<number, string> {
  const wanted = new Map<string, string>()
  const mapped = Object.entries(targets).filter(([field]) => columns[field] !== undefined)
  for (const [field, target] of mapped) if (!wanted.has(target)) wanted.set(target, field)
  // A finding on a parent (referrer, when its badge is missing) points at the first column filling it.
  for (const [field, target] of mapped) for (let p = target.split('.'); p.length > 1; ) if (!wanted.has((p = p.slice(0, -1)).join('.'))) wanted.set(p.join('.'), field)
  const lines = new Map<number, string>()
  const stack: Array<{indent: number; key: string}> = []
  text.split('\n').forEach((line, i) => {
    const m = /^( *)(?:- )?([A-Za-z_][\w-]*):(?:\s|$)/.exec(line)
    if (m) {
      const indent = m[1]!.length
      while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop()
      stack.push({indent, key: m[2]!})
    } else {
      // An item of a list of scalars (an exclusion id, a charge) belongs to the key above it.
      const item = /^( *)- /.exec(line)
      if (!item) return
      const indent = item[1]!.length
      while (stack.length > 0 && stack.at(-1)!.indent > indent) stack.pop()
    }
    for (let n = stack.length; n > 0; n--) {
      const field = wanted.get(stack.slice(0, n).map((s) => s.key).join('.'))
      if (field) {
        lines.set(i + 1, field)
        break
      }
    }
  })
  return lines
}

/** Findings of validation, each at the row (and, where it can be traced, the column) it came from. */
export function rowProblemsOf(diagnostics: readonly Diagnostic[], table: Table, columns: ColumnMap, rows: ReadonlyMap<string, {row: number; text: string}>, targets: Readonly<Record<string, string>>): TableProblem[] {
  // Read once per record: an import of thousands of old referrals has a warning or two on each.
  const parsed = new Map<string, Map<number, string>>()
  return diagnostics.map((d) => {
    const origin = rows.get(d.file)
    const severity = d.severity === 'warning' ? {severity: 'warning' as const} : {}
    if (!origin) return {code: d.code, file: d.file, row: d.line, column: d.column, message: d.message, hint: d.hint, ...severity}
    let lines = parsed.get(d.file)
    if (!lines) parsed.set(d.file, (lines = fieldLines(origin.text, columns, targets)))
    const field = lines.get(d.line)
    return {code: d.code, file: table.file, row: origin.row, column: field ? columns[field]! + 1 : 1, message: d.message, hint: d.hint, ...severity}
  })
}
