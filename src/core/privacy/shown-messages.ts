/**
 * Commit messages as `lead history` may print them for a referral or consent. lead refuses a `-m`
 * that names a participant and the CI gate flags such a commit (PII_COMMIT_MESSAGE), but a commit
 * made with git itself is in the user's history before either sees it, and a history printed into
 * a ticket or a CI log would repeat it. So a message of a participant record's history that the
 * scan flags (message-scan.ts: names the site knows as staff and its charge codes pass) is printed as a placeholder;
 * `git log` still shows it to whoever must reword it.
 */
import {identifiersInMessage} from './message-scan.js'
import type {SiteVocabulary} from './vocabulary.js'

export interface ShownMessages {
  /** Each message as it may be printed, in order. */
  shown: string[]
  /** How many were not. */
  concealed: number
}

/** What a message that may not be printed reads: what it seems to hold, never any part of it. */
const placeholder = (listed: string) => `‹message not shown: it looks like it holds ${listed}›`

/**
 * `messages` as they may be printed. `declared` (the staff names and charge codes the site declares)
 * is read only when a message holds something: most hold nothing, and reading the site's rosters
 * costs more than the scan.
 */
export async function shownMessages(messages: readonly string[], declared: () => Promise<Pick<SiteVocabulary, 'staff' | 'charges'>>): Promise<ShownMessages> {
  const none: ReadonlySet<string> = new Set()
  const flagged = messages.map((m) => identifiersInMessage(m, () => none) !== undefined)
  if (!flagged.includes(true)) return {shown: [...messages], concealed: 0}
  const site = await declared()
  let concealed = 0
  const shown = messages.map((m, i) => {
    const held = flagged[i] ? identifiersInMessage(m, () => site.staff, () => site.charges) : undefined
    if (!held) return m
    concealed++
    return placeholder(held.listed)
  })
  return {shown, concealed}
}
