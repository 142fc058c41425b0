/**
 * The comments of a record's YAML text, with where each starts. A comment is text outside every
 * field that git keeps in the file and its history like any value: in a referral, consent or
 * meeting it is scanned for identifiers as a value is (validate/rules/privacy.ts), and so it is
 * found here, for those kinds, when the text is parsed and remembered with the parse result.
 * yaml's lexer tells a comment from a `#` inside a quoted or block scalar (`notes: "room #4"`).
 */
import {yaml} from './yaml-lib.js'

export interface RecordComment {
  /** 1-based, of the `#`. */
  line: number
  column: number
  /** What follows the `#` to the end of its line. */
  text: string
}

/** The lexer's markers, which stand for no text (yaml's CST: DOCUMENT, FLOW_END, SCALAR). */
const MARKERS = new Set(['\x02', '\x18', '\x1f'])

/**
 * Where a comment could start: a `#` at a line's start or after anything but a letter, digit, `_`
 * or `-` (`pcg-2026-02-11#1` holds none). YAML wants a space before one; yaml's lexer also takes
 * one straight after a flow list's `]`, and the lexer decides.
 */
const MAY_START = /(?:^|[^\p{L}\p{N}_-])#/mu

/** The comments of `text`, in order; undefined when it has none (most records). */
export function commentsOf(text: string): RecordComment[] | undefined {
  if (!MAY_START.test(text)) return undefined
  const found = headerComments(text) ?? lexedComments(text)
  return found.length > 0 ? found : undefined
}

/**
 * The comment lines before a text's first other line (lead's templates open with such a header),
 * read without the lexer when nothing after them could start one: nothing above them can open a
 * scalar that would hold them. Undefined when the rest could.
 */
function headerComments(text: string): RecordComment[] | undefined {
  const found: RecordComment[] = []
  let at = 0
  for (let line = 1; at < text.length; line++) {
    const end = text.indexOf('\n', at)
    const stop = end < 0 ? text.length : end
    let i = at
    while (text[i] === ' ' || text[i] === '\t') i++
    if (i < stop && text[i] !== '#') break
    if (i < stop) found.push({line, column: i - at + 1, text: text.slice(i + 1, stop)})
    at = stop + 1
  }
  return MAY_START.test(text.slice(at)) ? undefined : found
}

/** Every comment of `text`, as yaml's lexer reads it. */
export function lexedComments(text: string): RecordComment[] {
  const found: RecordComment[] = []
  let at = 0
  let line = 1
  let lineStart = 0
  for (const token of new (yaml().Lexer)().lex(text)) {
    if (MARKERS.has(token)) continue
    if (token.charCodeAt(0) === 0x23) {
      for (let i = text.indexOf('\n', lineStart); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
        line++
        lineStart = i + 1
      }
      found.push({line, column: at - lineStart + 1, text: token.slice(1)})
    }
    at += token.length
  }
  return found
}
