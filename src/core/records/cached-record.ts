/**
 * A record read through the parse cache (load.ts): known by its content hash, its value read from
 * the values file and its text from its file only when first asked for.
 */
import {stateError, type Diagnostic} from '../errors.js'
import {KIND_INFO, type Kind} from './kinds.js'
import {contentHash, type CachedDiagnostic, type IndexEntry, type ParseCache} from './parse-cache.js'
import {decodeRecordBytes, parseRecordText} from './record-parse.js'
import {YamlSource} from './yaml-source.js'
import type {RecordComment} from './yaml-comments.js'
import type {RecordFacts} from './record-facts.js'
import {asRecordData} from './record-query.js'
import {codeKindIs} from './index-tables.js'
import {factsName} from './record-facts.js'
import type {RecordData, RecordInput, SiteRecord} from './load.js'

/** A record's value not yet read. */
const UNREAD = Symbol('unread')

/** A clean schema result (shared: never changed). */
const CLEAN: CachedDiagnostic[] = Object.freeze([]) as unknown as CachedDiagnostic[]

/**
 * `text`: the record's text when it was read; else it is read when first asked for (lazyText).
 * `known`: what the cache holds for `hash`, when the caller looked it up already.
 */
export function fromCache(input: RecordInput, hash: string, cache: ParseCache, diagnostics: Diagnostic[], text: string | undefined, known?: IndexEntry | string): SiteRecord {
  const hit = known ?? cache.known(hash)!
  if (typeof hit === 'string') {
    // The usual entry, as the index codes it (index-tables.ts entryCode, codeParts): no findings,
    // the kind its schema check passed for, the facts. Read in place, without building the entry
    // or its parts (13,000 on a big site), its facts kept as the code itself (no slice per record).
    const record = new CachedRecord(input, hash, cache, text, codeKindIs(hit, input.kind) ? CLEAN : undefined)
    const bar = hit.indexOf('|')
    if (bar >= 0) record.factsIn(hit, bar + 1)
    return record
  }
  const record = new CachedRecord(input, hash, cache, text, hit.schema?.kind === input.kind ? hit.schema.diagnostics : undefined)
  if (hit.facts !== undefined) record.factsIn(hit.facts, 0)
  for (const d of hit.diagnostics) diagnostics.push({...d, file: input.file})
  return record
}

/**
 * A record known by its content hash. Its value is read from the cache's values file when first
 * asked for: a command that needs only what the index holds (a warm validation) never reads it.
 * A class with the value and the source behind getters, not an object with properties defined on
 * it: a big site has 13,400 of them, and each defined property cost two closures and a slow object.
 * Nothing per record is built before it is asked for (a validation after one referral changed
 * asks for a few records' source and value): every object made here lives as long as the run, so
 * the garbage collector copies it twice and the heap grows by it (on this kind of sandbox, ~10-30
 * µs a fresh page).
 */
export class CachedRecord implements SiteRecord {
  readonly kind: Kind
  readonly id: string
  readonly file: string
  hash: string
  schemaResult?: CachedDiagnostic[]
  /** What SiteRecords.field worked out (null: none), kept with the record. */
  knownFacts: RecordFacts | null | undefined = undefined
  /** The text holding the facts as the index holds them (encodeFacts; "" none) from #factsAt: an entry's code or its facts. */
  #facts: string | undefined
  #factsAt = 0
  #input: RecordInput
  #source: YamlSource | undefined
  #cache: ParseCache
  /** UNREAD until the value is first asked for (or set). */
  #data: RecordData | undefined | typeof UNREAD = UNREAD

  constructor(input: RecordInput, hash: string, cache: ParseCache, text: string | undefined, schemaResult: CachedDiagnostic[] | undefined) {
    this.kind = input.kind
    this.id = input.id
    this.file = input.file
    this.hash = hash
    if (schemaResult) this.schemaResult = schemaResult
    this.#input = input
    this.#source = text === undefined ? undefined : new YamlSource(input.file, text)
    this.#cache = cache
  }

  /** The record's text and positions, read from its file when first asked for (lazyText). */
  get source(): YamlSource {
    return (this.#source ??= new YamlSource(this.file, lazyText(this.#input, this.hash, this.#cache)))
  }

  /** Its comments, as the cache's entry for its content holds them (a participant record's: yaml-comments.ts). */
  get comments(): readonly RecordComment[] | undefined {
    return this.#cache.get(this.hash)?.comments
  }

  /** The facts as the index holds them (encodeFacts), from `text` at `at` (fromCache: an entry's code, no slice made). */
  factsIn(text: string, at: number): void {
    this.#facts = text
    this.#factsAt = at
  }

  /** The facts as the index holds them (encodeFacts; "" none), undefined when it holds none. */
  get storedFacts(): string | undefined {
    return this.#facts === undefined ? undefined : this.#factsAt === 0 ? this.#facts : this.#facts.slice(this.#factsAt)
  }

  /** factsName over the stored facts, read in place; undefined when none are stored or they are not of that shape. */
  storedFactsName(names: ReadonlySet<string>): boolean | undefined {
    return this.#facts === undefined ? undefined : factsName(this.#facts, names, this.#factsAt)
  }

  get data(): RecordData | undefined {
    if (this.#data === UNREAD) {
      // Read once; a value set later stands.
      const participant = KIND_INFO[this.kind].participantData === true
      this.#data = asRecordData(this.#cache.value(this.hash, () => parseRecordText(this.file, this.source.text, {conceal: participant}).data, participant))
    }
    return this.#data
  }

  set data(value: RecordData | undefined) {
    this.#data = value
  }
}

/**
 * The text of a record known by `hash`, read when first needed. A file whose stamp vouched for it
 * but that changed since (edited while lead ran) is refused: another content's value must not be
 * parsed, used and remembered under this hash, and reading it as empty left a record that passed
 * its schema without a value (a stack trace in the training index). One git vouched for may
 * differ from its blob only by what checkout converts (line endings): read as it is, and the
 * cache told to stop asking git.
 */
function lazyText(input: RecordInput, hash: string, cache: ParseCache): () => string {
  return () => {
    const bytes = readSafely(input)
    if (contentHash(bytes) !== hash) {
      if (input.hash !== hash) throw stateError('RECORD_CHANGED', `${input.file} changed while lead was reading the site`, 'nothing was written: run the command again (an editor or another program saved the file meanwhile)')
      cache.gitHashDiffered()
    }
    return decodeRecordBytes(input.file, bytes, {maxBytes: KIND_INFO[input.kind].maxBytes}).text ?? ''
  }
}

export function readSafely(input: RecordInput): Uint8Array {
  try {
    return input.read()
  } catch {
    return new Uint8Array()
  }
}
