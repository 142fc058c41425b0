/**
 * Parsing a large record in pieces. The syntax tree of one YAML document takes about sixty times
 * its text in memory: a 2.5 MB roster of 12,000 officers peaks near 300 MB parsed whole. Such a
 * record is nearly all one long list at the top level (officers, attendees), so the list is cut
 * between its items, each group of items parsed alone, and the rest of the file parsed with the
 * list left empty; the values are then put together. Each tree is garbage as soon as its value is
 * taken, so the peak is the value plus one piece.
 *
 * Only a clean result counts. A piece with any finding (a syntax error, a tag, a YAML 1.1 value),
 * or a layout this does not recognise, gives undefined and the caller parses the whole text, so
 * findings keep their positions and the value is always what the whole parse gives. A cut cannot
 * land inside a value unnoticed: a line at the list's own indentation starting `- ` begins an item
 * in any block context, and a quoted string or flow collection cut in two fails to parse.
 */

/** Below this a record is parsed whole: pieces save nothing worth the bookkeeping. */
export const PIECEWISE_MIN_CHARS = 256 * 1024
/** Items are grouped into pieces of about this many characters (fewer, larger parses are faster). */
const PIECE_CHARS = 64 * 1024

/** A key alone on its line at the margin (`officers:`, perhaps with a comment): a block value follows. */
const KEY_ALONE = /^([A-Za-z_][A-Za-z0-9_-]*):[ \t]*(#.*)?\r?$/
const ITEM = /^( *)-(?:[ \t]|\r?$)/

/** A clean parse of one piece of YAML text, or undefined when it has any finding. */
export type PieceParser = (text: string) => {value: unknown} | undefined

interface ListSpan {
  key: string
  /** The key's line; the list's lines are (keyLine, end). */
  keyLine: number
  end: number
  chars: number
}

/**
 * The record's value, parsed in pieces, or undefined when the text is not laid out as one long
 * top-level block list (or any piece had a finding): the caller then parses it whole.
 */
export function parseInPieces(text: string, parse: PieceParser): Record<string, unknown> | undefined {
  const lines = text.split('\n')
  const span = longestList(lines)
  if (!span || span.chars < text.length / 2) return undefined
  const starts = itemStarts(lines, span)
  if (!starts) return undefined

  const items: unknown[] = []
  let from = span.keyLine + 1
  let size = 0
  const flush = (to: number): boolean => {
    // Each piece ends with a line break: a CRLF file's last \r alone would not be one.
    const piece = parse(`${lines.slice(from, to).join('\n')}\n`)
    if (!piece || !Array.isArray(piece.value)) return false
    for (const item of piece.value) items.push(item)
    from = to
    size = 0
    return true
  }
  for (let k = 1; k < starts.length; k++) {
    size += lineChars(lines, starts[k - 1]!, starts[k]!)
    if (size >= PIECE_CHARS && !flush(starts[k]!)) return undefined
  }
  if (!flush(span.end)) return undefined

  const rest = parse(`${[...lines.slice(0, span.keyLine + 1), ...lines.slice(span.end)].join('\n')}\n`)
  const value = rest?.value
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const fields = value as Record<string, unknown>
  if (!Object.hasOwn(fields, span.key) || fields[span.key] !== null) return undefined
  fields[span.key] = items
  return fields
}

/** The top-level key with the most text under it: its lines run until the next line at the margin. */
function longestList(lines: string[]): ListSpan | undefined {
  let best: ListSpan | undefined
  for (let i = 0; i < lines.length; i++) {
    const m = KEY_ALONE.exec(lines[i]!)
    if (!m) continue
    let end = i + 1
    let chars = 0
    for (; end < lines.length; end++) {
      const line = lines[end]!
      // A comment, a blank line or an item of a list written at the key's own indentation does not end it.
      if (line !== '' && line[0] !== ' ' && line[0] !== '#' && line !== '\r' && !ITEM.test(line)) break
      chars += line.length + 1
    }
    if (!best || chars > best.chars) best = {key: m[1]!, keyLine: i, end, chars}
    i = end - 1
  }
  return best
}

/** Where each item of the list begins, or undefined when a line is not part of a block list. */
function itemStarts(lines: string[], span: ListSpan): number[] | undefined {
  const starts: number[] = []
  let indent = -1
  for (let i = span.keyLine + 1; i < span.end; i++) {
    const line = lines[i]!
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const item = ITEM.exec(line)
    if (indent === -1) {
      if (!item) return undefined
      indent = item[1]!.length
    }
    if (item && item[1]!.length === indent) starts.push(i)
    else if (leadingSpaces(line) <= indent) return undefined
  }
  return starts.length > 0 ? starts : undefined
}

function leadingSpaces(line: string): number {
  let n = 0
  while (line.charCodeAt(n) === 32) n++
  return n
}

function lineChars(lines: string[], from: number, to: number): number {
  let n = 0
  for (let i = from; i < to; i++) n += lines[i]!.length + 1
  return n
}
