/**
 * A record's YAML text and where things are in it: line and column of an offset, of the node at a
 * data path, the source of a scalar. A large record is located piece by piece (yaml-chunks.ts), so
 * a position in a 40,000-officer roster costs the parse of one run of officers, not of the file.
 * Reading a record safely (caps, encoding, unsafe YAML) is record-parse.ts.
 */
import type {Document, ParseOptions, DocumentOptions, SchemaOptions, Pair, Scalar, YAMLMap} from 'yaml'
import {yaml} from './yaml-lib.js'
import {groupOf, headOf, planRead, VALUE_BUDGET, type ChunkPlan, type ValueBudget} from './yaml-chunks.js'

export const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.2',
  schema: 'core',
  merge: false,
  // The library's duplicate-key check is quadratic in the number of keys; record-parse.ts checks in linear time.
  uniqueKeys: false,
  stringKeys: true,
  resolveKnownTags: false,
  prettyErrors: false,
  keepSourceTokens: false,
}

/** Where a path points: the key of a map entry, its value, or the map/sequence holding it. */
export type PathTarget = 'key' | 'value'
export type DataPath = ReadonlyArray<string | number>

export interface Position {
  line: number
  column: number
}

export class YamlSource {
  readonly file: string
  private textCache?: string
  private readonly loadText?: () => string
  private lineStarts?: number[]
  private docCache?: Document.Parsed
  /** A large record's cut into pieces (null: parsed whole), and the last piece parsed for a position. */
  private planCache?: ChunkPlan | null
  private pieceCache?: {start: number; doc: Document.Parsed}

  /** `text` may be a loader: a record served from the cache is read again only if a position is needed. */
  constructor(file: string, text: string | (() => string), doc?: Document.Parsed, private readonly values: ValueBudget = VALUE_BUDGET) {
    this.file = file
    if (typeof text === 'string') this.textCache = text
    else this.loadText = text
    this.docCache = doc
  }

  get text(): string {
    this.textCache ??= this.loadText?.() ?? ''
    return this.textCache
  }

  /** The parsed Document of a record read whole (re-parsed on demand when it came from the cache). */
  private get doc(): Document.Parsed {
    this.docCache ??= yaml().parseDocument(this.text, PARSE_OPTIONS)
    return this.docCache
  }

  setDocument(doc: Document.Parsed): void {
    this.docCache = doc
  }

  /** Drop the syntax trees so a large site does not keep them all in memory. */
  release(): void {
    this.docCache = undefined
    this.pieceCache = undefined
  }

  /** How a large record is cut (computed from the text, so a record from the cache or a worker needs nothing passed along). */
  get plan(): ChunkPlan | undefined {
    if (this.planCache === undefined) {
      const planned = planRead(this.text, this.values)
      this.planCache = planned && 'plan' in planned ? planned.plan : null
    }
    return this.planCache ?? undefined
  }

  /**
   * The Document that holds `path`, the path inside it, and where its text starts in the file: the
   * whole record, or for a large one the run of list items or the head the path falls in.
   */
  private pieceFor(path: DataPath): {root: unknown; path: DataPath; toFile(offset: number): number} {
    const plan = this.plan
    if (!plan) return {root: this.doc.contents, path, toFile: (o) => o}
    const group = path[0] === plan.key && typeof path[1] === 'number' ? groupOf(plan, path[1]) : undefined
    if (group) {
      const doc = this.piece(group.start, () => this.text.slice(group.start, group.end))
      return {root: doc.contents, path: [path[1]! as number - group.first, ...path.slice(2)], toFile: (o) => o + group.start}
    }
    const head = headOf(this.text, plan)
    const doc = this.piece(-1, () => head.text)
    return {root: doc.contents, path, toFile: head.toFile}
  }

  private piece(start: number, text: () => string): Document.Parsed {
    if (this.pieceCache?.start !== start) this.pieceCache = {start, doc: yaml().parseDocument(text(), PARSE_OPTIONS)}
    return this.pieceCache.doc
  }

  position(offset: number): Position {
    const starts = (this.lineStarts ??= computeLineStarts(this.text))
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return {line: lo + 1, column: offset - starts[lo]! + 1}
  }

  /**
   * Position of the node at `path`. With target 'key', the key of the last segment (for an
   * unknown field). If the path does not exist, the deepest existing ancestor (for a missing field).
   */
  locate(path: DataPath, target: PathTarget = 'value'): Position {
    const plan = this.plan
    if (plan && path[0] === plan.key && (path.length === 1 || !groupOf(plan, Number(path[1]))) && !(path.length === 1 && target === 'key')) {
      // The list itself (or an item past its end): where its first item starts, as in the whole Document.
      let at = plan.start
      while (this.text.charCodeAt(at) === 32) at++
      return this.position(at)
    }
    const piece = this.pieceFor(path)
    return this.position(piece.toFile(locateIn(piece.root, piece.path, target)))
  }

  /** The source text of the scalar at `path` as the user wrote it (e.g. `0412` for the number 412). */
  sourceOf(path: DataPath): string | undefined {
    const piece = this.pieceFor(path)
    let node: unknown = piece.root
    for (const seg of piece.path) {
      if (yaml().isMap(node)) node = findPair(node, String(seg))?.value
      else if (yaml().isSeq(node) && typeof seg === 'number') node = node.items[seg]
      else return undefined
    }
    return yaml().isScalar(node) ? (node as Scalar & {source?: string}).source : undefined
  }

  /** The one source line, for code frames in diagnostics. */
  lineText(line: number): string {
    const starts = (this.lineStarts ??= computeLineStarts(this.text))
    const start = starts[line - 1]
    if (start === undefined) return ''
    let end = starts[line] ?? this.text.length
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--
    return this.text.slice(start, end)
  }
}

/** Offset, within a Document, of the node at `path` (see YamlSource.locate). */
function locateIn(root: unknown, path: DataPath, target: PathTarget): number {
  let node: unknown = root
  let best: number = rangeStart(node) ?? 0
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!
    const last = i === path.length - 1
    if (yaml().isMap(node)) {
      const pair = findPair(node, String(seg))
      if (!pair) break
      if (last && target === 'key') {
        best = rangeStart(pair.key) ?? best
        break
      }
      node = pair.value
      best = rangeStart(pair.value) ?? rangeStart(pair.key) ?? best
    } else if (yaml().isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg]
      if (item === undefined) break
      node = item
      best = rangeStart(item) ?? best
    } else {
      break
    }
  }
  return best
}

function computeLineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as {range?: [number, number, number]} | null)?.range
  return range ? range[0] : undefined
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  for (const pair of map.items) {
    const k = yaml().isScalar(pair.key) ? pair.key.value : pair.key
    if (String(k) === key) return pair as Pair
  }
  return undefined
}

