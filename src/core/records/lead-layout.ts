/**
 * Fast readers for YAML in the narrow layout lead itself writes, where the yaml library spends a
 * syntax tree and ~0.1 ms per small map: a whole record as `lead new` and the import write it
 * (block maps and lists, one scalar per line: readLeadRecord), and the items of a roster's long
 * officer list (readPlainItems). A scalar is JSON-quoted text, a plain word every YAML reader takes
 * as that text, `true`/`false`, a small decimal integer or fraction (0.9), or `[]`/`{}`.
 *
 * A plain or double-quoted value the yaml library wrapped onto the following lines (it folds text
 * longer than 80 columns) is read too (continued()), and so is a block scalar (`|`, `|-`, `>`, `>-`)
 * whose lines are indented alike (blockScalar()).
 *
 * They are shortcuts, never a second dialect: anything outside that layout (a block scalar with
 * blank or deeper lines, a kept or explicit indentation, a single-quoted value, a number with a sign or an exponent, a YAML 1.1 keyword, an anchor, a tag, a duplicate or reserved key,
 * odd spacing, tabs, CRLF line ends) makes them give up, and the yaml library reads the text as
 * before — so the value is always the one the library would give, and every finding it would
 * report is still reported. test/core/lead-layout.test.ts compares both ways on the example site,
 * generated sites and rosters, and hand edits full of hostile text.
 */

import {flowMap, KEY, plain, quoted, recordScalar, RESERVED_KEYS, scalar, UNSAFE, type ValueCount} from './layout-scalars.js'

export {RESERVED_KEYS, type ValueCount}

/**
 * The items of the block list in text[start, end) (whole lines, each item starting `- ` at the
 * same indentation), or undefined when any line is outside the layout described above.
 */
export function readPlainItems(text: string, start: number, end: number, count: ValueCount): Array<Record<string, unknown>> | undefined {
  const body = text.slice(start, end)
  if (UNSAFE.test(body)) return undefined
  const lines = body.split('\n')
  if (lines.at(-1) === '') lines.pop()
  const first = lines[0]
  if (first === undefined) return undefined
  const indent = first.indexOf('- ')
  if (indent < 0 || first.slice(0, indent).trim() !== '') return undefined
  const itemPrefix = `${' '.repeat(indent)}- `
  const fieldPrefix = ' '.repeat(indent + 2)
  const nestedPrefix = `${' '.repeat(indent + 4)}- `
  const items: Array<Record<string, unknown>> = []
  let item: Record<string, unknown> | undefined
  let list: unknown[] | undefined
  for (const line of lines) {
    let rest: string
    if (line.startsWith(itemPrefix)) {
      item = {}
      items.push(item)
      count.left--
      list = undefined
      rest = line.slice(itemPrefix.length)
    } else if (item && list && line.startsWith(nestedPrefix)) {
      const entry = line.slice(nestedPrefix.length)
      // (flowMap counts the map and its pairs itself.)
      const value = entry.startsWith('{') ? flowMap(entry, count) : scalar(entry)
      if (value === undefined) return undefined
      if (typeof value !== 'object') count.left--
      list.push(value)
      continue
    } else if (item && line.startsWith(fieldPrefix) && line[fieldPrefix.length] !== ' ') {
      rest = line.slice(fieldPrefix.length)
    } else {
      return undefined
    }
    // A key with nothing after it opens a nested list, which must have an item.
    if (list && list.length === 0) return undefined
    list = undefined
    const colon = rest.indexOf(':')
    if (colon <= 0) return undefined
    const key = rest.slice(0, colon)
    if (!KEY.test(key) || RESERVED_KEYS.has(key) || Object.hasOwn(item!, key)) return undefined
    count.left--
    if (colon === rest.length - 1) {
      list = []
      item![key] = list
      count.left--
      continue
    }
    if (rest[colon + 1] !== ' ') return undefined
    const value = scalar(rest.slice(colon + 2))
    if (value === undefined) return undefined
    item![key] = value
    count.left--
  }
  if (list && list.length === 0) return undefined
  return count.left < 0 ? undefined : items
}

/** One line of a record: its indentation, what follows it, and its number in the text. */
interface RecordLine {
  indent: number
  body: string
  line: number
}

/** How many spaces a line starts with. */
function indentOf(line: string): number {
  let n = 0
  while (line.charCodeAt(n) === 32) n++
  return n
}

/** Where a reader is: the next unread line, and the text's lines as written (a block scalar is read from them). */
interface Cursor {
  i: number
  raw: readonly string[]
  /** The raw lines [from, to) each block scalar read as its text. */
  blocks: Array<[number, number]>
}

/** Sentinel: the text leaves lead's layout (undefined is not used, since null is a value). */
const OUTSIDE = Symbol('outside')
type Read = unknown | typeof OUTSIDE

/**
 * A whole record in lead's block layout — comment lines, then `key: value` lines, nested maps and
 * lists indented deeper — or undefined. See the module comment for what a value may be.
 */
export function readLeadRecord(text: string, count: ValueCount, comments?: LayoutComment[]): Record<string, unknown> | undefined {
  if (UNSAFE.test(text)) return undefined
  const lines: RecordLine[] = []
  const raw = text.split('\n')
  const commentLines: number[] = []
  for (const [line, full] of raw.entries()) {
    const indent = indentOf(full)
    const body = full.slice(indent)
    // Blank and comment lines (a value spans only adjacent lines: see continued()).
    if (body.startsWith('#')) commentLines.push(line)
    if (body === '' || body.startsWith('#')) continue
    if (body.endsWith(' ')) return undefined
    lines.push({indent, body, line})
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return undefined
  const at: Cursor = {i: 0, raw, blocks: []}
  const value = readMap(lines, at, 0, count, undefined, 0)
  // A line left unread (indented deeper than any key above it could hold, say) leaves lead's layout.
  if (value === OUTSIDE || at.i !== lines.length || count.left < 0) return undefined
  // In this layout a comment is a whole line (a plain value holds no `#`), unless a block scalar holds it as text.
  for (const line of commentLines) {
    if (at.blocks.some(([from, to]) => line >= from && line < to)) continue
    const column = indentOf(raw[line]!) + 1
    comments?.push({line: line + 1, column, text: raw[line]!.slice(column)})
  }
  return value as Record<string, unknown>
}

/** A comment line of a record read in lead's layout (1-based line and column of its `#`, the text after it). */
export interface LayoutComment {
  line: number
  column: number
  text: string
}

/** `key: value` or `key:`; undefined when the line is neither. */
function keyLine(body: string): {key: string; rest: string | undefined} | undefined {
  const colon = body.indexOf(':')
  if (colon <= 0) return undefined
  const key = body.slice(0, colon)
  if (!KEY.test(key) || RESERVED_KEYS.has(key)) return undefined
  if (colon === body.length - 1) return {key, rest: undefined}
  if (body[colon + 1] !== ' ') return undefined
  return {key, rest: body.slice(colon + 2)}
}

/** Records nest a few levels; deeper text (hostile, or not lead's) is left to the library's own limits. */
const MAX_DEPTH = 12

/** The map whose keys sit at `indent` from lines[at.i]; `first` is a pair already read from a `- key: …` line. */
function readMap(lines: RecordLine[], at: Cursor, indent: number, count: ValueCount, first: [string, unknown] | undefined, depth: number): Read {
  const out: Record<string, unknown> = {}
  count.left--
  if (first) {
    out[first[0]] = first[1]
    count.left -= 2
  }
  while (at.i < lines.length && lines[at.i]!.indent === indent) {
    const kv = keyLine(lines[at.i]!.body)
    if (!kv || Object.hasOwn(out, kv.key)) return OUTSIDE
    at.i++
    const value = valueAfterKey(lines, at, indent, kv.rest, count, depth)
    if (value === OUTSIDE) return OUTSIDE
    out[kv.key] = value
    count.left -= 2
  }
  return out
}

/** The value of a key whose line held `rest` after the colon (undefined: nothing, so a nested block or null). */
function valueAfterKey(lines: RecordLine[], at: Cursor, indent: number, rest: string | undefined, count: ValueCount, depth: number): Read {
  if (rest !== undefined) {
    const v = BLOCK_HEADER.test(rest) ? blockScalar(lines, at, indent, rest) : (continued(lines, at, indent, rest) ?? recordScalar(rest, count))
    return v === undefined ? OUTSIDE : v
  }
  const next = lines[at.i]
  if (!next || next.indent <= indent) return null
  if (depth >= MAX_DEPTH) return OUTSIDE
  return next.body.startsWith('- ') ? readList(lines, at, next.indent, count, depth + 1) : readMap(lines, at, next.indent, count, undefined, depth + 1)
}

/**
 * A line of a plain scalar after its first: plain text starting with a letter, digit or bracket
 * (no indicator), without `: `, `#` or a trailing colon (continued() checks those).
 */
const CONTINUATION = /^[\p{L}0-9(][\p{L}\p{M}0-9 .,;'()/&_@+!?%=:-]*$/u

/**
 * A plain scalar the yaml library wrapped onto the lines after its key (it folds text longer than
 * 80 columns when it writes): `rest`, the key line's text, and the adjacent lines indented deeper
 * than `indent`, joined by spaces as YAML folds them. Undefined (nothing read) when no such line
 * follows; OUTSIDE when one does but the text is not plain.
 */
function continued(lines: RecordLine[], at: Cursor, indent: number, rest: string): string | typeof OUTSIDE | undefined {
  let next = lines[at.i]
  const previous = lines[at.i - 1]!
  if (!next || next.indent <= indent || next.line !== previous.line + 1) return undefined
  if (rest.startsWith('"') && quoted(rest) === undefined) return continuedQuoted(lines, at, indent, rest)
  if (plain(rest) === undefined) return OUTSIDE
  let text = rest
  for (let last = previous; next && next.indent > indent && next.line === last.line + 1; last = next, next = lines[at.i]) {
    const body = next.body
    if (!CONTINUATION.test(body) || body.includes(': ') || body.endsWith(':')) return OUTSIDE
    text += ` ${body}`
    at.i++
  }
  return text
}

/**
 * A double-quoted value wrapped the same way (the library quotes text with `: ` or `#` in it): the
 * lines up to the one that closes the quotes, joined by spaces as YAML folds them, read as JSON.
 * JSON refuses what it would read otherwise: a line ending in a backslash (an escaped line break)
 * leaves `\ ` behind, and YAML-only escapes are not JSON's.
 */
function continuedQuoted(lines: RecordLine[], at: Cursor, indent: number, rest: string): string | typeof OUTSIDE {
  let text = rest
  for (let last = lines[at.i - 1]!, next = lines[at.i]; next && next.indent > indent && next.line === last.line + 1; last = next, next = lines[at.i]) {
    text += ` ${next.body}`
    at.i++
    const value = next.body.endsWith('"') ? quoted(text) : undefined
    if (value !== undefined) return value
  }
  return OUTSIDE
}

/** A literal or folded block scalar's header, stripped or clipped, without an indentation indicator or a comment. */
const BLOCK_HEADER = /^[|>]-?$/

/**
 * The block scalar whose header (`|`, `|-`, `>`, `>-`) ended the line before `at`: the lines
 * right after it, all indented alike and deeper than `indent` (what the yaml library writes for
 * text with line breaks, and what people write by hand), kept line by line (`|`) or joined by
 * spaces (`>`), with a final line break unless stripped (`-`). Read from the lines as written:
 * a `#` there is text, not a comment. A blank line inside, a line indented deeper than the first
 * (kept as is by YAML) or a text line after the block that is not the parent's leaves the layout.
 */
function blockScalar(lines: RecordLine[], at: Cursor, indent: number, header: string): string | typeof OUTSIDE {
  const start = lines[at.i - 1]!.line + 1
  const first = at.raw[start]
  if (first === undefined) return OUTSIDE
  const n = indentOf(first)
  if (n <= indent || n === first.length) return OUTSIDE
  const text: string[] = []
  let end = start
  for (; end < at.raw.length; end++) {
    const line = at.raw[end]!
    const k = indentOf(line)
    if (k < n) break
    if (k > n || k === line.length) return OUTSIDE
    text.push(line.slice(n))
  }
  // After the block: blank lines, then the end or a line no deeper than the parent's keys.
  let after = end
  for (; after < at.raw.length && at.raw[after]!.trim() === ''; after++) {
    // Spaces past the block's indentation on an empty line are text of the block.
    if (at.raw[after]!.length > n) return OUTSIDE
  }
  if (after < at.raw.length && indentOf(at.raw[after]!) > indent) return OUTSIDE
  while (at.i < lines.length && lines[at.i]!.line < end) at.i++
  at.blocks.push([start, end])
  return text.join(header[0] === '|' ? '\n' : ' ') + (header.endsWith('-') ? '' : '\n')
}

function readList(lines: RecordLine[], at: Cursor, indent: number, count: ValueCount, depth: number): Read {
  const out: unknown[] = []
  count.left--
  while (at.i < lines.length && lines[at.i]!.indent === indent && lines[at.i]!.body.startsWith('- ')) {
    const rest = lines[at.i]!.body.slice(2)
    at.i++
    const kv = keyLine(rest)
    let item: Read
    if (kv) {
      // `- key: …` opens a map whose further keys sit two columns right of the dash.
      const first = valueAfterKey(lines, at, indent + 2, kv.rest, count, depth)
      item = first === OUTSIDE ? OUTSIDE : readMap(lines, at, indent + 2, count, [kv.key, first], depth + 1)
    } else {
      item = BLOCK_HEADER.test(rest) ? blockScalar(lines, at, indent, rest) : (continued(lines, at, indent, rest) ?? recordScalar(rest, count))
      if (item === undefined) item = OUTSIDE
      count.left--
    }
    if (item === OUTSIDE) return OUTSIDE
    out.push(item)
  }
  return out
}
