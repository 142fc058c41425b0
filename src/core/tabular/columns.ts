/**
 * Which column holds which field: header recognition with synonyms (ranked, so `Employee ID,Badge`
 * picks Badge whatever the column order) and explicit `--map` choices, which always win.
 */
import {usageError} from '../errors.js'
import {didYouMean} from '../text/suggest.js'

export interface FieldSpec {
  /** The field's name in --map, --value, --where and messages (snake_case). */
  name: string
  /**
   * Header spellings reduced by headerKey(), best first. A nested list is one tier: its spellings
   * are equally good, so two of them in one export is a question only the user can answer.
   */
  headers: ReadonlyArray<string | readonly string[]>
  /** A whole number a spreadsheet may have written as `13001.0` (badges, employee numbers). */
  wholeNumber?: boolean
}

/** Field name → 0-based column. */
export type ColumnMap = Record<string, number>

/** One `--map` value: which field, which column (as the user wrote it). */
export interface ColumnChoice {
  flag: string
  /** The readings of the value: `field=Header` and, for the older order, `Header=field`. */
  readings: Array<{field: string; column: string}>
}

/** A header reduced to letters and digits, for matching spellings like `Badge #` and `badge_no`. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

const fieldKey = (text: string) => text.trim().toLowerCase().replace(/[- ]/g, '_')

/**
 * Parse `--map field=Header` values (`--map Header=field`, the order lead accepted before, also
 * works: the side that names a field decides, and the export's headers settle a tie).
 */
export function parseColumnChoices(values: readonly string[], fields: readonly FieldSpec[]): ColumnChoice[] {
  const names = new Set(fields.map((f) => f.name))
  return values.map((flag) => {
    const at = flag.indexOf('=')
    const left = at > 0 ? flag.slice(0, at).trim() : ''
    const right = at > 0 ? flag.slice(at + 1).trim() : ''
    const readings: ColumnChoice['readings'] = []
    if (left && right && names.has(fieldKey(left))) readings.push({field: fieldKey(left), column: right})
    if (left && right && names.has(fieldKey(right))) readings.push({field: fieldKey(right), column: left})
    if (readings.length === 0) {
      const typo = left && right ? didYouMean(fieldKey(left), names) : ''
      throw usageError('BAD_MAP', `--map ${flag}: expected FIELD=COLUMN${typo || ` with FIELD one of ${[...names].join(', ')}`}`, 'e.g. --map "badge=STAR/BADGE" --map "district=Patrol Area"')
    }
    return {flag, readings}
  })
}

/**
 * Recognise columns by their headers; explicit choices win. Throws UNKNOWN_COLUMN for a --map naming
 * no column of the file and AMBIGUOUS_COLUMN when two columns match a field equally well.
 */
export function recognizeColumns(headers: readonly string[], fields: readonly FieldSpec[], choices: readonly ColumnChoice[] = [], headerHint = columnsHint(headers)): ColumnMap {
  const map: ColumnMap = {}
  const keys = headers.map(headerKey)
  for (const choice of choices) {
    const found = choice.readings.map((r) => ({...r, index: keys.indexOf(headerKey(r.column))})).filter((r) => r.index !== -1)
    const pick = found[0]
    if (!pick) {
      const r = choice.readings[0]!
      throw usageError('UNKNOWN_COLUMN', `--map ${choice.flag}: the file has no column "${r.column}"`, headerHint)
    }
    map[pick.field] = pick.index
  }
  const taken = new Set(Object.values(map))
  for (const field of fields) {
    if (map[field.name] !== undefined) continue
    let best = Number.POSITIVE_INFINITY
    let found: number[] = []
    keys.forEach((k, idx) => {
      if (taken.has(idx) || k === '') return
      const rank = field.headers.findIndex((tier) => (typeof tier === 'string' ? tier === k : tier.includes(k)))
      if (rank === -1 || rank > best) return
      if (rank < best) (best = rank), (found = [])
      found.push(idx)
    })
    if (found.length > 1) {
      const names = found.map((i) => `"${headers[i]}"`)
      throw usageError('AMBIGUOUS_COLUMN', `columns ${names.join(' and ')} could both be the ${field.name.replace(/_/g, ' ')}`, `say which one with --map, e.g. --map "${field.name}=${headers[found[0]!]}"`)
    }
    if (found.length === 1) {
      map[field.name] = found[0]!
      taken.add(found[0]!)
    }
  }
  return map
}

/**
 * The hint naming a file's columns. A caller reading participant data passes the names it may
 * print (see import/header-row.ts); others list every header.
 */
export function columnsHint(printable: readonly string[], hidden = 0): string {
  const more = hidden > 0 ? `${printable.length > 0 ? ' and ' : ''}${hidden} column${hidden === 1 ? '' : 's'} whose names are not shown` : ''
  return `its columns are: ${printable.join(', ')}${more}`
}

/** The column a --value or --where key names: a field (mapped or recognised) or a header. */
export function columnOf(key: string, headers: readonly string[], columns: ColumnMap): number | undefined {
  const byField = columns[fieldKey(key)]
  if (byField !== undefined) return byField
  const i = headers.map(headerKey).indexOf(headerKey(key))
  return i === -1 ? undefined : i
}
