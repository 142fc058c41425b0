/**
 * What a per-record part that reads which participant records exist (`ids`: a referral's
 * `previous` and `consent` must be records) keys a record's findings by, besides its content.
 *
 * A part that declares the IDs it looks up (`names`) reads, for a record, whether each is a
 * record's, and only when one is not every ID of its kinds (the "did you mean" of an unknown
 * consent lists the others). So its findings are kept under the record's key plus one mark per
 * lookup, and the digest of every ID only for a record that names one that is not there ("wide").
 * Adding or removing a referral then judges again the records that name it (delta-basis.ts finds
 * them by facts) and the wide ones, not all 13,000: `lead new referral` on a big site had every
 * referral judged and every memo entry rewritten (~2.5 s).
 *
 * A group with a part that reads `ids` without declaring `names` keeps every ID in its context
 * (rule-memo.ts groupContext), as before: any record added or removed judges every record.
 */
import {createHash} from 'node:crypto'
import type {Kind} from '../records/kinds.js'
import type {SiteRecord} from '../records/load.js'
import type {PerRecordPart, RuleContext} from './rule-context.js'

/** How a group of parts reads which records exist: not at all, by the IDs each record names, or by the whole list. */
export type IdReading = 'none' | 'names' | 'list'

export function idReading(parts: ReadonlyArray<PerRecordPart<unknown>>): IdReading {
  const reading = parts.filter((p) => (p.ids?.length ?? 0) > 0)
  if (reading.length === 0) return 'none'
  return reading.every((p) => p.names !== undefined) ? 'names' : 'list'
}

/**
 * The digest of every record of `kinds` in site order by file (what a group reading the whole list
 * is kept under). The files, not the IDs: a file gives its ID, and a did-you-mean lists the IDs of
 * every record but the one judged, so where that one is among records of the same ID (twins in two
 * year folders) decides their order, and a tie goes to the first listed.
 */
export function idListDigest(ctx: RuleContext, kinds: readonly Kind[]): string {
  const h = createHash('sha1')
  for (const kind of kinds) {
    h.update(`\0${kind}`)
    // One update for the kind's files (the same bytes as one per file, at a tenth of the cost on 10,000 referrals).
    const files = ctx.records.ofKind(kind).map((r) => r.file)
    if (files.length > 0) h.update(`\0${files.join('\0')}`)
  }
  return h.digest('base64url')
}

/** The lookups of a run, with the whole list's digest worked out once, when a record first needs it. */
export class IdLookups {
  private list?: string

  constructor(
    private readonly ctx: RuleContext,
    private readonly kinds: readonly Kind[],
  ) {}

  /**
   * What the record's findings read of which records exist, as a key suffix, and whether they may
   * read every ID (wide). When every ID it names is a record's, nothing: which of its lookups are
   * strings follows from its content, so its content hash (the key as it is, kept in the index's
   * compact form) already says all. When one is not: `|`, a mark per lookup (1 found, 0 not, - no
   * lookup), `|` and the digest of every ID (idListDigest: by file).
   */
  of(record: SiteRecord, parts: ReadonlyArray<PerRecordPart<unknown>>): {suffix: string; wide: boolean} {
    let marks = ''
    let missing = false
    for (const part of parts) {
      if (!part.names || (part.ids?.length ?? 0) === 0) continue
      for (const [kind, id] of part.names(this.ctx, record)) {
        const found = typeof id === 'string' ? this.ctx.records.has(kind, id) : undefined
        if (found === false) missing = true
        marks += found === undefined ? '-' : found ? '1' : '0'
      }
    }
    if (!missing) return {suffix: '', wide: false}
    this.list ??= idListDigest(this.ctx, this.kinds)
    return {suffix: `|${marks}|${this.list}`, wide: true}
  }
}
