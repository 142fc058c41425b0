/**
 * The scalars of lead's record layout (lead-layout.ts reads the structure around them): JSON-quoted
 * text, plain words every YAML reader takes as that text, `true`/`false`, small decimal integers and
 * fractions, and one-line flow maps and lists of those. Each reader gives the value the yaml
 * library would, or undefined where it cannot be sure.
 */
/**
 * Plain text read back as itself by YAML 1.1 and 1.2 readers: a letter first (no indicator, number
 * or date), then characters that end or change nothing in a block scalar (`:` only before a
 * non-space, as in a web address; never `#`).
 */
const PLAIN = /^[\p{L}][\p{L}\p{M}0-9 .,;'()/&_@+!?%=:-]*$/u
const KEYWORDS = /^(true|false|null|yes|no|on|off|y|n|~)$/i
/** A key lead writes (snake_case; YAML reads any such word as the same string, even `yes` or `on`; YAML limits a key to 1,024 characters). */
export const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/
/** Keys that would reach an object's prototype: never read by a shortcut (record-parse.ts refuses them). */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])
/** Characters some YAML readers treat as line breaks, byte-order marks or non-printable: left to the library. */
// eslint-disable-next-line no-control-regex
export const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/

export function plain(text: string): string | undefined {
  if (!PLAIN.test(text) || KEYWORDS.test(text) || text.endsWith(' ') || text.includes('  ') || text.endsWith(':') || text.includes(': ')) return undefined
  return text
}

/** A JSON string literal is a YAML double-quoted scalar with the same value (JSON's escapes are YAML's). */
export function quoted(text: string): string | undefined {
  if (text.length < 2 || text[0] !== '"' || text.at(-1) !== '"') return undefined
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'string' ? value : undefined
  } catch {
    return undefined
  }
}

/** A decimal integer YAML 1.1 and 1.2 both read as this number (no sign, no leading zero, exact in a double). */
const INTEGER = /^(0|[1-9][0-9]{0,14})$/

/**
 * A word that starts with digits, as IDs do (a protocol's `2025-v1`, a training's
 * `2025-01-22-bench-0`): groups of digits joined by hyphens, then a hyphen and a letter. No YAML
 * 1.1 or 1.2 number, date or time has a hyphen followed by a letter.
 */
const VERSIONED = /^[0-9]+(?:-[0-9]+)*-[A-Za-z][A-Za-z0-9-]*$/

/** Text, or `true`/`false` as every YAML reader takes them (a roster's catchment flag). */
export function scalar(text: string): string | boolean | undefined {
  if (text === 'true' || text === 'false') return text === 'true'
  if (VERSIONED.test(text)) return text
  return text.startsWith('"') ? quoted(text) : plain(text)
}

/**
 * A decimal fraction YAML 1.1 and 1.2 both read as this number (a quantity's 0.9 g): digits, a
 * point, digits; no sign, exponent or leading zero. Number() and the yaml library's parseFloat
 * give the same double.
 */
const DECIMAL = /^(0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/

/** A value on a `key: …` or `- …` line of a record: also numbers and one-line flow maps and lists of scalars. */
export function recordScalar(text: string, count: ValueCount): unknown {
  if (INTEGER.test(text) || DECIMAL.test(text)) return Number(text)
  if (text.startsWith('{')) return flowMap(text, count)
  if (text.startsWith('[')) return flowList(text, count)
  return scalar(text)
}

/** Values counted as record-parse.ts counts them (every node, keys included), against the same budget. */
export interface ValueCount {
  left: number
}

/**
 * The value starting at text[j] inside braces or brackets that close at `end`: JSON-quoted, or
 * plain up to the next comma (scalar() refuses ": " and a trailing colon, which would open a pair).
 */
function flowValue(text: string, j: number, end: number): {value: string | boolean | number; next: number} | undefined {
  let raw: string
  if (text[j] === '"') {
    // The closing quote: the first one not escaped.
    let k = j + 1
    while (k < end && text[k] !== '"') k += text[k] === '\\' ? 2 : 1
    if (k >= end) return undefined
    raw = text.slice(j, k + 1)
  } else {
    const comma = text.indexOf(',', j)
    raw = text.slice(j, comma === -1 || comma > end ? end : comma)
  }
  const value = INTEGER.test(raw) || DECIMAL.test(raw) ? Number(raw) : scalar(raw)
  return value === undefined ? undefined : {value, next: j + raw.length}
}

/** Calls `item` at each entry of a one-line `{…}` or `[…]` (entries separated by ", "); false when the layout is not that. */
function flowEntries(text: string, open: string, close: string, item: (at: number, end: number) => number | undefined): boolean {
  if (text[0] !== open || text.at(-1) !== close) return false
  const end = text.length - 1
  let i = 1
  while (i < end) {
    const j = item(i, end)
    if (j === undefined) return false
    if (j === end) break
    if (text[j] !== ',' || text[j + 1] !== ' ') return false
    i = j + 2
  }
  return true
}

/** `{k: v, k: "v", …}` on one line, or undefined. */
export function flowMap(text: string, count: ValueCount): Record<string, string | boolean | number> | undefined {
  const out: Record<string, string | boolean | number> = {}
  count.left--
  const ok = flowEntries(text, '{', '}', (i, end) => {
    const colon = text.indexOf(': ', i)
    if (colon === -1 || colon > end) return undefined
    const key = text.slice(i, colon)
    if (!KEY.test(key) || RESERVED_KEYS.has(key) || Object.hasOwn(out, key)) return undefined
    const v = flowValue(text, colon + 2, end)
    if (!v) return undefined
    out[key] = v.value
    count.left -= 2
    return v.next
  })
  return ok && count.left >= 0 ? out : undefined
}

/** `[a, "b", …]` of scalars on one line, or undefined. */
function flowList(text: string, count: ValueCount): Array<string | boolean | number> | undefined {
  const out: Array<string | boolean | number> = []
  count.left--
  const ok = flowEntries(text, '[', ']', (i, end) => {
    const v = flowValue(text, i, end)
    if (!v) return undefined
    out.push(v.value)
    count.left--
    return v.next
  })
  return ok && count.left >= 0 ? out : undefined
}

