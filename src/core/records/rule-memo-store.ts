/**
 * What per-record rule parts remembered in the parse cache's index: each part's findings per file
 * (validate/rule-memo.ts), under a context (a digest of everything else they depend on). A run
 * keeps the contexts it used, with what it added.
 */
import type {CacheFile, CachedDiagnostic, RuleMemo} from './index-file.js'
import {keyHolds, RuleColumn} from './rule-column.js'
import type {Learnt} from './index-journal.js'

/** How many per-record rule contexts are kept (a run touches one per rule part and validation, a few at most). */
const RULE_CONTEXTS = 24

export class RuleMemos {
  private readonly oldRules: Record<string, RuleColumn>
  /** Findings this run worked out, by context. */
  private readonly rules = new Map<string, Map<string, RuleMemo>>()
  /** Contexts this run looked in, in order: what a rewrite of the index keeps. */
  private readonly used = new Set<string>()

  /** `learnt`: where what this run adds is noted (for the journal). */
  constructor(old: CacheFile, private readonly learnt: Learnt) {
    this.oldRules = old.rules ?? {}
  }

  /**
   * What a per-record rule part found in a file (validate/rule-memo.ts) when it was last worked out
   * from `key` (the file's content hash, or a digest of it and the records it read), under
   * `context` (a digest of what the part reads besides), and holding on `asOf` when they were
   * remembered for some dates only (rule-column.ts datedKey), with the key as stored (those
   * dates). Positions included, file left out.
   */
  ruleFindings(context: string, file: string, key: string, asOf?: string): RuleMemo | undefined {
    this.used.add(context)
    const hit = this.rules.get(context)?.get(file)
    if (hit) return keyHolds(hit.key, key, asOf) ? hit : undefined
    return Object.hasOwn(this.oldRules, context) ? this.oldRules[context]!.memo(file, key, asOf) : undefined
  }

  /** Keep a context's findings although this run looked none up (a validation from the last one judged no record with it). */
  keep(context: string): void {
    this.used.add(context)
  }

  setRuleFindings(context: string, file: string, key: string, found: CachedDiagnostic[]): void {
    this.used.add(context)
    this.ruleMap(context).set(file, {key, found})
    this.learnt.ruleFindings(context, file)
  }

  private ruleMap(context: string): Map<string, RuleMemo> {
    let map = this.rules.get(context)
    if (!map) this.rules.set(context, (map = new Map()))
    return map
  }

  /** The findings as saved: what this run used and added (a run that validated nothing keeps what it found). */
  rulesToSave(): Record<string, RuleColumn> {
    if (this.used.size === 0) return this.oldRules
    return Object.fromEntries(
      [...this.used].slice(-RULE_CONTEXTS).map((context) => {
        // Files no longer in the index are dropped as it is written (index-file.ts).
        const old = Object.hasOwn(this.oldRules, context) ? [...this.oldRules[context]!] : []
        return [context, RuleColumn.of([...old, ...(this.rules.get(context) ?? [])])]
      }),
    )
  }

  /** The findings this run worked out for `files` under `context` (for a journal line). */
  added(context: string, files: Iterable<string>): Record<string, RuleMemo> {
    return Object.fromEntries([...files].map((f) => [f, this.rules.get(context)!.get(f)!]))
  }
}
