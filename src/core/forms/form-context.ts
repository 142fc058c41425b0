/**
 * What every form builder may read besides its own records: the site (for the page header), the
 * LEAD phone, partner names. Builders signal missing data with MissingFormData; the caller knows
 * the record's file and turns it into a LeadError that points at the right line.
 */
import type {Course} from '../site.js'
import type {Kind} from '../records/kinds.js'
import type {Partner} from '../records/types.js'

export interface FormContext {
  site: {name: string; jurisdiction?: string; timezone?: string}
  /** lead.yaml `referral_phone`: the one number officers call, day and night. */
  referralPhone?: string
  partners: ReadonlyMap<string, Partner>
  courses: readonly Course[]
}

/** A record lacks what a form must print (a protocol without charges, a training without a roster…). */
export class MissingFormData extends Error {
  constructor(
    readonly kind: Kind | 'lead',
    readonly id: string,
    /** Path inside the record of the missing or empty field. */
    readonly path: Array<string | number>,
    message: string,
    readonly hint?: string,
  ) {
    super(message)
    this.name = 'MissingFormData'
  }
}

/** The partner's name; for an id that names no partner, `unknown` (the id itself unless the caller may not print it). */
export function partnerName(ctx: FormContext, id: string, unknown = id): string {
  return ctx.partners.get(id)?.name ?? unknown
}

export function pageHeader(ctx: FormContext): {site: string; jurisdiction?: string} {
  return {site: ctx.site.name, ...(ctx.site.jurisdiction ? {jurisdiction: ctx.site.jurisdiction} : {})}
}
