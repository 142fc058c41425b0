/**
 * Meeting text shown outside the record (agendas, action lists, the review of a change) only when
 * the identifier scan finds nothing in it: meetings can name participants, so text that looks like
 * a name, a phone number or an address stays in the record, where `lead validate` points at it.
 * Dates are expected in meeting business and not reported; staff names the site knows are not.
 */
import {scanText} from '../privacy/identifiers.js'

export function clearText(text: string | undefined, staffNames?: ReadonlySet<string>): string | undefined {
  if (typeof text !== 'string') return undefined
  return scanText(text, {dateField: true, ...(staffNames ? {staffNames} : {})}).length === 0 ? text : undefined
}

/** What stands where meeting text is withheld. */
export const WITHHELD = '(not shown: it looks like it holds an identifier)'

/** The text when clear, else WITHHELD: for a title or a location a reader expects to see something in. */
export function clearTextOr(text: string, staffNames?: ReadonlySet<string>): string {
  return clearText(text, staffNames) ?? WITHHELD
}
