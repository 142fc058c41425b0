/**
 * The usual `lead set` (one-line values of a record lead wrote, changed to plain text, a quoted
 * text or true/false) without the yaml library: loading it and a Document round trip cost a
 * command ~80 ms. Only where the result is byte for byte what record-edit.ts's Document path
 * writes, and that is known without the library:
 *
 * - the text is in a canonical layout the library reproduces itself from (checked line by line:
 *   a leading block of comment lines, then block maps and lists indented by two, one value per
 *   line, each a plain word-like text, a JSON-quoted printable ASCII text, true/false, a decimal
 *   number or []/{}; no blank lines, other comments, BOM, CR, tabs or trailing spaces), so the
 *   library's normalized text is the text itself under the widest-line layout it tries first;
 * - every assignment names, through maps only, a key that holds such a value on its own line, or
 *   a key new to a map there (the library adds it after the map's last line);
 * - the new value is one the library writes as it is: true/false; text that stays plain (a letter
 *   first, then letters, digits, spaces and . , ; ( ) / _ ' + -, never a YAML 1.1 keyword) in a
 *   plain value; printable ASCII without `"` or `\` in a double-quoted one; in both, no longer
 *   than the library would fold at that width.
 *
 * Anything else returns undefined and the Document path runs as before. test/core/scalar-edit.test.ts
 * compares both on the record-edit shapes and on thousands of generated records and values.
 */
import type {Assignment, PathStep} from './field-assignments.js'

export interface ScalarEditResult {
  text: string
  changed: string[]
}

/** How a one-line value is written: plain (words, numbers, booleans) or in double quotes; `[]`/`{}` are collections, not edited here. */
type Style = 'plain' | 'double' | 'flow'

/** A map reachable through maps alone: where its lines end (a new key goes there) and its keys. */
interface MapLines {
  indent: number
  end: number
  keys: Set<string>
}

interface ValueLine {
  line: number
  /** The key's indentation: the value's own is two more. */
  indent: number
  key: string
  style: Style
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/
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
  if (NUMBER.test(v)) return v.replace('.', '').length <= 15 ? 'plain' : undefined
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
  // layoutOf's first candidate: the widest line. The file reproduces itself under it (no value of
  // it is longer than that width allows), so it is the layout the Document path writes with.
  let longest = 0
  for (const l of lines) longest = Math.max(longest, l.length)
  const out = [...lines]
  const added: Array<{at: number; indent: number; line: string}> = []
  const changed: string[] = []
  for (const a of assignments) {
    if (!a.steps.every((s) => 'key' in s)) return undefined
    const keys = a.steps.map((s) => (s as {key: string}).key)
    const at = values.get(keys.join('.'))
    if (at) {
      const written = render(a.value, at, longest)
      if (written === undefined) return undefined
      out[at.line] = `${' '.repeat(at.indent)}${at.key}: ${written.text}`
      at.style = written.style
    } else {
      // A key new to its map: yaml's setIn adds a pair, written after the map's last line, its
      // value plain unless quoteAmbiguous quotes it (then left to the Document path).
      const key = keys.at(-1)!
      const map = maps.get(keys.slice(0, -1).join('.'))
      if (!map || map.keys.has(key) || !KEY.test(key) || KEYWORD.test(key)) return undefined
      const written = render(a.value, {line: -1, indent: map.indent, key, style: 'plain'}, longest)
      if (written === undefined) return undefined
      map.keys.add(key)
      added.push({at: map.end, indent: map.indent, line: `${' '.repeat(map.indent)}${key}: ${written.text}`})
    }
    changed.push(a.text)
  }
  // Keys added where several maps end go deepest first (an inner map ends inside the outer one),
  // each map's in the order given.
  added.sort((x, y) => x.at - y.at || y.indent - x.indent)
  for (const {at, line} of added.reverse()) out.splice(at, 0, line)
  const edited = `${out.join('\n')}\n`
  return {text: edited === text ? text : edited, changed}
}

/** The new value as the Document path writes it in place of `at`'s, or undefined when not sure. */
function render(value: unknown, at: ValueLine, lineWidth: number): {text: string; style: Style} | undefined {
  // A boolean is written plain whatever the old value's quoting (record-edit.ts sets PLAIN).
  if (typeof value === 'boolean') return {text: String(value), style: 'plain'}
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
  // foldFlowLines leaves text alone up to 1 + lineWidth - indentation (the value's: the key's + 2).
  if (text.length > 1 + lineWidth - (at.indent + 2)) return undefined
  return {text, style: at.style}
}

/**
 * The one-line values reachable through maps alone, by dotted key path, when every line of the
 * record is in the canonical layout; undefined otherwise.
 */
function canonicalValues(lines: string[]): {values: Map<string, ValueLine>; maps: Map<string, MapLines>} | undefined {
  let i = 0
  while (i < lines.length && lines[i]!.startsWith('#')) {
    if (!COMMENT.test(lines[i]!) || lines[i]!.endsWith(' ')) return undefined
    i++
  }
  if (i === lines.length) return undefined
  const found: Found = {values: new Map(), maps: new Map()}
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
}

function indentOf(line: string): number {
  let n = 0
  while (line.charCodeAt(n) === 32) n++
  return n
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
      const style = valueStyle(body.slice(colon + 2))
      if (style === undefined) return -1
      if (path !== undefined && style !== 'flow') found.values.set(path + key, {line: i, indent, key, style})
      i++
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

/** A block list whose `- ` sit at `indent`: one-line values, or maps whose first key follows the dash. */
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
    if (valueStyle(rest) === undefined) return -1
    i++
  }
  return i
}
