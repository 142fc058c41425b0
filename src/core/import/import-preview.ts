/**
 * What an import may print about a referral it creates or would create (the --dry-run table, the
 * JSON): the operational fields, each value shown only when it is one the site declared or lead
 * defines — never a participant code, notes or evidence, and never a value a row supplied that the
 * site does not know (an undeclared district, a charge on no protocol), which could be anything a
 * person typed.
 */
import type {RecordData, SiteRecords} from '../records/load.js'

export interface ImportPreview {
  received: string
  pathway: string
  /** Agency or partner, and badge. */
  referrer: string[]
  district: string
  charges: string[]
  status: string
}

export const NOT_SHOWN = '(not declared)'

/** The values a site declared: partners, roster badges, protocols' districts and charges. */
export interface DeclaredValues {
  partners: ReadonlySet<string>
  badges: ReadonlySet<string>
  districts: ReadonlySet<string>
  charges: ReadonlySet<string>
}

export function declaredValues(records: SiteRecords): DeclaredValues {
  const protocols = records.dataOf<{catchment?: Array<{districts?: unknown[]}>; divertible_charges?: Array<{code?: unknown}>}>('protocol')
  const strings = (xs: unknown[]) => new Set(xs.filter((x): x is string => typeof x === 'string'))
  return {
    partners: strings(records.dataOf('partner').map((p) => p.id)),
    badges: strings(records.dataOf<{officers?: Array<{badge?: unknown}>}>('roster').flatMap((r) => (r.officers ?? []).map((o) => o.badge))),
    districts: strings(protocols.flatMap((p) => (p.catchment ?? []).flatMap((c) => c.districts ?? []))),
    charges: strings(protocols.flatMap((p) => (p.divertible_charges ?? []).map((c) => c.code))),
  }
}

/** The preview of a referral that passed validation (so its date-times, pathway and status are well formed). */
export function previewOf(data: RecordData, declared: DeclaredValues): ImportPreview {
  const text = (v: unknown) => (typeof v === 'string' ? v : '')
  const shown = (v: unknown, set: ReadonlySet<string>) => (typeof v === 'string' ? (set.has(v) ? v : NOT_SHOWN) : '')
  const referrer = (data.referrer ?? {}) as Record<string, unknown>
  return {
    received: text(data.received),
    pathway: text(data.pathway),
    referrer: [shown(referrer.agency ?? referrer.partner, declared.partners), shown(referrer.badge, declared.badges)].filter(Boolean),
    district: shown(data.district, declared.districts),
    charges: Array.isArray(data.charges) ? data.charges.map((c) => shown(c, declared.charges)) : [],
    status: text(data.status),
  }
}
