/**
 * One per-record rule context's remembered findings (validate/rule-memo.ts), read in place from the
 * index's columns: a file's position in the index's paths gives its slot, its slot a key and the
 * findings (most often none). On 10,000 referrals a validation looks in eight or so contexts of
 * 13,000 files each; objects and maps per file cost more to build and collect than the lookups.
 * Findings added since (a journal line, this run) are kept beside the columns and win.
 */
import type {CachedDiagnostic, RuleMemo} from './index-file.js'

/** What the columns refer into: the index's paths and content hashes, and a stored path's position (FileTable.position: no map for a few look-ups). */
export interface ColumnTable {
  paths: readonly string[]
  hashes: readonly string[]
  position(file: string): number | undefined
}

const NONE: CachedDiagnostic[] = []

/**
 * A remembered key with the dates its findings hold for: `KEY@FROM~UNTIL` (either end may be
 * empty: open), when the part that judged the record read the date (validate/rule-memo.ts, a
 * referral's intake still due). Content hashes and digests never hold `@`.
 */
export function datedKey(key: string, span: string): string {
  return span === '' ? key : `${key}@${span}`
}

/** Dates from `from` to `until` as a key holds them, `FROM~UNTIL`; '' when both are open (every date). */
export function spanText(from: string | undefined, until: string | undefined): string {
  return from === undefined && until === undefined ? '' : `${from ?? ''}~${until ?? ''}`
}

/** The dates a key stored for `key` holds its findings for (spanText); '' for every date. */
export function spanOfKey(stored: string, key: string): string {
  return stored.length > key.length && stored.charCodeAt(key.length) === 64 ? stored.slice(key.length + 1) : ''
}

/** Whether findings remembered under `stored` were worked out from `key` and hold on `asOf` (datedKey). */
export function keyHolds(stored: string, key: string, asOf: string | undefined): boolean {
  if (stored === key) return true
  const span = asOf !== undefined && stored.startsWith(key) ? spanOfKey(stored, key) : ''
  return span !== '' && spanHolds(span, asOf!)
}

/** Whether `asOf` is within a span written `FROM~UNTIL` (either end empty: open; '' holds always). */
export function spanHolds(span: string, asOf: string): boolean {
  if (span === '') return true
  const tilde = span.indexOf('~')
  if (tilde < 0) return false
  const from = span.slice(0, tilde)
  const until = span.slice(tilde + 1)
  return (from === '' || asOf >= from) && (until === '' || asOf <= until)
}

export class RuleColumn implements Iterable<[string, RuleMemo]> {
  private slots?: Int32Array
  private readonly added = new Map<string, RuleMemo>()

  /** `files`: positions in table.paths; `keys`: a position in table.hashes or a digest; `found`: by slot, when any. */
  constructor(
    private readonly table: ColumnTable | undefined,
    private readonly files: readonly number[] = [],
    private readonly keys: ReadonlyArray<number | string> = [],
    private readonly found: Readonly<Record<string, CachedDiagnostic[]>> = {},
  ) {}

  static of(entries: Iterable<[string, RuleMemo]>): RuleColumn {
    const column = new RuleColumn(undefined)
    for (const [file, memo] of entries) column.set(file, memo)
    return column
  }

  /** The findings remembered for `file` when worked out from `key` (and holding on `asOf`: keyHolds), else undefined. */
  findings(file: string, key: string, asOf?: string): CachedDiagnostic[] | undefined {
    return this.memo(file, key, asOf)?.found
  }

  /** The memo (its key as stored: with the dates it holds for) behind findings(). */
  memo(file: string, key: string, asOf?: string): RuleMemo | undefined {
    const memo = this.added.get(file)
    if (memo) return keyHolds(memo.key, key, asOf) ? memo : undefined
    const slot = this.slot(file)
    if (slot < 0) return undefined
    const k = this.keys[slot]!
    const stored = typeof k === 'string' ? k : this.table!.hashes[k]!
    return keyHolds(stored, key, asOf) ? {key: stored, found: this.found[slot] ?? NONE} : undefined
  }

  set(file: string, memo: RuleMemo): void {
    this.added.set(file, memo)
  }

  *[Symbol.iterator](): Iterator<[string, RuleMemo]> {
    for (let slot = 0; slot < this.files.length; slot++) {
      const file = this.table!.paths[this.files[slot]!]!
      if (this.added.has(file)) continue
      const k = this.keys[slot]!
      yield [file, {key: typeof k === 'string' ? k : this.table!.hashes[k]!, found: this.found[slot] ?? NONE}]
    }
    yield* this.added
  }

  private slot(file: string): number {
    if (!this.table) return -1
    const at = this.table.position(file)
    if (at === undefined) return -1
    if (!this.slots) {
      this.slots = new Int32Array(this.table.paths.length).fill(-1)
      this.files.forEach((pos, slot) => (this.slots![pos] = slot))
    }
    return this.slots[at]!
  }
}
