/**
 * The usual `lead set` (values of a record lead wrote, changed to plain text, a quoted text or
 * true/false) without the yaml library: loading it and a Document round trip cost a command
 * 30-80 ms. Only where the result is byte for byte what record-edit.ts's Document path writes, and
 * that is known without the library:
 *
 * - the text is in a canonical layout the library reproduces itself from (checked line by line:
 *   a leading block of comment lines, then block maps and lists indented by two, one value per
 *   key or item, each a plain word-like text, a JSON-quoted printable ASCII text, true/false, a
 *   decimal number or []/{}, a text possibly wrapped over the next lines; no blank lines, other
 *   comments, BOM, CR, tabs or trailing spaces), and the width the Document path lays it out
 *   with (layoutOf's first width under which the library writes the file back as it is) is found
 *   by wrapping each text as the library does (text-fold.ts): a width where a text would be
 *   broken inside a word is not known here, and neither is a file no width reproduces;
 * - every assignment names, through maps only, a key that holds such a value, or a key new to a
 *   map there (the library adds it after the map's last line);
 * - the new value is one the library writes as it is, wrapped at that width as it wraps it:
 *   true/false; text that stays plain (a letter first, then letters, digits, spaces and
 *   . , ; ( ) / _ ' + -, never a YAML 1.1 keyword) in a plain value; printable ASCII without `"`
 *   or `\` in a double-quoted one.
 *
 * Anything else returns undefined and the Document path runs as before. test/core/scalar-edit.test.ts
 * compares both on the record-edit shapes and on thousands of generated records and values.
 */
import type {Assignment, PathStep} from './field-assignments.js'
import {foldText} from './text-fold.js'

export interface ScalarEditResult {
  text: string
  changed: string[]
}

/** How a value is written: plain (words, numbers, booleans) or in double quotes; `[]`/`{}` are collections, not edited here. */
type Style = 'plain' | 'double' | 'flow'

/** A map reachable through maps alone: where its lines end (a new key goes there) and its keys. */
interface MapLines {
  indent: number
  end: number
  keys: Set<string>
}

interface ValueLine {
  line: number
  /** How many lines the value takes (more than one: a text the library wrapped). */
  count: number
  /** The key's indentation: the value's own is two more. */
  indent: number
  key: string
  style: Style
}

/** A text value as written, for the check that the library writes it so at the layout's width. */
interface WrittenScalar {
  /** Its lines, without the key or dash before the first and the indentation of the rest. */
  pieces: string[]
  /** Where the library starts the lines after the first (the value's indentation). */
  indent: number
  /** The column foldFlowLines counts the first line from (text-fold.ts foldText). */
  atStart: number | undefined
  style: 'plain' | 'double'
}

/** A key the library writes as it is: longer than 1024 characters it is an explicit `? key` (and the parser refuses it as implicit). */
const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,1023}$/
/** Words some YAML reader types as a boolean or null (1.2 core and 1.1): never left plain by the library's probe. */
const KEYWORD = /^(?:y|n|yes|no|on|off|true|false|null)$/i
/** Text the library writes plain as it is (see the module comment). */
const PLAIN_TEXT = /^[A-Za-z](?:[A-Za-z0-9.,;()/_'+-]| (?! ))*$/
/** Printable ASCII without `"` or `\`: JSON.stringify adds the quotes and nothing else. */
const QUOTABLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/
/** A decimal number the library writes back as written (15 digits at most: exact in a double). */
const NUMBER = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/
const COMMENT = /^#[\x20-\x7e]*$/

const plainText = (v: string) => PLAIN_TEXT.test(v) && !KEYWORD.test(v) && !v.endsWith(' ')

/** The style of a one-line value in the canonical layout, or undefined when it is anything else. */
function valueStyle(v: string): Style | undefined {
  if (v === '[]' || v === '{}') return 'flow'
  if (v === 'true' || v === 'false') return 'plain'
  // Below 1e-6 the library writes the number as JavaScript prints it (1e-7): no width then reproduces the file.
  if (NUMBER.test(v)) return v.replace('.', '').length <= 15 && !String(Number(v)).includes('e') ? 'plain' : undefined
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"') && QUOTABLE.test(v.slice(1, -1))) return 'double'
  return plainText(v) ? 'plain' : undefined
}

/** Apply `assignments` as the Document path would, or undefined when that cannot be known here. */
export function editScalarsInPlace(text: string, assignments: readonly Assignment[], unsets: readonly PathStep[][]): ScalarEditResult | undefined {
  if (unsets.length > 0 || assignments.length === 0) return undefined
  if (!text.endsWith('\n') || text.endsWith('\n\n')) return undefined
  const lines = text.slice(0, -1).split('\n')
  const layout = canonicalValues(lines)
  if (!layout) return undefined
  const {values, maps} = layout
  const lineWidth = layoutWidth(lines, layout.scalars)
  if (lineWidth === undefined) return undefined
  const replaced = new Map<number, {count: number; lines: string[]}>()
  const added: Array<{at: number; indent: number; lines: string[]}> = []
  const changed: string[] = []
  for (const a of assignments) {
    if (!a.steps.every((s) => 'key' in s)) return undefined
    const keys = a.steps.map((s) => (s as {key: string}).key)
    const at = values.get(keys.join('.'))
    if (at) {
      const written = render(a.value, at, lineWidth)
      if (written === undefined) return undefined
      replaced.set(at.line, {count: at.count, lines: valueLines(at, written.lines)})
      at.style = written.style
    } else {
      // A key new to its map: yaml's setIn adds a pair, written after the map's last line, its
      // value plain unless quoteAmbiguous quotes it (then left to the Document path).
      const key = keys.at(-1)!
      const map = maps.get(keys.slice(0, -1).join('.'))
      if (!map || map.keys.has(key) || !KEY.test(key) || KEYWORD.test(key)) return undefined
      const line: ValueLine = {line: -1, count: 1, indent: map.indent, key, style: 'plain'}
      const written = render(a.value, line, lineWidth)
      if (written === undefined) return undefined
      map.keys.add(key)
      added.push({at: map.end, indent: map.indent, lines: valueLines(line, written.lines)})
    }
    changed.push(a.text)
  }
  // Keys added where several maps end go deepest first (an inner map ends inside the outer one),
  // each map's in the order given.
  added.sort((x, y) => x.at - y.at || y.indent - x.indent)
  const out: string[] = []
  let next = 0
  for (let i = 0; i <= lines.length; i++) {
    while (next < added.length && added[next]!.at === i) out.push(...added[next++]!.lines)
    if (i === lines.length) break
    const r = replaced.get(i)
    if (r) {
      out.push(...r.lines)
      i += r.count - 1
    } else out.push(lines[i]!)
  }
  const edited = `${out.join('\n')}\n`
  return {text: edited === text ? text : edited, changed}
}

/** A value's lines as written: `key: first`, then the rest of a wrapped text two deeper than the key. */
function valueLines(at: ValueLine, written: string[]): string[] {
  const more = ' '.repeat(at.indent + 2)
  return [`${' '.repeat(at.indent)}${at.key}: ${written[0]}`, ...written.slice(1).map((l) => more + l)]
}

/**
 * The line width the Document path lays the record out with (record-edit.ts layoutOf: the first of
 * the widest line, one more, 80, 100, 120 and none under which the library writes the text back
 * as it is), or undefined when a value's wrapping there cannot be known without the library.
 */
function layoutWidth(lines: string[], scalars: readonly WrittenScalar[]): number | undefined {
  let longest = 0
  for (const l of lines) longest = Math.max(longest, l.length)
  for (const width of [longest, longest + 1, 80, 100, 120, 0]) {
    let verdict: 'same' | 'other' | 'unknown' = 'same'
    for (const s of scalars) {
      const v = writtenAlike(s, width)
      if (v === 'other') {
        verdict = 'other'
        break
      }
      if (v === 'unknown') verdict = 'unknown'
    }
    if (verdict === 'same') return width
    // The library might take this width; what it writes then is not known here.
    if (verdict === 'unknown') return undefined
  }
  return undefined
}

/** Does the library write this value as the file has it, at `width`? */
function writtenAlike(s: WrittenScalar, width: number): 'same' | 'other' | 'unknown' {
  const folded = foldText(s.pieces.join(' '), s.indent, s.atStart, width, s.style === 'double')
  // Quoted text the library would break inside a word: written with an escape, not as the file has it.
  if (folded === undefined) return 'unknown'
  return folded.length === s.pieces.length && folded.every((l, k) => l === s.pieces[k]) ? 'same' : 'other'
}

/** The new value as the Document path writes it in place of `at`'s (its lines), or undefined when not sure. */
function render(value: unknown, at: ValueLine, lineWidth: number): {lines: string[]; style: Style} | undefined {
  // A boolean is written plain whatever the old value's quoting (record-edit.ts sets PLAIN).
  if (typeof value === 'boolean') return {lines: [String(value)], style: 'plain'}
  if (typeof value !== 'string') return undefined
  let text: string
  if (at.style === 'plain') {
    // quoteAmbiguous leaves such text plain, and plainString writes it as it is.
    if (!plainText(value)) return undefined
    text = value
  } else {
    // A double-quoted value stays double-quoted: doubleQuotedString is JSON.stringify for this text.
    if (!QUOTABLE.test(value)) return undefined
    text = `"${value}"`
  }
  // Wrapped as foldFlowLines wraps it; not before the first word (a key too wide for the width).
  const lines = foldText(text, at.indent + 2, at.key.length + 2, lineWidth, at.style === 'double')
  return lines === undefined || lines[0] === '' ? undefined : {lines, style: at.style}
}

/**
 * The values reachable through maps alone, by dotted key path, and every text value's lines, when
 * every line of the record is in the canonical layout; undefined otherwise.
 */
function canonicalValues(lines: string[]): Found | undefined {
  let i = 0
  while (i < lines.length && lines[i]!.startsWith('#')) {
    if (!COMMENT.test(lines[i]!) || lines[i]!.endsWith(' ')) return undefined
    i++
  }
  if (i === lines.length) return undefined
  const found: Found = {values: new Map(), maps: new Map(), scalars: []}
  const body = lines.slice(i)
  const next = readMap(body, 0, 0, '', found)
  if (next !== body.length) return undefined
  for (const v of found.values.values()) v.line += i
  for (const m of found.maps.values()) m.end += i
  return found
}

interface Found {
  values: Map<string, ValueLine>
  maps: Map<string, MapLines>
  scalars: WrittenScalar[]
}

function indentOf(line: string): number {
  let n = 0
  while (line.charCodeAt(n) === 32) n++
  return n
}

/**
 * A value's lines from lines[i] (its first, `first`): the lines after it `indent` deep are the rest
 * of a text the library wrapped. Returns the index after them, or -1 when they leave the
 * layout; records text values in `found.scalars`.
 */
function readValue(lines: string[], i: number, first: string, indent: number, atStart: number | undefined, found: Found): {next: number; style: Style} | -1 {
  let next = i + 1
  const pieces = [first]
  while (next < lines.length && indentOf(lines[next]!) > indent - 2) {
    const line = lines[next]!
    if (indentOf(line) !== indent || line.endsWith(' ')) return -1
    pieces.push(line.slice(indent))
    next++
  }
  // Lines joined by one space each: what a YAML reader makes of a plain or double-quoted text's line breaks.
  const whole = pieces.join(' ')
  const style = pieces.length === 1 ? valueStyle(first) : wrappedStyle(whole, pieces)
  if (style === undefined) return -1
  if (style === 'double' || (style === 'plain' && plainText(whole))) found.scalars.push({pieces, indent, atStart, style})
  return {next, style}
}

/** A text over several lines: plain words (no line that could read as a list item), or a double-quoted text. */
function wrappedStyle(whole: string, pieces: string[]): Style | undefined {
  if (whole.startsWith('"')) return whole.length >= 2 && whole.endsWith('"') && QUOTABLE.test(whole.slice(1, -1)) ? 'double' : undefined
  return plainText(whole) && pieces.every((p) => !p.startsWith('-')) ? 'plain' : undefined
}

/**
 * A block map whose keys sit at `indent` from lines[i]; returns the index after it, or -1 when
 * a line leaves the layout. `path` (with a trailing dot) is undefined inside a list: values there
 * are not edited here.
 */
function readMap(lines: string[], i: number, indent: number, path: string | undefined, found: Found, first?: string): number {
  const seen = new Set<string>()
  const start = i
  const lineAt = (k: number) => (k === start && first !== undefined ? first : lines[k])
  if (i >= lines.length || indentOf(lineAt(i)!) !== indent) return -1
  while (i < lines.length && indentOf(lineAt(i)!) === indent) {
    const line = lineAt(i)!
    if (line.endsWith(' ')) return -1
    const body = line.slice(indent)
    const colon = body.indexOf(':')
    if (colon <= 0) return -1
    const key = body.slice(0, colon)
    if (!KEY.test(key) || KEYWORD.test(key) || seen.has(key)) return -1
    seen.add(key)
    if (colon < body.length - 1) {
      if (body[colon + 1] !== ' ') return -1
      // foldFlowLines counts a map value's first line from the key's length + 2 (not its indentation).
      const value = readValue(lines, i, body.slice(colon + 2), indent + 2, key.length + 2, found)
      if (value === -1) return -1
      if (path !== undefined && value.style !== 'flow') found.values.set(path + key, {line: i, count: value.next - i, indent, key, style: value.style})
      i = value.next
      continue
    }
    // `key:` opens a nested map or list, two deeper.
    const inner = lines[i + 1]
    if (inner === undefined || indentOf(inner) !== indent + 2) return -1
    i = inner.startsWith('- ', indent + 2) ? readList(lines, i + 1, indent + 2, found) : readMap(lines, i + 1, indent + 2, path === undefined ? undefined : `${path}${key}.`, found)
    if (i < 0) return -1
  }
  if (path !== undefined) found.maps.set(path.slice(0, -1), {indent, end: i, keys: seen})
  return i
}

/** A block list whose `- ` sit at `indent`: values, or maps whose first key follows the dash. */
function readList(lines: string[], i: number, indent: number, found: Found): number {
  while (i < lines.length && indentOf(lines[i]!) === indent && lines[i]!.startsWith('- ', indent)) {
    const line = lines[i]!
    if (line.endsWith(' ')) return -1
    const rest = line.slice(indent + 2)
    if (/^[A-Za-z_][A-Za-z0-9_]*:(?: |$)/.test(rest)) {
      // The item is a map two deeper: its first line read as if the dash were spaces.
      const end = readMap(lines, i, indent + 2, undefined, found, `${' '.repeat(indent + 2)}${rest}`)
      if (end < 0) return -1
      i = end
      continue
    }
    // A list item's text; foldFlowLines counts its first line from the indentation (none given).
    const value = readValue(lines, i, rest, indent + 2, undefined, found)
    if (value === -1) return -1
    i = value.next
  }
  return i
}
