/**
 * Reading one YAML record safely: the bytes (size cap, strict UTF-8), then the YAML.
 *
 * Records are hand-edited and may come from anyone with push access, so parsing is defensive
 * (see ../shared/reliability.md §1): YAML 1.2 only, no anchors, aliases, explicit tags or
 * directives, duplicate keys checked in linear time, a budget on how many values a record may
 * hold, and every failure becomes a Diagnostic with a line and column — never an exception.
 * A large record is parsed in pieces (yaml-chunks.ts), so memory follows its values, not the
 * library's syntax trees.
 */
import type {Document, Node as YamlNode, Scalar} from 'yaml'
import {yaml} from './yaml-lib.js'
import {formatBytes} from '../text/byte-size.js'
import type {Diagnostic} from '../errors.js'
import {headOf, planChunks, planRead, VALUE_BUDGET, type ChunkPlan, type ValueBudget} from './yaml-chunks.js'
import {readLeadRecord, readPlainItems, RESERVED_KEYS} from './lead-layout.js'
import {PARSE_OPTIONS, YamlSource} from './yaml-source.js'
import {commentsOf, type RecordComment} from './yaml-comments.js'
import {isLeadHeader} from './record-headers.js'

/** Plain scalars that a YAML 1.1 reader (PyYAML, ajv-cli, older tools) would type differently. */
const YAML11_BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/
const YAML11_SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/
const YAML11_OCTAL = /^[-+]?0[0-7_]+$/
const YAML11_TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$/
const CONFLICT_MARKER = /^(<{7}|>{7})(?: |$)|^={7}$|^\|{7}(?: |$)/m

export interface ReadLimits {
  maxBytes: number
}

export interface ParsedRecord {
  /** JSON-shaped data; undefined when the file could not be read as YAML. */
  data: unknown
  /** Problems found while reading (syntax, encoding, unsafe YAML features). */
  diagnostics: Diagnostic[]
  source?: YamlSource
  /** A participant record's comments (yaml-comments.ts), scanned as its values are; absent when it has none. */
  comments?: RecordComment[]
}

export type Decoded = {text: string; diagnostics?: undefined} | {text?: undefined; diagnostics: Diagnostic[]}

export interface ParseTextOptions {
  /**
   * The file holds participant data (a referral or consent): no message repeats any of its text
   * (keys, anchors, tags, values, the parser's own words). The position says where to look.
   */
  conceal?: boolean
  /** How many values the record may hold (tests use small budgets). */
  values?: ValueBudget
  /**
   * The lead-layout shortcuts (lead-layout.ts): by default a whole record always and a long list
   * from 16 KiB; 'never' reads with the yaml library only, 'always' tries the list at any size
   * (tests compare the ways of reading).
   */
  shortcuts?: 'default' | 'never' | 'always'
}

export function fileTooLarge(file: string, size: number, maxBytes: number): Diagnostic {
  return {code: 'FILE_TOO_LARGE', severity: 'error', message: `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit for this kind of record`, hint: 'split the record, or check that this is the file you meant to put here', file, line: 1, column: 1}
}

/** Size cap, encoding checks and UTF-8 decoding (a leading BOM is dropped). */
export function decodeRecordBytes(file: string, bytes: Uint8Array, limits: ReadLimits): Decoded {
  const fail = (code: string, message: string, hint: string, line = 1, column = 1): Decoded => ({
    diagnostics: [{code, severity: 'error', message, hint, file, line, column}],
  })
  if (bytes.byteLength > limits.maxBytes) return {diagnostics: [fileTooLarge(file, bytes.byteLength, limits.maxBytes)]}
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return fail('NOT_UTF8', 'file is UTF-16, not UTF-8', 're-save the file as UTF-8 (most editors: "Save with encoding")')
  }
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, nul))
    const pos = new YamlSource(file, prefix).position(prefix.length)
    return fail('BINARY_FILE', 'file contains a NUL byte: it is binary, not YAML text', 'remove the file or replace it with the YAML record', pos.line, pos.column)
  }
  try {
    return {text: new TextDecoder('utf-8', {fatal: true}).decode(bytes)}
  } catch {
    const at = firstInvalidUtf8(bytes)
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, at))
    const pos = new YamlSource(file, prefix).position(prefix.length)
    return fail('NOT_UTF8', 'file is not valid UTF-8', 're-save the file as UTF-8 (it may be Latin-1 or Windows-1252)', pos.line, pos.column)
  }
}

/** Decode and parse one file's bytes. Never throws for bad input: every problem is a Diagnostic. */
export function parseRecordBytes(file: string, bytes: Uint8Array, limits: ReadLimits, options: ParseTextOptions = {}): ParsedRecord {
  const decoded = decodeRecordBytes(file, bytes, limits)
  if (decoded.diagnostics) return {data: undefined, diagnostics: decoded.diagnostics}
  return parseRecordText(file, decoded.text, options)
}

/** Parse already-decoded text (a leading BOM has been removed); a participant record's comments come with its value. */
export function parseRecordText(file: string, text: string, options: ParseTextOptions = {}): ParsedRecord {
  // Read in lead's layout, its comments are its whole comment lines: no lexer needed (yaml-comments.ts).
  const inLayout: RecordComment[] | undefined = options.conceal === true ? [] : undefined
  const parsed = readRecordText(file, text, options, inLayout)
  // lead's own header line holds nothing to scan (record-headers.ts).
  const comments = inLayout && parsed.data !== undefined ? (parsed.comments ?? commentsOf(text))?.filter((c) => !isLeadHeader(c.text)) : undefined
  parsed.comments = comments?.length ? comments : undefined
  return parsed
}

function readRecordText(file: string, text: string, options: ParseTextOptions, inLayout?: RecordComment[]): ParsedRecord {
  const values = options.values ?? VALUE_BUDGET
  const conceal = options.conceal === true
  const diagnostics: Diagnostic[] = []
  const source = new YamlSource(file, text, undefined, values)
  /** A reporter for a piece of the text that starts at `toFile(0)` in the file. */
  const reporter = (toFile: (offset: number) => number): AddDiagnostic => (code, message, hint, offset, severity = 'error') => {
    const pos = source.position(toFile(offset))
    diagnostics.push({code, severity, message, hint, file, line: pos.line, column: pos.column})
  }
  const add = reporter((o) => o)
  const failed = () => ({data: undefined, diagnostics, source})

  const marker = CONFLICT_MARKER.exec(text)
  if (marker) {
    add('MERGE_CONFLICT', 'file contains a git merge-conflict marker', 'resolve the conflict (keep the right lines, delete the markers), then `git add` the file', marker.index)
    return failed()
  }
  // What reading will cost is known before parsing: a record too big for any budget stops here.
  const planned = planRead(text, values)
  if (planned && 'problem' in planned) {
    add(planned.problem.code, planned.problem.message, planned.problem.hint, planned.problem.offset)
    return failed()
  }

  const budget: Budget = {left: values.record, of: values.record}
  // Text in the layout lead writes is read without the yaml library's syntax tree: a whole record,
  // or a long list (a roster's officers, whose history lines are flow maps) item by item.
  const shortcuts = options.shortcuts ?? 'default'
  if (shortcuts !== 'never') {
    const count = {left: budget.left}
    const whole = readLeadRecord(text, count, inLayout)
    if (whole) return {data: whole, diagnostics, source, ...(inLayout ? {comments: inLayout} : {})}
    const cut = shortcuts === 'default' && text.length < LIST_SHORTCUT_FROM ? undefined : (planned?.plan ?? planOf(planChunks(text, values)))
    const fast = cut && readInLeadLayout(text, cut, budget, conceal)
    if (fast) return {data: fast, diagnostics, source}
  }
  let data: unknown
  if (!planned) {
    const piece = parsePiece(text, add, budget, conceal)
    if (piece.doc) source.setDocument(piece.doc)
    data = piece.data
  } else {
    const {plan} = planned
    const head = headOf(text, plan)
    data = parsePiece(head.text, reporter(head.toFile), budget, conceal).data
    const items: unknown[] = []
    for (const group of plan.groups) {
      if (diagnostics.some((d) => d.severity === 'error')) break
      const piece = parsePiece(text.slice(group.start, group.end), reporter((o) => o + group.start), budget, conceal)
      if (!Array.isArray(piece.data) || piece.data.length !== group.count) {
        if (piece.data !== undefined) add('YAML_SYNTAX', `the items of ${plan.key} from here do not line up`, `start every item of ${plan.key} with "- " at the same indentation`, group.start)
        break
      }
      for (const item of piece.data) items.push(item)
    }
    const map = data as Record<string, unknown> | null
    if (map !== null && typeof map === 'object' && !Array.isArray(map) && map[plan.key] === null) map[plan.key] = items
  }
  if (diagnostics.some((d) => d.severity === 'error')) return failed()
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const what = data === null ? 'nothing' : Array.isArray(data) ? 'a list' : 'a single value'
    add('NOT_A_RECORD', `a record is a map of fields, but this file holds ${what}`, 'see `lead schema show KIND --outline` for the fields of each kind', 0)
    return failed()
  }
  return {data, diagnostics, source}
}

/** Below this many characters the yaml library reads a list fast enough. */
const LIST_SHORTCUT_FROM = 16 * 1024

const planOf = (cut: ReturnType<typeof planChunks>): ChunkPlan | undefined => (cut && 'plan' in cut ? cut.plan : undefined)

/**
 * The record read with lead-layout.ts for the list and the yaml library for the rest, or
 * undefined when any item is outside lead's layout or the rest has anything to report: then it
 * is read the ordinary way, which finds and reports it.
 */
function readInLeadLayout(text: string, plan: ChunkPlan, budget: Budget, conceal: boolean): Record<string, unknown> | undefined {
  const count = {left: budget.left}
  const items: unknown[] = []
  for (const group of plan.groups) {
    const read = readPlainItems(text, group.start, group.end, count)
    if (!read || read.length !== group.count) return undefined
    for (const item of read) items.push(item)
  }
  let found = false
  const headBudget: Budget = {left: count.left, of: budget.of}
  const head = parsePiece(headOf(text, plan).text, () => (found = true), headBudget, conceal).data
  if (found || head === null || typeof head !== 'object' || Array.isArray(head)) return undefined
  const map = head as Record<string, unknown>
  if (map[plan.key] !== null) return undefined
  map[plan.key] = items
  budget.left = headBudget.left
  return map
}

interface Budget {
  left: number
  of: number
  spent?: boolean
}

/** One piece of YAML text (a whole record, or a piece of a large one): its Document and its value, problems reported through `add`. */
function parsePiece(text: string, add: AddDiagnostic, budget: Budget, conceal: boolean): {doc?: Document.Parsed; data: unknown} {
  let doc: Document.Parsed
  try {
    doc = yaml().parseDocument(text, PARSE_OPTIONS)
  } catch (error) {
    // yaml >= 2.8.3 reports deep nesting as an error, but stay safe against any throw.
    add('YAML_SYNTAX', conceal ? 'YAML could not be parsed' : `YAML could not be parsed: ${(error as Error).message}`, 'simplify the file; records never need deep nesting', 0)
    return {data: undefined}
  }
  for (const err of doc.errors) {
    const message = SYNTAX_MESSAGES[err.code] ?? (conceal ? (CONCEALED_SYNTAX_MESSAGES[err.code] ?? 'the YAML cannot be read here') : firstLine(err.message))
    // Where the parser ran out of stack depends on the stack; where the nesting got deep does not.
    const offset = err.code === 'RESOURCE_EXHAUSTION' ? deepNestingOffset(text) ?? err.pos[0] : err.pos[0]
    add(err.code === 'DUPLICATE_KEY' ? 'DUPLICATE_KEY' : 'YAML_SYNTAX', message, syntaxHint(err.code), offset)
  }
  if (doc.errors.length > 0) return {data: undefined}
  for (const warn of doc.warnings) {
    add('YAML_TAG', conceal ? 'explicit tags are not allowed in records' : `explicit tags are not allowed in records (${firstLine(warn.message)})`, 'remove the tag: records hold plain YAML values only', warn.pos[0])
  }
  if (doc.directives?.yaml.explicit || Object.keys(doc.directives?.tags ?? {}).some((t) => t !== '!!')) {
    add('YAML_DIRECTIVE', 'YAML directives (%YAML, %TAG) are not allowed in records', 'delete the directive line: records are always read as YAML 1.2', text.search(/^%/m) === -1 ? 0 : text.search(/^%/m))
  }
  return {doc, data: toData(doc.contents, add, doc.warnings.length > 0, false, budget, conceal)}
}

type AddDiagnostic = (code: string, message: string, hint: string, offset: number, severity?: 'error' | 'warning') => void

/**
 * One walk over the syntax tree that both builds the JSON value and reports unsafe features,
 * duplicate keys and values YAML 1.1 would read differently. (Measured: about 40% faster than
 * the library's visit() followed by toJS() on large rosters.) The value is only used when no
 * error was reported, so reserved keys never reach an object.
 */
function toData(node: unknown, add: AddDiagnostic, tagWarned: boolean, isKey: boolean, budget: Budget, conceal: boolean): unknown {
  if (node === null || node === undefined) return null
  if (--budget.left < 0) {
    // The estimate is an upper bound, so this only guards against a miscount.
    if (!budget.spent) add('RECORD_TOO_COMPLEX', `the record holds more than ${budget.of.toLocaleString('en')} values`, 'no record needs this many: check that this is the file you meant to put here', rangeStart(node) ?? 0)
    budget.spent = true
    return null
  }
  if (yaml().isAlias(node)) {
    add('YAML_ALIAS', conceal ? 'aliases (*name) are not allowed in records' : `alias *${node.source} is not allowed in records`, 'write the value out in full; anchors and aliases are not allowed', rangeStart(node) ?? 0)
    return null
  }
  const n = node as YamlNode
  if (n.anchor) add('YAML_ANCHOR', conceal ? 'anchors (&name) are not allowed in records' : `anchor &${n.anchor} is not allowed in records`, 'remove the anchor; write repeated values out in full', rangeStart(n) ?? 0)
  if (n.tag && !(yaml().isScalar(n) && tagWarned)) add('YAML_TAG', conceal ? 'explicit tags are not allowed in records' : `explicit tag ${n.tag} is not allowed in records`, 'remove the tag: records hold plain YAML values only', rangeStart(n) ?? 0)
  if (yaml().isScalar(n)) {
    if (!isKey && n.type === 'PLAIN') checkYaml11(n, add, conceal)
    return n.value
  }
  if (yaml().isSeq(n)) return n.items.map((item) => toData(item, add, tagWarned, false, budget, conceal))
  if (yaml().isMap(n)) {
    const out: Record<string, unknown> = {}
    const seen = new Set<string>()
    for (const pair of n.items) {
      const keyNode = pair.key
      toData(keyNode, add, tagWarned, true, budget, conceal)
      const key = yaml().isScalar(keyNode) ? String(keyNode.value) : String(keyNode)
      if (seen.has(key)) add('DUPLICATE_KEY', conceal ? 'duplicate key: the same key appears earlier in this map' : `duplicate key "${key}"`, 'a key may appear only once in a map: delete or merge the repeated entry', rangeStart(keyNode) ?? 0)
      seen.add(key)
      if (RESERVED_KEYS.has(key)) {
        add('RESERVED_KEY', `key "${key}" is not allowed`, 'remove it: this key name is reserved', rangeStart(keyNode) ?? 0)
        continue
      }
      out[key] = toData(pair.value, add, tagWarned, false, budget, conceal)
    }
    return out
  }
  return null
}

function checkYaml11(node: Scalar, add: AddDiagnostic, conceal: boolean): void {
  const src = (node as Scalar & {source?: string}).source
  if (src === undefined) return
  let meaning: string | undefined
  if (YAML11_BOOL.test(src)) meaning = 'a boolean'
  else if (YAML11_SEXAGESIMAL.test(src)) meaning = 'a base-60 number'
  else if (YAML11_OCTAL.test(src) && typeof node.value === 'number') meaning = 'an octal number'
  else if (YAML11_TIMESTAMP.test(src)) meaning = 'a timestamp'
  if (!meaning) return
  if (conceal) {
    add('YAML_AMBIGUOUS', `an unquoted value here means ${typeof node.value === 'string' ? 'text' : 'a number'} to lead, but ${meaning} to YAML 1.1 tools`, 'quote it', rangeStart(node) ?? 0, 'warning')
    return
  }
  add(
    'YAML_AMBIGUOUS',
    `unquoted value ${src} means ${typeof node.value === 'string' ? `the text "${src}"` : `the number ${String(node.value)}`} here, but ${meaning} to YAML 1.1 tools`,
    `quote it: "${src}"`,
    rangeStart(node) ?? 0,
    'warning',
  )
}

/** First offset where flow brackets or block indentation nest more than 100 levels deep. */
function deepNestingOffset(text: string): number | undefined {
  let depth = 0
  let lineStart = true
  let indent = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '\n') {
      lineStart = true
      indent = 0
      continue
    }
    if (lineStart && ch === ' ') {
      if (++indent > 200) return i
      continue
    }
    lineStart = false
    if (ch === '[' || ch === '{') {
      if (++depth > 100) return i
    } else if (ch === ']' || ch === '}') depth--
  }
  return undefined
}

/** Our wording where the library's speaks to programmers. */
const SYNTAX_MESSAGES: Record<string, string> = {
  RESOURCE_EXHAUSTION: 'YAML is nested too deeply to read',
  MULTIPLE_DOCS: 'file holds more than one YAML document',
  TAB_AS_INDENT: 'tab used for indentation',
  BLOCK_AS_IMPLICIT_KEY: 'a value containing ": " must be quoted',
  MULTILINE_IMPLICIT_KEY: 'a key runs over more than one line (a missing space after ":"?)',
  MISSING_CHAR: 'a closing quote or bracket is missing',
  BAD_INDENT: 'the indentation does not line up',
}

/** The parser's messages can quote the source; in participant files these stand in for them. */
const CONCEALED_SYNTAX_MESSAGES: Record<string, string> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: 'an alias does not name an anchor',
  BAD_DIRECTIVE: 'a directive line is not valid',
  BAD_DQ_ESCAPE: 'a double-quoted value holds an invalid escape sequence (a backslash)',
  BAD_PROP_ORDER: 'an anchor or tag is in the wrong place',
  BAD_SCALAR_START: 'a plain value starts with a reserved character (quote the value)',
  BLOCK_IN_FLOW: 'a block value is inside brackets or braces',
  IMPOSSIBLE: 'the YAML cannot be read here',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
  MULTIPLE_ANCHORS: 'a value has more than one anchor',
  MULTIPLE_TAGS: 'a value has more than one tag',
  NON_STRING_KEY: 'a key is not plain text',
  TAG_RESOLVE_FAILED: 'a tag cannot be resolved',
  UNEXPECTED_TOKEN: 'unexpected characters here',
  BAD_COLLECTION_TYPE: 'a list or map is of the wrong type',
}

function syntaxHint(code: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs'
    case 'BAD_INDENT':
      return 'line up entries of the same map or list at the same column'
    case 'MULTIPLE_DOCS':
      return 'a record file holds exactly one YAML document: remove the `---` line'
    case 'NON_STRING_KEY':
      return 'keys must be plain names'
    case 'DUPLICATE_KEY':
      return 'a key may appear only once in a map'
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'put the value in quotes, e.g. title: "Meeting: Tuesday"'
    case 'MULTILINE_IMPLICIT_KEY':
      return 'write a space after the colon (name: value), or quote the value'
    case 'MISSING_CHAR':
      return 'close the quote or bracket opened earlier on this line or above'
    default:
      return 'fix the YAML syntax at this position (a missing quote, bracket or colon is the usual cause)'
  }
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message
  return line.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '')
}

/** Offset of the first byte that is not valid UTF-8 (the decoder marks it with U+FFFD). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const lossy = new TextDecoder('utf-8').decode(bytes)
  const at = lossy.indexOf('\uFFFD')
  return at === -1 ? bytes.length : new TextEncoder().encode(lossy.slice(0, at)).length
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as {range?: [number, number, number]} | null)?.range
  return range ? range[0] : undefined
}
