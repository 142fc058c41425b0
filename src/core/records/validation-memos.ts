/**
 * The latest validations' findings, each under a digest of everything they depend on
 * (.git/lead/validations-KEY.json, private, beside the parse cache's index): a run over a state
 * validated before repeats them, and the write path looks up the state before a change. They are
 * not in the index, whose journal would carry the latest on every line: ~30 KB a validation on a
 * 10,000-referral site filled the journal in about twenty writes, each filling costing a rewrite
 * of the index (index-journal.ts).
 */
import type {Diagnostic} from '../errors.js'
import {cacheVersion, validationsFile} from './cache-files.js'
import {DerivedMemos} from './derived-memo.js'

/** How many are kept: the states before and after a write, or a commit's base and head plus the next edit (a pre-commit check validates its base last). */
const KEPT = 3

export class ValidationMemos {
  private readonly memos: DerivedMemos

  /** `indexFile`: the parse cache's index (none: nothing is kept). */
  constructor(indexFile: string | undefined) {
    this.memos = new DerivedMemos(indexFile && validationsFile(indexFile), cacheVersion, KEPT)
  }

  /** The findings remembered under `key` (a damaged file holds none: derived-memo.ts). */
  get(key: string): Diagnostic[] | undefined {
    return this.memos.get(key) as Diagnostic[] | undefined
  }

  set(key: string, diagnostics: Diagnostic[]): void {
    this.memos.set(key, diagnostics)
  }

  /** The keys kept, newest first. */
  keys(): string[] {
    return this.memos.keys()
  }

  save(): void {
    this.memos.save()
  }
}
