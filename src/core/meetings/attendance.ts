/** Who sat at a meeting's table, and whether a person named there is one of their partner's contacts. */
import type {Partner} from '../records/types.js'

const TITLES = /^(?:Mr|Mrs|Ms|Miss|Mx|Mister|Dr|Prof|Lt|Sgt|Cpl|Det|Capt|Chief|Officer|Deputy Prosecutor|Deputy|Judge)\.?\s+/i

/** A name as contacts are compared: trimmed, one space, lower case, without a leading title ("Lt. Renee Alvarado" is "renee alvarado"). */
export function contactKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').replace(TITLES, '').toLowerCase()
}

/** Is `name` one of the partner's contacts (titles aside)? */
export function isContactOf(partner: Pick<Partner, 'contacts'>, name: string): boolean {
  const key = contactKey(name)
  return (partner.contacts ?? []).some((c) => typeof c.name === 'string' && contactKey(c.name) === key)
}

/** Is a name one of any partner's contacts? */
export function contactKeys(partners: readonly Pick<Partner, 'contacts'>[]): (name: string) => boolean {
  const keys = new Set<string>()
  for (const p of partners) for (const c of p.contacts ?? []) if (typeof c.name === 'string') keys.add(contactKey(c.name))
  return (name) => keys.has(contactKey(name))
}
