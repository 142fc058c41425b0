/**
 * Which words of a command line an error may repeat. A line lead could not run (a mistyped
 * command) may hold a participant's name or any other value typed for a referral or consent
 * (`lead sett r-… notes=Jane`, `--message "Jane Doe"`), and its error goes to terminals, CI logs
 * and issue reports. So the line is repeated by its shape, and a typed word only when it is one
 * of these, whose shape says it cannot be a value someone typed:
 * - one of lead's own words: a word of a command's or topic's name, a record kind (`referral`,
 *   `partners`), a word lead reads as a command (`add`, `ls`: command-suggestion.ts SYNONYMS);
 * - a record ID in a form lead mints (`r-2026-11-03-k3f9q2`, `c-…`, `pcg-2026-02-18`): an ID a
 *   person chose (`harbor-pd`) could be anything, and is not repeated;
 * - a flag's name: `--message`, `-m`, `--` (never what follows `=` or a short flag's letter);
 * - in the place of the command, a misspelling of one of lead's words (`sett`, `trainng`), all
 *   lowercase letters, digits and dashes and close enough to be suggested for it.
 * Anything else — every value after `=`, every other word, a flag's value — is `…`, and a run of
 * them one `…`. docs/reference/conventions.md says this to users.
 */
import {GENERATED_ID_PATTERN, parseKind} from '../core/records/kinds.js'
import {closest} from '../core/text/suggest.js'
import {SYNONYMS} from './command-suggestion.js'

/** What stands for the words not repeated. */
export const HIDDEN = '…'

/** A meeting's ID as lead mints it: without the suffix a person may add for a second meeting that day. */
const MEETING_ID = /^(pcg|owg)-[0-9]{4}-[0-9]{2}-[0-9]{2}$/
const LOWER_WORD = /^[a-z][a-z0-9-]*$/

export class TypedWords {
  private readonly own: ReadonlySet<string>

  /** `names`: lead's command and topic names, their words split by spaces or colons. */
  constructor(names: Iterable<string>) {
    const own = new Set(Object.keys(SYNONYMS))
    for (const name of names) for (const word of name.split(/[ :]/)) if (word) own.add(word)
    this.own = own
  }

  /** May this word be repeated as it was typed? */
  shown(word: string): boolean {
    return this.own.has(word) || parseKind(word) !== undefined || GENERATED_ID_PATTERN.test(word) || MEETING_ID.test(word)
  }

  /** The words oclif read as the command (`sett r-…`), a misspelt lead word kept. */
  command(words: readonly string[]): string {
    const misspelt = (w: string) => LOWER_WORD.test(w) && closest(w, this.own) !== undefined
    return collapse(words.map((w) => (this.shown(w) || misspelt(w) ? w : HIDDEN)))
  }

  /** A command line's words (command words first, then its arguments and flags) by their shape. */
  line(tokens: readonly string[]): string {
    const out: string[] = []
    let afterDashes = false
    for (const token of tokens) {
      if (afterDashes) out.push(this.shown(token) ? token : HIDDEN)
      else if (token === '--') {
        afterDashes = true
        out.push(token)
      } else out.push(token.startsWith('-') && token !== '-' ? flag(token) : this.shown(token) ? token : HIDDEN)
    }
    return collapse(out)
  }
}

/** A flag as typed, up to its value: `--message=Jane` → `--message=…`, `-mJane` → `-m…`. */
function flag(token: string): string {
  const long = /^(--[a-z][a-z0-9-]*)(=.*)?$/.exec(token)
  if (long) return long[2] === undefined ? token : `${long[1]}=${HIDDEN}`
  const short = /^-[a-zA-Z]/.exec(token)
  if (short) return token.length === 2 ? token : `${short[0]}${HIDDEN}`
  return HIDDEN
}

/** Words joined by spaces, a run of hidden ones said once. */
function collapse(words: readonly string[]): string {
  return words.filter((w, i) => w !== HIDDEN || words[i - 1] !== HIDDEN).join(' ')
}
