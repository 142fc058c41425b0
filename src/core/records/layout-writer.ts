/**
 * A new record's text without the yaml library (~15 ms to load, ~5 ms to write one record): the
 * block layout `newRecordText` (record-edit.ts) gets from it, for values whose every part is
 * written one way only. Anything else — a string the library might fold, quote otherwise or write
 * as a block, a key it would quote, null, an empty map in a list, a list in a list — gives
 * undefined, and the library writes the record as before. So the text is always the library's,
 * byte for byte: test/core/layout-writer.test.ts compares both on the example site and on
 * generated records full of strings at the edges of each rule.
 */

/** A key the library writes plain: lower-case words (a 1.1 keyword such as `n`, `on` or `yes` is quoted). */
const KEY = /^[a-z_][a-z0-9_]*$/
/** Words YAML 1.1 reads as booleans or null in some spelling. */
const KEYWORD = /^(?:y|yes|n|no|true|false|on|off|null)$/i
/** The spellings of them the library double-quotes (core and 1.1 schemas); another spelling is left to it. */
const QUOTED_WORD = /^(?:[Yy]|[Yy]es|YES|[Nn]|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL)$/
/** Text the library never writes plain (its plainString test): an indicator first, `: `, ` #`, a space or colon last. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/
/** Text the library double-quotes because YAML would read it as a number, a date or a time (core and 1.1 schemas). */
const NUMBER_OR_TIME = [/^[0-9]+$/, /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:Z|[+-][0-9]{2}:[0-9]{2})$/, /^[0-9]{1,2}:[0-5][0-9]$/]
/**
 * Text starting with a digit or `+` that no YAML type reads: a version or document name
 * (`2026-v2`: digits, a dash, then a letter no number, date or time is written with), a phone
 * number with dashes.
 */
const PLAIN_NOT_NUMBER = [/^[0-9]+-[A-Za-z][A-Za-z0-9-]*$/, /^\+[0-9]+(?:-[0-9]+)+$/]
const NOT_IN_NUMBERS = /[ghjklmpqrsuvwyGHJKLMPQRSUVWY]/
/** Below the library's fold width (100) by a margin: it never wraps a line this short. */
const MAX_LINE = 80
const DECIMAL = /^-?[0-9]+(?:\.[0-9]+)?$/

/** The text `newRecordText` writes for `data` (already in schema order), or undefined when the library must write it. */
export function layoutText(data: Record<string, unknown>, header?: string): string | undefined {
  const comment = header?.split('\n') ?? []
  if (comment.some((l) => l !== l.trim() || l === '')) return undefined
  const lines = header ? [...comment.map((l) => `# ${l}`), ''] : []
  return mapLines(data, 0, '', lines) ? `${lines.join('\n')}\n` : undefined
}

/** The entries of `map` with keys at column `col`; the first line starts with `first` (a list item's "- ") instead of spaces. */
function mapLines(map: Record<string, unknown>, col: number, first: string, lines: string[]): boolean {
  const keys = Object.keys(map)
  if (keys.length === 0) return false
  for (const [i, key] of keys.entries()) {
    if (!KEY.test(key) || KEYWORD.test(key)) return false
    const start = `${i === 0 && first ? first : ' '.repeat(col)}${key}:`
    const value = map[key]
    if (Array.isArray(value) || isMap(value)) {
      const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0
      lines.push(empty ? `${start} ${Array.isArray(value) ? '[]' : '{}'}` : start)
      if (!empty && !(Array.isArray(value) ? listLines(value, col + 2, lines) : mapLines(value, col + 2, '', lines))) return false
    } else {
      const text = scalar(value)
      if (text === undefined || start.length + 1 + text.length > MAX_LINE) return false
      lines.push(`${start} ${text}`)
    }
  }
  return true
}

function listLines(list: unknown[], col: number, lines: string[]): boolean {
  const dash = `${' '.repeat(col)}- `
  for (const item of list) {
    if (isMap(item)) {
      if (!mapLines(item, col + 2, dash, lines)) return false
      continue
    }
    const text = Array.isArray(item) ? undefined : scalar(item)
    if (text === undefined || dash.length + text.length > MAX_LINE) return false
    lines.push(dash + text)
  }
  return true
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'boolean') return String(value)
  if (typeof value === 'number') {
    const text = String(value)
    return Number.isFinite(value) && !Object.is(value, -0) && DECIMAL.test(text) ? text : undefined
  }
  // Printable ASCII without a quote or backslash: its double-quoted form is the library's and JSON's alike.
  if (typeof value !== 'string' || !/^[\x20-\x7e]*$/.test(value) || /["\\]/.test(value)) return undefined
  if (NOT_PLAIN.test(value)) return `"${value}"`
  if (/^(?:---|\.\.\.)/.test(value)) return undefined
  if (/^[A-Za-z]/.test(value)) {
    // Of the types YAML reads, only booleans and null are written with a letter first.
    if (QUOTED_WORD.test(value)) return `"${value}"`
    return KEYWORD.test(value) ? undefined : value
  }
  if (NUMBER_OR_TIME.some((re) => re.test(value))) return `"${value}"`
  return PLAIN_NOT_NUMBER.some((re) => re.test(value)) && (value[0] === '+' || NOT_IN_NUMBERS.test(value)) ? value : undefined
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
