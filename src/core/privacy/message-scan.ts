/**
 * A commit message scanned for what identifies a participant: git keeps every message in every
 * clone, and `lead history`, `git log` and a squash merge print it, so a name, birth date or contact
 * detail typed there is in history for good, whatever the records hold. Scanned as a record's free
 * text is (identifiers.ts; a bare date passes, names the site knows as staff pass). What is found
 * is described by kind and place, never repeated: the caller's message is the participant's text.
 */
import {ExitCode, LeadError} from '../errors.js'
import {scanText} from './identifiers.js'
import {chargeTerms} from './record-scan.js'

export interface MessageIdentifiers {
  /** What was found, in words: "a person's name and a birth date". */
  listed: string
  /** Where the first finding is: "11 characters from character 14, and 1 more". */
  where: string
}

/**
 * What `message` holds that identifies someone, or undefined. `staff` (the staff names the site
 * declares) and `charges` (its protocols' charge codes, whose section numbers read as phone numbers:
 * record-scan.ts chargeTerms) are asked only when the message holds something.
 */
export function identifiersInMessage(message: string, staff: () => ReadonlySet<string>, charges?: () => ReadonlySet<string>): MessageIdentifiers | undefined {
  // Most messages hold nothing: what the site declares is read only for one that does.
  if (scanText(message, {dateField: true}).length === 0) return undefined
  const found = scanText(message, {dateField: true, staffNames: staff(), allowedTerms: charges && chargeTerms(undefined, {charges: charges()})})
  if (found.length === 0) return undefined
  const listed = identifierList(found.map((f) => f.what))
  const first = found[0]!
  return {listed, where: `${first.length} characters from character ${first.index + 1}${found.length > 1 ? `, and ${found.length - 1} more` : ''}`}
}

/** "a person's name and a phone number": what scans found, in their words without where (" (…)"), each once. */
export function identifierList(found: readonly string[]): string {
  const what = [...new Set(found.map((w) => w.replace(/ \(.*\)$/, '')))]
  return what.length === 1 ? what[0]! : `${what.slice(0, -1).join(', ')} and ${what.at(-1)}`
}

/** Say what changed, not who it concerns: the advice every refusal of a message gives. */
export const SAY_WHAT_CHANGED = "say what changed, not who it concerns (the record's ID already names the participant by code)"

/**
 * The one refusal of a message that holds an identifier (MESSAGE_HOLDS_IDENTIFIER, exit 2), for
 * lead's own `-m` and for the commit-msg hook: what was found and where, never the message.
 * `outcome` says what did not happen ("nothing was written"), `hint` what to do instead.
 */
export function identifyingMessageError(found: MessageIdentifiers, outcome: string, hint: string): LeadError {
  return new LeadError('MESSAGE_HOLDS_IDENTIFIER', `the commit message looks like it holds ${found.listed} (${found.where}); ${outcome}: git keeps every commit message in every clone, and git log prints it`, {exit: ExitCode.usage, hint})
}
