/**
 * A fast reader for the items of a long block list in the narrow layout lead itself writes (a
 * roster's officers): each item a map of `key: scalar` lines, where a scalar is JSON-quoted text,
 * a plain word that every YAML reader takes as that text, or `true`/`false`, and a key with nothing after its
 * colon holds a list of one-line flow maps of such scalars. The yaml library spends ~0.1 ms and a
 * syntax tree per officer on this; reading these lines directly is some ten times faster.
 *
 * It is a shortcut, never a second dialect: anything outside that layout (a comment, a blank
 * line, single quotes, a number, a boolean-like word, a duplicate or reserved key, odd spacing,
 * CRLF line ends) makes it give up on the whole run of items, which the yaml library then parses
 * as before — so the value is always the one the library would give, and every finding it would
 * report is still reported. test/core/plain-items.test.ts compares the two on generated rosters
 * full of hostile text.
 */

/** What yamlString (training/roster-yaml.ts) leaves unquoted: read back as the same text by YAML 1.1 and 1.2 readers. */
const PLAIN = /^[\p{L}][\p{L}\p{M}0-9 .,'()/&-]*$/u
const KEYWORDS = /^(true|false|null|yes|no|on|off|y|n|~)$/i
const KEY = /^[a-z_][a-z0-9_]*$/
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
/** Characters some YAML readers treat as line breaks, byte-order marks or non-printable: left to the library. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/

function plain(text: string): string | undefined {
  if (!PLAIN.test(text) || KEYWORDS.test(text) || text.endsWith(' ') || text.includes('  ')) return undefined
  return text
}

/** A JSON string literal is a YAML double-quoted scalar with the same value (JSON's escapes are YAML's). */
function quoted(text: string): string | undefined {
  if (text.length < 2 || text[0] !== '"' || text.at(-1) !== '"') return undefined
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'string' ? value : undefined
  } catch {
    return undefined
  }
}

/** Text, or `true`/`false` as every YAML reader takes them (a roster's catchment flag). */
function scalar(text: string): string | boolean | undefined {
  if (text === 'true' || text === 'false') return text === 'true'
  return text.startsWith('"') ? quoted(text) : plain(text)
}

/** Values counted as record-parse.ts counts them (every node, keys included), against the same budget. */
export interface ValueCount {
  left: number
}

/** `{k: v, k: "v", …}` on one line, or undefined. */
function flowMap(text: string, count: ValueCount): Record<string, string | boolean> | undefined {
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined
  const out: Record<string, string | boolean> = {}
  count.left--
  let i = 1
  const end = text.length - 1
  while (i < end) {
    const colon = text.indexOf(': ', i)
    if (colon === -1) return undefined
    const key = text.slice(i, colon)
    if (!KEY.test(key) || RESERVED_KEYS.has(key) || Object.hasOwn(out, key)) return undefined
    let j = colon + 2
    let raw: string
    if (text[j] === '"') {
      // The closing quote: the first one not escaped.
      let k = j + 1
      while (k < end && text[k] !== '"') k += text[k] === '\\' ? 2 : 1
      if (k >= end) return undefined
      raw = text.slice(j, k + 1)
      j = k + 1
    } else {
      // Inside braces a comma ends a plain value.
      const comma = text.indexOf(',', j)
      const stop = comma === -1 ? end : comma
      raw = text.slice(j, stop)
      j = stop
    }
    const value = scalar(raw)
    if (value === undefined) return undefined
    out[key] = value
    count.left -= 2
    if (j === end) break
    if (text[j] !== ',' || text[j + 1] !== ' ') return undefined
    i = j + 2
  }
  return count.left < 0 ? undefined : out
}

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
