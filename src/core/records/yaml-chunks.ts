/**
 * What reading a record will cost, and where a large record can be cut into pieces that parse on
 * their own. The yaml library's syntax tree costs about 1 KB and 10 µs per value while it parses
 * (a 14 MB roster of 40,000 officers, 1.5 million values, peaked over 1 GB; 1 MB of `[a,a,…]`
 * alone took 550 MB), so cost is counted in values, estimated before anything is parsed by
 * counting the separators every value needs (`,` `: ` `- ` and line breaks). A record with more
 * values than one piece may hold, whose long list is in block style (the layout lead writes), is
 * read as its head (the text outside the list) and runs of whole items; each piece keeps its place
 * in the file, so positions are the file's own. This module only counts and cuts; record-parse.ts
 * parses the pieces.
 */

export interface ValueBudget {
  /** Values one record may hold. */
  record: number
  /** Values one piece (a whole small record, a large record's head, one list item) may hold. */
  piece: number
  /** Items are parsed in runs of about this many values. */
  group: number
}

/**
 * A record: twice the largest real one (a 40,000-officer roster holds 1.5 million values). A
 * piece: ~200 MB of syntax tree at most. (Tests pass smaller budgets to exercise the cuts.)
 */
export const VALUE_BUDGET: ValueBudget = {record: 3_000_000, piece: 200_000, group: 25_000}

export interface ItemGroup {
  /** Offsets of the run's text in the file. */
  start: number
  end: number
  /** Index of its first item in the list, and how many it holds. */
  first: number
  count: number
}

export interface ChunkPlan {
  /** The top-level key whose block list is cut into runs. */
  key: string
  /** The list's items span [start, end) of the file; the head is everything else. */
  start: number
  end: number
  groups: ItemGroup[]
  count: number
}

export interface ChunkProblem {
  code: string
  message: string
  hint: string
  offset: number
}

// A top-level key with nothing after the colon (its value follows on the next lines).
const KEY_ONLY = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:[ \t]*(?:#.*)?$/

interface Line {
  start: number
  /** Offset just past the line's newline (or the end of the text). */
  next: number
  indent: number
  /** The line's text after its indentation, without the line break. */
  body: string
}

function* lines(text: string): Generator<Line> {
  let start = 0
  while (start < text.length) {
    const nl = text.indexOf('\n', start)
    const end = nl === -1 ? text.length : nl
    let indent = 0
    while (start + indent < end && text.charCodeAt(start + indent) === 32) indent++
    const raw = text.slice(start + indent, end)
    yield {start, next: nl === -1 ? text.length : nl + 1, indent, body: raw.endsWith('\r') ? raw.slice(0, -1) : raw}
    start = nl === -1 ? text.length : nl + 1
  }
}

/** An upper estimate of the values in text[start, end): each needs a separator. Counted per code unit, without parsing. */
export function estimateValues(text: string, start = 0, end = text.length): number {
  let n = 0
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c === 44 || c === 10) n++ // , and line breaks
    else if (c === 58 || c === 45) {
      // `: ` and `- ` (not the colons and hyphens inside times and dates)
      const next = i + 1 < end ? text.charCodeAt(i + 1) : 10
      if (next === 32 || next === 10 || next === 13) n++
    }
  }
  return n + 1
}

const isItem = (body: string) => body === '-' || body.startsWith('- ')
const isBlankOrComment = (body: string) => body.trim() === '' || body.startsWith('#')

interface ListSpan {
  key: string
  start: number
  end: number
  indent: number
  items: number[]
}

/**
 * How to read a record: whole (undefined), in pieces (a plan), or not at all (a problem: it
 * holds more values than any record may, or too many for one piece in a layout that cannot be
 * cut). Two passes over the text; nothing is parsed.
 */
export function planRead(text: string, budget: ValueBudget = VALUE_BUDGET): {plan: ChunkPlan} | {problem: ChunkProblem} | undefined {
  if (text.length <= budget.piece) return undefined // fewer characters than a piece may hold values
  const values = estimateValues(text)
  if (values <= budget.piece) return undefined
  if (values > budget.record) {
    return {problem: {code: 'RECORD_TOO_COMPLEX', message: `the record holds about ${values.toLocaleString('en')} values, over the ${budget.record.toLocaleString('en')} one record may hold`, hint: 'no record needs this many: check that this is the file you meant to put here', offset: 0}}
  }
  const planned = planChunks(text, budget)
  if (planned) return planned
  return {problem: {code: 'RECORD_TOO_COMPLEX', message: `the record holds about ${values.toLocaleString('en')} values in a layout lead reads only up to ${budget.piece.toLocaleString('en')}`, hint: 'write long lists in block style, one "- " item per line group, as lead writes them', offset: 0}}
}

/** The cut of a record with a long block list, a problem in it, or undefined when there is no such list. */
export function planChunks(text: string, budget: ValueBudget = VALUE_BUDGET): {plan: ChunkPlan} | {problem: ChunkProblem} | undefined {
  const lists: ListSpan[] = []
  let pendingKey: {key: string} | undefined
  let list: ListSpan | undefined
  const close = (at: number) => {
    if (list) {
      list.end = at
      lists.push(list)
    }
    list = undefined
  }
  for (const line of lines(text)) {
    if (line.indent === 0 && (line.body.startsWith('%') || line.body.startsWith('---') || line.body.startsWith('...'))) return undefined
    if (isBlankOrComment(line.body)) continue
    if (list) {
      if (line.indent > list.indent) continue
      if (line.indent === list.indent && isItem(line.body)) {
        list.items.push(line.start)
        continue
      }
      if (line.indent !== 0) return undefined // a layout lead does not write: leave it to the parser
      close(line.start)
    }
    if (pendingKey) {
      const key = pendingKey.key
      pendingKey = undefined
      if (isItem(line.body)) {
        list = {key, start: line.start, end: text.length, indent: line.indent, items: [line.start]}
        continue
      }
    }
    if (line.indent === 0) {
      const m = KEY_ONLY.exec(line.body)
      if (m) pendingKey = {key: m[1]!}
    }
  }
  close(text.length)
  const longest = lists.sort((a, b) => b.end - b.start - (a.end - a.start))[0]
  if (!longest || estimateValues(text, 0, longest.start) + estimateValues(text, longest.end) > budget.piece) return undefined

  const groups: ItemGroup[] = []
  const starts = longest.items
  let group: ItemGroup | undefined
  let groupValues = 0
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!
    const end = starts[i + 1] ?? longest.end
    const values = estimateValues(text, start, end)
    if (values > budget.piece) {
      const dash = start + longest.indent
      return {problem: {code: 'RECORD_TOO_COMPLEX', message: `item ${i} of ${longest.key} holds about ${values.toLocaleString('en')} values, over the ${budget.piece.toLocaleString('en')} one item may hold`, hint: 'no item needs this many: check that this is the file you meant to put here', offset: dash}}
    }
    if (group && groupValues + values <= budget.group) {
      group.end = end
      group.count++
      groupValues += values
    } else {
      group = {start, end, first: i, count: 1}
      groupValues = values
      groups.push(group)
    }
  }
  return {plan: {key: longest.key, start: longest.start, end: longest.end, groups, count: starts.length}}
}

/** The run holding list item `index`. */
export function groupOf(plan: ChunkPlan, index: number): ItemGroup | undefined {
  let lo = 0
  let hi = plan.groups.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const g = plan.groups[mid]!
    if (index < g.first) hi = mid - 1
    else if (index >= g.first + g.count) lo = mid + 1
    else return g
  }
  return undefined
}

/** The head's text (the file without the list's items) and the map from its offsets back to the file's. */
export function headOf(text: string, plan: ChunkPlan): {text: string; toFile(offset: number): number} {
  return {
    text: text.slice(0, plan.start) + text.slice(plan.end),
    toFile: (offset) => (offset < plan.start ? offset : offset + plan.end - plan.start),
  }
}
