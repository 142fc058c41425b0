/**
 * git's words relayed when a commit of a referral or consent fails. lead's error names git's own
 * reason (git-errors.ts commitFailure: its `error:` line), and that line may be a hook's: a site's
 * pre-commit hook that quotes the staged change (`git diff --cached | grep notes`) would put a
 * participant's notes in the terminal, a CI log or --json. Such a line is shown only when it
 * repeats nothing of the records written that may not be printed — no value, and no word of one
 * (a hook may quote part of a line) — and holds nothing the identifier scan finds (a name, a phone
 * number, a birth date). Otherwise lead says the words are withheld, and how to read them: the
 * commit made by hand, which prints them to the person at the terminal only.
 */
import type {RecordChange} from '../records/record-change.js'
import type {SiteRecords} from '../records/load.js'
import {secretsOf} from '../privacy/disclosure-guard.js'
import {rememberedVocabulary} from '../privacy/vocabulary-memo.js'
import {staffNames} from '../privacy/vocabulary.js'
import {shownAsParticipant} from '../privacy/disclosable.js'
import {scanText} from '../privacy/identifiers.js'
import type {Site} from '../site.js'
import {concernsParticipant} from './commit-message.js'

/** What lead says in place of git's words it withholds. */
export const WITHHELD = "git's words are not shown: they may quote the referral or consent committed (a hook printing the staged change); commit by hand to read them"

/** Words shorter than this are ordinary words of any message ("case", "left" are four). */
const MIN_WORD = 5

const words = (text: string): string[] => (text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= MIN_WORD)

/**
 * `line` (git's reason) as lead may print it after a failed commit of `changes`: itself, or
 * WITHHELD when a change concerns a participant and the line repeats any of it or identifies
 * someone. `records`: the site as judged with the changes (for the site's vocabulary and staff).
 */
export function gitWordsShown(line: string, site: Site, changes: readonly RecordChange[], records: SiteRecords): string {
  const participants = changes.filter(concernsParticipant)
  if (participants.length === 0) return line
  if (scanText(line, {dateField: true}).length > 0 && scanText(line, {dateField: true, staffNames: staffNames(records)}).length > 0) return WITHHELD
  const vocabulary = rememberedVocabulary(site.root, site.config, records)
  const said = new Set(words(line))
  const folded = line.normalize('NFKC').toLowerCase()
  for (const c of participants) {
    const data = c.data ?? records.records.find((r) => r.file === c.file)?.data
    // A record lead could not read back: nothing of it is known to be safe to repeat.
    if (data === undefined) return WITHHELD
    const kind = shownAsParticipant(c.kind, data) ?? c.kind
    for (const secret of secretsOf(kind, data, vocabulary)) {
      if (folded.includes(secret.text.normalize('NFKC').toLowerCase())) return WITHHELD
      if (words(secret.text).some((w) => said.has(w))) return WITHHELD
    }
  }
  return line
}
