/**
 * An existing roster file brought up to date with a merged roster, keeping what trainers wrote:
 * comments, blank lines, fields lead does not know. The merge keeps the existing officers in order
 * and appends new ones, so officers[i] is the same person in the file and in the merged roster.
 *
 * The text is spliced officer by officer rather than parsed whole: a block exactly as lead writes it
 * is rendered again; a block a person edited is updated through a YAML document of that block
 * alone; everything between blocks stays byte for byte. A 40,000-officer roster is updated without
 * parsing it. A file laid out in a way the splice does not recognise is edited as one document.
 * Either way the returned text parses to `rosterData(before, merged)`, which the write path
 * validates instead of parsing the text again.
 */
import {isDeepStrictEqual} from 'node:util'
import {yaml} from '../records/yaml-lib.js'
import type {Document, Node as YamlNode} from 'yaml'
import type {Officer, Roster} from '../records/types.js'
import {PARSE_OPTIONS} from '../records/yaml-source.js'
import {officerBlock} from './roster-yaml.js'

/** compat: values written now are quoted where a YAML 1.1 reader would mistype them (dates). */
const EDIT_OPTIONS = {...PARSE_OPTIONS, compat: 'yaml-1.1'} as const
const TO_STRING = {lineWidth: 0, flowCollectionPadding: false} as const

type Fields = Record<string, unknown>

/**
 * The value the updated file holds: the file's own top-level fields (kept by the update, whatever
 * they are) with the merge's date, first-import date and officers.
 */
export function rosterData(before: Fields, merged: Roster): Fields {
  const out: Fields = {...before, as_of: merged.as_of, officers: merged.officers}
  if (merged.tracked_since !== undefined) out.tracked_since = merged.tracked_since
  return out
}

/**
 * The file's text with the merged roster applied, or undefined when the text is not a roster this
 * can edit safely (the caller then renders the roster afresh). `before` is the file's parsed value.
 */
export function updateRosterText(text: string, merged: Roster, before: Fields): string | undefined {
  const officers = before.officers
  if (!Array.isArray(officers) || officers.length > merged.officers.length) return undefined
  try {
    return spliceRoster(text, before as unknown as Roster, merged) ?? editRosterDocument(text, before as unknown as Roster, merged)
  } catch {
    // A document the editor cannot change as asked (a hand-made structure): render afresh instead.
    return undefined
  }
}

interface Layout {
  lines: string[]
  /** Line ranges [start, end) of the officers' items, in order. */
  blocks: Array<{start: number; end: number}>
  asOf: number
}

const ITEM = /^ {2}-( |$)/
const AS_OF = /^as_of:[ \t]*(["']?)(\d{4}-\d{2}-\d{2})\1([ \t]+#.*)?$/

/**
 * Where each officer's item is: `officers:` at the margin, items starting `  - `, their lines
 * indented four or more; comments and blank lines between items belong to none. Undefined for
 * any other layout.
 */
function scanLayout(text: string): Layout | undefined {
  if (text.includes('\r')) return undefined
  const lines = text.split('\n')
  const start = lines.indexOf('officers:')
  if (start === -1) return undefined
  const blocks: Layout['blocks'] = []
  let open: {start: number; end: number} | undefined
  let i = start + 1
  for (; i < lines.length; i++) {
    const line = lines[i]!
    if (ITEM.test(line)) {
      open = {start: i, end: i + 1}
      blocks.push(open)
    } else if (line.trim() === '') {
      // A blank line ends nothing: an item's later lines may follow (inside a block scalar).
    } else if (open && line.startsWith('    ')) {
      open.end = i + 1
    } else if (/^\s*#/.test(line)) {
      open = undefined
    } else if (/^\S/.test(line)) {
      break
    } else {
      return undefined
    }
  }
  // The date line, at the margin outside the officers' lines (a key may follow the list).
  const dates = lines.map((l, n) => (n < start || n >= i) && AS_OF.test(l) ? n : -1).filter((n) => n !== -1)
  if (dates.length !== 1) return undefined
  return {lines, blocks, asOf: dates[0]!}
}

function spliceRoster(text: string, before: Roster, merged: Roster): string | undefined {
  const layout = scanLayout(text)
  if (!layout || layout.blocks.length !== before.officers.length) return undefined
  if (before.id !== merged.id || before.agency !== merged.agency) return undefined
  const {lines, blocks} = layout
  const asOf = AS_OF.exec(lines[layout.asOf]!)!
  if (asOf[2] !== before.as_of) return undefined
  // Line ranges [start, end) and what replaces them; none overlap (the date line is outside the list).
  const edits: Array<{start: number; end: number; lines: string[]}> = []
  const dateLines = [merged.as_of === before.as_of ? lines[layout.asOf]! : `as_of: "${merged.as_of}"${asOf[3] ?? ''}`]
  if (merged.tracked_since !== before.tracked_since) {
    if (before.tracked_since !== undefined) return undefined
    dateLines.push(`tracked_since: "${merged.tracked_since}"`)
  }
  if (dateLines.length > 1 || dateLines[0] !== lines[layout.asOf]) edits.push({start: layout.asOf, end: layout.asOf + 1, lines: dateLines})
  for (let i = 0; i < blocks.length; i++) {
    const old = before.officers[i]!
    const next = merged.officers[i]!
    if (isDeepStrictEqual(old, next)) continue
    const {start, end} = blocks[i]!
    const block = lines.slice(start, end).join('\n')
    const updated = block === officerBlock(old) ? officerBlock(next) : editOfficerBlock(block, old, next)
    if (updated === undefined) return undefined
    edits.push({start, end, lines: [updated]})
  }
  const added = merged.officers.slice(before.officers.length).map(officerBlock)
  if (added.length > 0) {
    const last = blocks.at(-1)
    if (!last) return undefined
    edits.push({start: last.end, end: last.end, lines: added})
  }
  if (edits.length === 0) return text
  edits.sort((a, b) => a.start - b.start || a.end - b.end)
  // Line by line: a spread of a big city's roster (200,000 lines and more) into push() overflows the stack.
  const out: string[] = []
  const keep = (from: number, to: number) => {
    for (let k = from; k < to; k++) out.push(lines[k]!)
  }
  let at = 0
  for (const e of edits) {
    keep(at, e.start)
    for (const line of e.lines) out.push(line)
    at = e.end
  }
  keep(at, lines.length)
  return out.join('\n')
}

/** One officer's item, edited through a document of its own lines (indented two spaces). */
function editOfficerBlock(block: string, before: Officer, after: Officer): string | undefined {
  const {isSeq, parseDocument} = yaml()
  const doc = parseDocument(block, EDIT_OPTIONS)
  if (doc.errors.length > 0 || !isSeq(doc.contents) || doc.contents.items.length !== 1) return undefined
  if (!isDeepStrictEqual((doc.toJS() as unknown[])[0], before)) return undefined
  editOfficer(doc, [0], before, after)
  return doc
    .toString(TO_STRING)
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l === '' ? l : `  ${l}`))
    .join('\n')
}

/** Set what changed, drop what went, append new history (or rewrite it when the order changed). */
function editOfficer(doc: Document, at: Array<string | number>, before: Officer, after: Officer): void {
  const {isMap, isSeq} = yaml()
  const node = (value: unknown, flow = false): YamlNode => {
    const n = doc.createNode(value)
    if (flow && (isMap(n) || isSeq(n))) n.flow = true
    return n
  }
  const old = before as unknown as Fields
  for (const [key, value] of Object.entries(after)) {
    if (key !== 'history' && !isDeepStrictEqual(old[key], value)) doc.setIn([...at, key], node(value))
  }
  for (const key of Object.keys(old)) if (!Object.hasOwn(after, key)) doc.deleteIn([...at, key])
  const was = before.history ?? []
  const now = after.history ?? []
  if (isDeepStrictEqual(was, now)) return
  const history = doc.getIn([...at, 'history'], true)
  if (isSeq(history) && was.every((h, j) => isDeepStrictEqual(h, now[j]))) {
    for (const h of now.slice(was.length)) history.items.push(node(h, true))
  } else {
    // A change dated before an earlier entry (a separation date from the export) sorts in between.
    doc.setIn([...at, 'history'], doc.createNode(now.map((h) => node(h, true))))
  }
}

/** The whole file as one document: for layouts the splice does not recognise. */
function editRosterDocument(text: string, before: Roster, merged: Roster): string | undefined {
  const {isMap, isSeq, parseDocument} = yaml()
  const doc = parseDocument(text, EDIT_OPTIONS)
  if (doc.errors.length > 0 || !isSeq(doc.get('officers', true))) return undefined
  if (!isDeepStrictEqual(doc.toJS(), before)) return undefined
  if (merged.as_of !== before.as_of) doc.set('as_of', merged.as_of)
  if (merged.tracked_since !== undefined && before.tracked_since === undefined) doc.set('tracked_since', merged.tracked_since)
  const officers = doc.get('officers', true) as unknown as {items: unknown[]}
  merged.officers.forEach((officer, i) => {
    const old = before.officers[i]
    if (old) return editOfficer(doc, ['officers', i], old, officer)
    // A new officer: a block map, its history entries one line each, as the renderer writes them.
    const item = doc.createNode(officer)
    const history = isMap(item) ? item.get('history', true) : undefined
    if (isSeq(history)) for (const h of history.items) if (isMap(h)) h.flow = true
    officers.items.push(item)
  })
  return doc.toString(TO_STRING)
}
