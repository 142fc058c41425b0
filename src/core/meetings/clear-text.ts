/**
 * Meeting text shown outside the record (agendas, action lists, the review of a change) only when
 * the identifier scan finds nothing in it: meetings can name participants, so text that looks like
 * a name, a phone number or an address stays in the record, where `lead validate` points at it.
 * Dates are expected in meeting business and not reported; staff names the site knows are not,
 * nor its charge codes (a PCG decision adopting `MCL 333.7403(2)(a)(v)`, whose section number reads
 * as a phone number: privacy/record-scan.ts chargeTerms).
 */
import {scanText} from '../privacy/identifiers.js'
import {chargeTerms} from '../privacy/record-scan.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'

/** What meeting text shown may hold: the staff names and charge codes of the site's vocabulary (in the CI gate, those its base declares too). */
export type ClearTextAllowances = Partial<Pick<SiteVocabulary, 'staff' | 'charges'>>

export function clearText(text: string | undefined, declared?: ClearTextAllowances): string | undefined {
  if (typeof text !== 'string') return undefined
  const terms = declared?.charges && chargeTerms(undefined, {charges: declared.charges})
  return scanText(text, {dateField: true, ...(declared?.staff ? {staffNames: declared.staff} : {}), ...(terms ? {allowedTerms: terms} : {})}).length === 0 ? text : undefined
}

/** What stands where meeting text is withheld. */
export const WITHHELD = '(not shown: it looks like it holds an identifier)'

/** The text when clear, else WITHHELD: for a title or a location a reader expects to see something in. */
export function clearTextOr(text: string, declared?: ClearTextAllowances): string {
  return clearText(text, declared) ?? WITHHELD
}
