/**
 * What a cross-record rule sees, and how it reports. Rules run over records that passed their
 * schema, so they may rely on the schema's shapes; references are resolved against every record
 * that could be read, so one broken file does not make others look dangling.
 */
import {createHash} from 'node:crypto'
import type {Diagnostic, Severity} from '../errors.js'
import type {Kind} from '../records/kinds.js'
import type {RecordData, SiteRecord, SiteRecords} from '../records/load.js'
import type {DataPath, PathTarget} from '../records/yaml-source.js'
import type {Site} from '../site.js'
import type {IsoDate} from '../clock/dates.js'
import {disclosable, shown, shownPath} from '../privacy/disclosable.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'
import {rememberedVocabulary} from '../privacy/vocabulary-memo.js'

/** Dates from `from` to `until`, inclusive; an end left out is open. */
export interface DateSpan {
  from?: IsoDate
  until?: IsoDate
}

export interface ReportOptions {
  severity?: Severity
  target?: PathTarget
  /** Other files the finding involves (see Diagnostic.related). */
  related?: ReadonlyArray<string | undefined>
  /** What the finding is about when the message masks it (an identifier): kept only as a digest, see Diagnostic.subject. */
  subject?: string
}

/** How many look-ups by held id per kind scan the records before the map is built. */
const FEW_SCANS = 8
const NONE: readonly SiteRecord[] = Object.freeze([])

export class RuleContext {
  readonly site: Site
  readonly records: SiteRecords
  /** The date time-dependent rules judge against (today in the site's time zone, or --as-of). */
  readonly asOf: IsoDate
  readonly diagnostics: Diagnostic[] = []
  private readonly validSet: Pick<ReadonlySet<SiteRecord>, 'has'>
  private vocabularyCache?: SiteVocabulary
  private readonly heldIds = new Map<Kind, Map<string, SiteRecord[]>>()
  /** Look-ups by held id per kind made by scanning, before the map (byHeldId) is built. */
  private readonly heldScans = new Map<Kind, number>()
  /** The dates the findings of the record being judged hold for, as narrowed by holdsFor (takeSpan). */
  private span: DateSpan = {}

  /** `valid`: which of the records passed their schema (asked only of the site's own records). */
  constructor(site: Site, records: SiteRecords, valid: Pick<ReadonlySet<SiteRecord>, 'has'>, asOf: IsoDate) {
    this.site = site
    this.records = records
    this.validSet = valid
    this.asOf = asOf
  }

  /**
   * Records of a kind that passed their schema, with their data typed as the caller expects. Reads
   * every one's value: for referrals and consents, a per-record part (rule-memo.ts) or `field` reads less.
   */
  valid<T = RecordData>(kind: Kind): Array<{record: SiteRecord; data: T}> {
    return this.records.ofKind(kind).flatMap((record) => (this.validSet.has(record) ? [{record, data: record.data as T}] : []))
  }

  isValid(record: SiteRecord): boolean {
    return this.validSet.has(record)
  }

  /** Its value is a map (it may still fail its schema). */
  isReadable(record: SiteRecord): boolean {
    return this.records.readable(record)
  }

  /** A field records are matched by (id, participant, consent, previous): see SiteRecords.field. */
  field(record: SiteRecord, name: 'id' | 'participant' | 'consent' | 'previous'): unknown {
    return this.records.field(record, name)
  }

  /** The valid record of a kind whose `id` field holds `id`; of several, the last (as a re-referral's previous and a referral's consent always were). */
  heldBy(kind: Kind, id: unknown): SiteRecord | undefined {
    return typeof id === 'string' ? this.heldAll(kind, id).at(-1) : undefined
  }

  /**
   * Valid records of a kind whose `id` field holds `id` (site order): byHeldId's list. A validation
   * from the last one judges a referral or two, whose one consent a scan finds for a fraction of
   * what mapping 2,700 consents (or 10,000 referrals) costs; past a few look-ups, the map.
   */
  heldAll(kind: Kind, id: string): readonly SiteRecord[] {
    const map = this.heldIds.get(kind)
    if (map) return map.get(id) ?? NONE
    const scans = (this.heldScans.get(kind) ?? 0) + 1
    this.heldScans.set(kind, scans)
    if (scans > FEW_SCANS) return this.byHeldId(kind).get(id) ?? NONE
    const out: SiteRecord[] = []
    // The same records and fields byHeldId reads, in the same order.
    for (const record of this.records.ofKind(kind)) if (this.validSet.has(record) && this.field(record, 'id') === id) out.push(record)
    return out
  }

  /** Valid records of a kind by the id their `id` field holds (site order), without reading their values. */
  byHeldId(kind: Kind): Map<string, SiteRecord[]> {
    let map = this.heldIds.get(kind)
    if (!map) {
      map = new Map()
      for (const record of this.records.ofKind(kind)) {
        const id = this.validSet.has(record) ? this.field(record, 'id') : undefined
        if (typeof id !== 'string') continue
        const list = map.get(id)
        if (list) list.push(record)
        else map.set(id, [record])
      }
      this.heldIds.set(kind, map)
    }
    return map
  }

  /**
   * Said by a per-record part whose findings about the record it is judging depend on the date:
   * they are the same for every `asOf` from `from` to `until` (inclusive; either open), and may
   * differ outside. A part that reads `asOf` for a record and does not say so would be given the
   * findings of another date (rule-memo.ts remembers them for every date);
   * test/core/rule-dates.test.ts judges every part's records on other dates to hold them to it.
   */
  holdsFor(from: IsoDate | undefined, until: IsoDate | undefined): void {
    if (from !== undefined && (this.span.from === undefined || from > this.span.from)) this.span.from = from
    if (until !== undefined && (this.span.until === undefined || until < this.span.until)) this.span.until = until
  }

  /** The span holdsFor narrowed since the last call (rule-memo.ts: one record's judging), and a fresh one. */
  takeSpan(): DateSpan {
    const span = this.span
    this.span = {}
    return span
  }

  /** What the site declared: the only values of referrals and consents a message may repeat. */
  get vocabulary(): SiteVocabulary {
    this.vocabularyCache ??= rememberedVocabulary(this.site.root, this.site.config, this.records)
    return this.vocabularyCache
  }

  /**
   * A record's value as a message may repeat it: itself when printable (privacy/disclosable.ts),
   * else concealed. Every value of a record a rule puts in a message goes through this.
   */
  shown(record: SiteRecord, path: DataPath, value: unknown = valueAt(record.data, path)): string {
    return shown(record.kind, path, value, this.vocabulary)
  }

  /** Like shown, in quotes when printable: `"harbor-pd"`, or `‹text of 9 characters, not shown›`. */
  quoted(record: SiteRecord, path: DataPath, value: unknown = valueAt(record.data, path)): string {
    const text = this.shown(record, path, value)
    return disclosable(record.kind, path, value, this.vocabulary) ? `"${text}"` : text
  }

  /** A record's field path as a message may repeat it (unknown keys concealed). */
  shownPath(record: SiteRecord, path: DataPath): string {
    return shownPath(record.kind, path)
  }

  report(record: SiteRecord, path: DataPath, code: string, message: string, hint?: string, options: ReportOptions = {}): void {
    const pos = record.source.locate(path, options.target ?? 'value')
    const related = [...new Set(options.related ?? [])].filter((f): f is string => f !== undefined && f !== record.file)
    this.diagnostics.push({
      code, severity: options.severity ?? 'error', message, hint, file: record.file, line: pos.line, column: pos.column, path: [...path],
      ...(related.length > 0 ? {related} : {}),
      ...(options.subject === undefined ? {} : {subject: subjectDigest(options.subject)}),
    })
  }
}

/** The value at `path` in a record's data (undefined where the path does not lead). */
export function valueAt(data: unknown, path: DataPath): unknown {
  let v: unknown = data
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string | number, unknown>)[p]
  }
  return v
}

/** A digest that tells two subjects apart without holding either (never printed; lead's private caches keep only the digest). */
export function subjectDigest(subject: string): string {
  return createHash('sha256').update(subject.normalize('NFKC').toLowerCase()).digest('base64url').slice(0, 22)
}

export interface Rule {
  /** A short name for documentation and debugging; it also names the rule's remembered findings. */
  name: string
  /** The whole-site part: findings that compare records with each other, run on every validation. */
  run?(ctx: RuleContext): void
  /**
   * What the whole-site part reads, when it is less than the whole site: `context`, the site
   * context only (lead.yaml as in effect, the date, records of a kind other than referral and
   * consent, their validity; the date only with runReadsDate); `files`, that and which files there are (path, kind, ID) and whether
   * each is readable. A validation that differs from the last one in referrals and consents alone
   * keeps its findings when what it reads did not change and none is about a changed record (a
   * finding's position is read from its record when reported) (validate/delta-basis.ts;
   * test/core/rule-declarations.test.ts holds each rule to its word on what it finds).
   */
  runReads?: 'context' | 'files'
  /**
   * The whole-site part's findings depend on the date (asOf: an MOU expiring, a meeting planned
   * for a day gone by): a validation from the last one on another date runs it again. Held to it
   * by test/core/rule-declarations.test.ts, which runs every declaring part on other dates.
   */
  runReadsDate?: true
  /**
   * For a part reading `files`: whether its last findings (`kept`) stand when the only change to
   * what it reads is that `added` records' files were added (DeltaPlan.onlyAdded): a `lead new`
   * need not run it over every file. False runs it again. Held to it by
   * test/core/incremental-equivalence.test.ts and the part's own tests.
   */
  runAdded?(ctx: RuleContext, kept: readonly Diagnostic[], added: readonly SiteRecord[]): boolean
  /** The per-record part, whose findings are remembered per record (validate/rule-memo.ts). */
  perRecord?: PerRecordPart<unknown>
}

/**
 * A part of a rule that judges one record at a time. Its findings about a record may depend only on
 * that record (content, file, ID), the site context — lead.yaml as in effect and every record of a
 * kind other than referral and consent (partners, protocols, MOUs, rosters, trainings, meetings) —
 * the date (asOf) only as far as it says (ctx.holdsFor), and on what the part declares below. The
 * memo keys a record's findings by exactly these (and keeps them for every date unless the part
 * narrowed them), so a part that reads anything else (another referral's content, how many
 * consents there are) would be given stale findings: declare it, or put that check in `run`.
 */
export interface PerRecordPart<S> {
  /** The kinds it judges: every record of them that passed its schema, in site order. */
  kinds: readonly Kind[]
  /** Judge every readable record of those kinds, valid or not (its check must then expect any shape). */
  readable?: boolean
  /** Judge every record of those kinds, even one that could not be read (its check sees no data). */
  every?: boolean
  /** Kinds of participant record whose IDs (which records exist, not their content) the findings read. */
  ids?: readonly Kind[]
  /**
   * The IDs of its `ids` kinds this record's check looks up (e.g. a referral's `previous` and
   * `consent`; a value that is not a string is looked up by none). Declared, the findings read
   * whether each is a record's and, only when one is not (a did-you-mean lists the others), every
   * ID of the kind: adding a referral then judges again only the records that name it, not every
   * record (id-lookups.ts). Without it, a record added or removed judges every record again.
   */
  names?(ctx: RuleContext, record: SiteRecord): ReadonlyArray<readonly [Kind, unknown]>
  /** What every record's check shares, built once per run from the context (e.g. the protocols by ID). */
  prepare(ctx: RuleContext): S
  /**
   * Other referral or consent records whose content this record's findings read (a re-referral's
   * previous referral), found through this record's `consent` and `previous` (ctx.field) and their
   * IDs or `id` fields (ctx.heldBy, records.get): a validation from the last one finds a changed
   * record's readers by the same fields (delta-basis.ts).
   */
  reads?(ctx: RuleContext, record: SiteRecord, state: S): ReadonlyArray<SiteRecord | undefined>
  /** Report this record's findings through ctx.report (about this record only). */
  check(ctx: RuleContext, record: SiteRecord, state: S): void
}
