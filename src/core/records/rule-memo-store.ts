/**
 * What per-record rules remembered in the parse cache's index: each rule part's findings per file
 * (validate/rule-memo.ts) and the contents the privacy scan found clean, each under a context (a
 * digest of everything else the result depends on). A run keeps what it used and added.
 */
import type {CacheFile, CachedDiagnostic, RuleMemo} from './index-file.js'
import type {Learnt} from './index-journal.js'

/** How many per-record rule contexts are kept (a run touches one per rule part and validation, a few at most). */
const RULE_CONTEXTS = 24

export class RuleMemos {
  private readonly oldRules: Record<string, Map<string, RuleMemo>>
  /** The rule memo's contexts and files this run used or added: what save keeps (see ruleFindings). */
  private readonly rules = new Map<string, Map<string, RuleMemo>>()
  private readonly oldClean: Record<string, string[]>
  private readonly clean = new Map<string, Set<string>>()

  /** `learnt`: where what this run adds is noted (for the journal). */
  constructor(old: CacheFile, private readonly learnt: Learnt) {
    this.oldRules = old.rules ?? {}
    this.oldClean = old.clean ?? {}
  }

  /**
   * What a per-record rule part found in a file (validate/rule-memo.ts) when it was last worked out
   * from `key` (the file's content hash, or a digest of it and the records it read), under
   * `context` (a digest of what the part reads besides). Positions included, file left out.
   */
  ruleFindings(context: string, file: string, key: string): CachedDiagnostic[] | undefined {
    const hit = this.rules.get(context)?.get(file) ?? (Object.hasOwn(this.oldRules, context) ? this.oldRules[context]!.get(file) : undefined)
    if (hit?.key !== key) return undefined
    this.ruleMap(context).set(file, hit)
    return hit.found
  }

  setRuleFindings(context: string, file: string, key: string, found: CachedDiagnostic[]): void {
    this.ruleMap(context).set(file, {key, found})
    this.learnt.note(this.learnt.rules, context, file)
  }

  private ruleMap(context: string): Map<string, RuleMemo> {
    let map = this.rules.get(context)
    if (!map) this.rules.set(context, (map = new Map()))
    return map
  }

  /**
   * A per-record rule (the privacy scan) found nothing in this content under `context` (a key
   * that names the rule and everything besides the record it depends on) when it last ran.
   */
  isClean(context: string, hash: string): boolean {
    let set = this.clean.get(context)
    if (!set) {
      set = new Set(Object.hasOwn(this.oldClean, context) ? this.oldClean[context] : [])
      this.clean.set(context, set)
    }
    return set.has(hash)
  }

  markClean(context: string, hash: string): void {
    if (this.isClean(context, hash)) return
    this.clean.get(context)!.add(hash)
    this.learnt.note(this.learnt.clean, context, hash)
  }

  /** The findings as saved: what this run used and added (a run that validated nothing keeps what it found). */
  rulesToSave(): Record<string, Map<string, RuleMemo>> {
    if (this.rules.size === 0) return this.oldRules
    return Object.fromEntries([...this.rules].slice(-RULE_CONTEXTS))
  }

  /** The clean marks as saved: for contexts this run saw, of content `kept`. */
  cleanToSave(kept: (hash: string) => boolean): Record<string, string[]> {
    return Object.fromEntries([...this.clean].map(([k, set]) => [k, [...set].filter(kept)]))
  }

  /** The findings this run worked out for `files` under `context` (for a journal line). */
  added(context: string, files: Iterable<string>): Record<string, RuleMemo> {
    return Object.fromEntries([...files].map((f) => [f, this.rules.get(context)!.get(f)!]))
  }
}
