/**
 * The comment line lead writes at the top of every referral, consent and meeting it makes (`lead
 * new`, the imports). Fixed text that holds no identifier: record-parse.ts leaves it out of a
 * record's comments, so the parse cache keeps such a record's entry as a short code rather than
 * the same line whole for each of 10,000 referrals (index-file.ts), and no scan reads it.
 */
export const PARTICIPANT_HEADER = 'The participant is a pseudonymous code: never add names, birth dates, phone numbers or addresses.'
export const MEETING_HEADER = 'Participants are named by pseudonymous code only: never add names, birth dates, phone numbers or addresses.'

/** A comment's text (after its `#`) as lead writes its header. */
export const isLeadHeader = (text: string): boolean => text === ` ${PARTICIPANT_HEADER}` || text === ` ${MEETING_HEADER}`
