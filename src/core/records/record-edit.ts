/**
 * Changing a record's YAML text without disturbing the rest of it: edits go through the parsed
 * Document (comments and key order survive), and the text is re-emitted with the layout settings
 * under which the untouched file reproduces itself byte for byte. New values are quoted wherever
 * a YAML 1.1 reader would type them differently (reliability.md §1.2). Where the library's layout
 * differs from the file's (comment spacing, hand-folded text), only the changed lines are spliced in.
 */
import {layoutText} from './layout-writer.js'
import type {Document, Scalar, ToStringOptions} from 'yaml'
import {ExitCode, LeadError, usageError, type Diagnostic} from '../errors.js'
import type {JsonSchema} from '../schemas/schema-registry.js'
import {resolveRef} from '../schemas/schema-outline.js'
import {formatFieldPath, type Assignment, type PathStep} from './field-assignments.js'
import {mergeEdit} from './line-merge.js'
import {PARSE_OPTIONS} from './yaml-source.js'
import {editScalarsInPlace} from './scalar-edit.js'
import {yaml} from './yaml-lib.js'
import {parseRecordText} from './record-parse.js'
import {CONFIG_FILE} from './kinds.js'

export interface EditResult {
  text: string
  /** Paths that changed, as written (`name`, `contacts[0].phone`). */
  changed: string[]
}

/** Which file the text is, for a refusal's position; `conceal`: it holds participant data (referral, consent). */
export interface EditedFile {
  file: string
  conceal?: boolean
}

/**
 * Apply assignments and removals to a record's text. The usual one-line change of a record lead
 * wrote is made on its lines (scalar-edit.ts: the same bytes, without loading the yaml library).
 */
export function editRecordText(text: string, assignments: readonly Assignment[], unsets: readonly PathStep[][] = [], where?: EditedFile): EditResult {
  return editScalarsInPlace(text, assignments, unsets) ?? editByDocument(text, assignments, unsets, where)
}

/** editRecordText through the yaml library's Document: any record, any change. */
export function editByDocument(text: string, assignments: readonly Assignment[], unsets: readonly PathStep[][] = [], where?: EditedFile): EditResult {
  const {isMap, parseDocument} = yaml()
  const doc = parseDocument(text, PARSE_OPTIONS)
  // A file that is not YAML, or not a map of fields (a list, a lone value), is refused as lead
  // validate words it, not with the library's complaint about its collection.
  if (doc.errors.length > 0) throw unreadable(where, fileFault(text, where))
  if (doc.contents !== null && !isMap(doc.contents)) throw unreadable(where, fileFault(text, where), {code: 'NOT_A_RECORD', message: 'a record is a map of fields'})
  try {
    return editDocument(doc, text, assignments, unsets)
  } catch (error) {
    // The library gives up on some files lead validate refuses (an alias bomb stops its rendering):
    // the file's own fault is the error. A file validate finds nothing wrong with is lead's fault.
    const fault = error instanceof LeadError ? undefined : fileFault(text, where)
    if (!fault) throw error
    throw unreadable(where, fault)
  }
}

function editDocument(doc: Document.Parsed, text: string, assignments: readonly Assignment[], unsets: readonly PathStep[][]): EditResult {
  const {isScalar, Scalar} = yaml()
  const layout = layoutOf(doc, text)
  const normalized = doc.toString(layout)
  const changed: string[] = []
  for (const a of assignments) {
    const keys = resolveSteps(doc, a.steps, a.text)
    const node = doc.createNode(a.value)
    quoteAmbiguous(node)
    const existing = doc.getIn(keys, true)
    if (isScalar(existing) && isScalar(node)) {
      // Change the value in place so the comment on its line and its quoting style stay.
      existing.value = node.value
      delete (existing as Scalar & {source?: string}).source
      if (node.type === Scalar.QUOTE_DOUBLE && (existing.type === Scalar.PLAIN || existing.type === undefined)) existing.type = Scalar.QUOTE_DOUBLE
      if (typeof node.value !== 'string') existing.type = Scalar.PLAIN
    } else {
      doc.setIn(keys, node)
    }
    changed.push(a.text)
  }
  for (const steps of unsets) {
    const keys = resolveSteps(doc, steps, formatFieldPath(steps), true)
    if (doc.hasIn(keys)) {
      doc.deleteIn(keys)
      changed.push(formatFieldPath(steps))
    }
  }
  const edited = doc.toString(layout)
  if (edited === normalized) return {text, changed}
  const merged = mergeEdit(text, normalized, edited)
  // The splice must mean exactly what the edited Document means; if it ever does not, the
  // library's own rendering of the whole file is the safe answer.
  return {text: sameData(merged, edited) ? merged : edited, changed}
}

/** The first error lead validate finds in the text (read as a participant's unless told otherwise: nothing of it is shown). */
function fileFault(text: string, where: EditedFile | undefined): Diagnostic | undefined {
  return parseRecordText(where?.file ?? 'record.yaml', text, {conceal: where?.conceal ?? true}).diagnostics.find((d) => d.severity === 'error')
}

/**
 * A file the yaml library cannot edit, refused with `found`, the first finding `lead validate`
 * gives for it: its position and lead's wording, with nothing of a participant's text (the
 * library's own message can quote the file); `otherwise` when validate finds nothing.
 */
function unreadable(where: EditedFile | undefined, found: Diagnostic | undefined, otherwise: {code: string; message: string} = {code: 'YAML_SYNTAX', message: 'it is not valid YAML'}): LeadError {
  const file = where?.file
  // lead edit opens records, not lead.yaml.
  const mend = `fix the file first (${file === CONFIG_FILE ? '' : `lead edit${file ? ` ${file}` : ''}, or `}any editor), then make the change again`
  return new LeadError(found?.code ?? otherwise.code, `the file cannot be edited field by field: ${found?.message ?? otherwise.message}`, {
    exit: ExitCode.usage,
    ...(file ? {pos: found ? {file, line: found.line, column: found.column} : {file}} : {}),
    hint: found?.hint ? `${found.hint}; ${mend}` : mend,
  })
}

/**
 * The field at `keys` is a map, or is made one: a missing or empty field (`handoff:`) becomes an
 * empty map for the fields set in it; a value or list is refused (the library would throw).
 */
function mapAt(doc: Document.Parsed, keys: Array<string | number>, steps: readonly PathStep[], text: string): void {
  const {isMap, isScalar} = yaml()
  const node = doc.getIn(keys, true)
  if (node === undefined || isMap(node)) return
  if (isScalar(node) && node.value === null) {
    const map = doc.createNode({})
    // A comment on the empty field's line stays with it.
    if (node.comment) map.comment = node.comment
    doc.setIn(keys, map)
    return
  }
  throw usageError('NOT_A_MAP', `${text}: ${formatFieldPath(steps.slice(0, keys.length))} is not a map of fields in this record`, `set it whole (e.g. ${formatFieldPath(steps.slice(0, keys.length))}='{…}'), or --unset it first`)
}

/** Turn `[]` into the next index and check list positions exist. */
function resolveSteps(doc: Document.Parsed, steps: readonly PathStep[], text: string, forUnset = false): Array<string | number> {
  const {isSeq} = yaml()
  const keys: Array<string | number> = []
  for (const step of steps) {
    if ('key' in step) {
      if (keys.length > 0) mapAt(doc, keys, steps, text)
      keys.push(step.key)
      continue
    }
    const list = doc.getIn(keys, true)
    const length = isSeq(list) ? list.items.length : 0
    if (list !== undefined && !isSeq(list)) throw usageError('NOT_A_LIST', `${text}: ${formatFieldPath(steps.slice(0, keys.length))} is not a list in this record`, 'use [n] or [] only on list fields')
    if ('append' in step) {
      if (forUnset) throw usageError('BAD_FIELD_PATH', `--unset ${text}: [] means "append"; name the item to remove, e.g. [0]`)
      keys.push(length)
    } else {
      if (step.index > length || (forUnset && step.index >= length)) {
        if (forUnset) return [...keys, step.index]
        throw usageError('BAD_INDEX', `${text}: the list has ${length} item${length === 1 ? '' : 's'}, so [${step.index}] is past its end`, `use [${length}] or [] to add an item`)
      }
      keys.push(step.index)
    }
  }
  return keys
}

/** The first candidate layout under which the document reproduces its own text. */
function layoutOf(doc: Document.Parsed, text: string): ToStringOptions {
  const longest = Math.max(0, ...text.split('\n').map((l) => l.length))
  const candidates: ToStringOptions[] = []
  for (const flowCollectionPadding of [false, true]) {
    for (const lineWidth of [longest, longest + 1, 80, 100, 120, 0]) candidates.push({lineWidth, flowCollectionPadding, minContentWidth: 0})
  }
  for (const c of candidates) if (doc.toString(c) === text) return c
  // No exact match (hand-folded paragraphs): the widest lines keep folded text closest to as written.
  const padded = /\{ \S|\[ \S/.test(text)
  return {lineWidth: longest, flowCollectionPadding: padded, minContentWidth: 0}
}

const probe = (value: string) => new (yaml().Document)(value, {compat: 'yaml-1.1', version: '1.2'}).toString({lineWidth: 0})

/** Quote the strings of a new node that YAML 1.1 (or 1.2) would read as something else. */
export function quoteAmbiguous(node: unknown): void {
  const {isMap, isScalar, isSeq, visit, Scalar} = yaml()
  const fix = (s: Scalar) => {
    if (typeof s.value !== 'string') return
    const out = probe(s.value)
    if (out.startsWith('"') || out.startsWith("'")) s.type = Scalar.QUOTE_DOUBLE
  }
  if (isScalar(node)) return fix(node)
  if (isMap(node) || isSeq(node)) {
    visit(node as never, {
      Scalar(key, s) {
        if (key !== 'key') fix(s)
      },
    })
  }
}

/** Key order of a new record: the order of the schema's properties, nested too. */
export function orderBySchema(root: JsonSchema, schema: JsonSchema, value: unknown): unknown {
  const s = resolveRef(root, schema)
  if (Array.isArray(value)) return value.map((v) => orderBySchema(root, (s.items as JsonSchema) ?? {}, v))
  if (value === null || typeof value !== 'object') return value
  const props = (s.properties ?? {}) as Record<string, JsonSchema>
  const obj = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(props)) if (Object.hasOwn(obj, key)) out[key] = orderBySchema(root, props[key]!, obj[key])
  for (const key of Object.keys(obj)) if (!Object.hasOwn(out, key)) out[key] = obj[key]
  return out
}

/** The text of a new record: an optional comment header, fields in schema order, 1.1-safe quoting. */
export function newRecordText(root: JsonSchema, data: Record<string, unknown>, header?: string): string {
  const ordered = orderBySchema(root, root, data) as Record<string, unknown>
  return layoutText(ordered, header) ?? libraryText(ordered, header)
}

/** newRecordText by the yaml library, for any value (layout-writer.ts writes the plain ones alike without it). */
export function libraryText(ordered: Record<string, unknown>, header?: string): string {
  const doc = new (yaml().Document)(ordered, {version: '1.2', compat: 'yaml-1.1'})
  if (header) doc.commentBefore = header.split('\n').map((l) => ` ${l}`).join('\n')
  return doc.toString({lineWidth: 100, minContentWidth: 0, flowCollectionPadding: false})
}

function sameData(a: string, b: string): boolean {
  const {parseDocument} = yaml()
  const da = parseDocument(a, PARSE_OPTIONS)
  const db = parseDocument(b, PARSE_OPTIONS)
  if (da.errors.length > 0 || db.errors.length > 0) return false
  return JSON.stringify(da.toJS()) === JSON.stringify(db.toJS()) && commentsOf(a) === commentsOf(b)
}

/** The comment text of a file, in order, so a splice cannot drop or duplicate one. */
function commentsOf(text: string): string {
  return (text.match(/(^|\s)#.*$/gm) ?? []).map((c) => c.trim().replace(/^#\s*/, '')).join('\n')
}
