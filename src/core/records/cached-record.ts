/**
 * A record read through the parse cache (load.ts): known by its content hash, its value read from
 * the values file and its text from its file only when first asked for.
 */
import {stateError, type Diagnostic} from '../errors.js'
import {KIND_INFO, type Kind} from './kinds.js'
import {contentHash, type CachedDiagnostic, type ParseCache} from './parse-cache.js'
import {decodeRecordBytes, parseRecordText} from './record-parse.js'
import {YamlSource} from './yaml-source.js'
import type {RecordFacts} from './record-facts.js'
import {asRecordData} from './record-query.js'
import {codeFacts, codeKindIs} from './index-tables.js'
import type {RecordData, RecordInput, SiteRecord} from './load.js'

/** A clean schema result (shared: never changed). */
const CLEAN: CachedDiagnostic[] = Object.freeze([]) as unknown as CachedDiagnostic[]

/** `text`: the record's text when it was read; else it is read when first asked for (lazyText). */
export function fromCache(input: RecordInput, hash: string, cache: ParseCache, diagnostics: Diagnostic[], text: string | undefined): SiteRecord {
  const hit = cache.known(hash)!
  if (typeof hit === 'string') {
    // The usual entry, as the index codes it (index-tables.ts entryCode, codeParts): no findings,
    // the kind its schema check passed for, the facts. Read in place, without building the entry
    // or its parts (13,000 on a big site).
    const record = new CachedRecord(input, hash, cache, text, codeKindIs(hit, input.kind) ? CLEAN : undefined)
    const facts = codeFacts(hit)
    if (facts !== undefined) record.storedFacts = facts
    return record
  }
  const record = new CachedRecord(input, hash, cache, text, hit.schema?.kind === input.kind ? hit.schema.diagnostics : undefined)
  if (hit.facts !== undefined) record.storedFacts = hit.facts
  for (const d of hit.diagnostics) diagnostics.push({...d, file: input.file})
  return record
}

/**
 * A record known by its content hash. Its value is read from the cache's values file when first
 * asked for: a command that needs only what the index holds (a warm validation) never reads it.
 * A class with the value behind a getter, not an object with a property defined on it: a big site
 * has 13,400 of them, and each defined property cost two closures and a slow object.
 */
export class CachedRecord implements SiteRecord {
  readonly kind: Kind
  readonly id: string
  readonly file: string
  hash: string
  schemaResult?: CachedDiagnostic[]
  /** What SiteRecords.field worked out (null: none), kept with the record. */
  knownFacts: RecordFacts | null | undefined = undefined
  /** The facts as the index holds them (encodeFacts; "" none), decoded when first asked for. */
  storedFacts?: string
  /** An own property, not a getter: a copy of the record (a rule's narrowed view in tests) keeps it. */
  readonly source: YamlSource
  #cache: ParseCache | undefined
  #data: RecordData | undefined

  constructor(input: RecordInput, hash: string, cache: ParseCache, text: string | undefined, schemaResult: CachedDiagnostic[] | undefined) {
    this.kind = input.kind
    this.id = input.id
    this.file = input.file
    this.source = new YamlSource(input.file, text ?? lazyText(input, hash, cache))
    this.hash = hash
    if (schemaResult) this.schemaResult = schemaResult
    this.#cache = cache
  }

  get data(): RecordData | undefined {
    const cache = this.#cache
    if (cache) {
      // Read once; the cache is let go so that a value set later stands.
      this.#cache = undefined
      const participant = KIND_INFO[this.kind].participantData === true
      this.#data = asRecordData(cache.value(this.hash, () => parseRecordText(this.file, this.source.text, {conceal: participant}).data, participant))
    }
    return this.#data
  }

  set data(value: RecordData | undefined) {
    this.#cache = undefined
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
