/** The staff names a site knows, which the identifier scan does not report. */
import type {Mou, Partner, Roster, Training} from '../records/types.js'
import type {SiteRecords} from '../records/load.js'

/**
 * Names the site knows that are not participants': partner contacts, MOU signatories, roster
 * officers and trainers, and the partners' own names. Never taken from referrals or consents
 * (a case manager or witness field there could otherwise whitelist a participant's name for
 * every other record).
 */
export function staffNames(records: SiteRecords): Set<string> {
  const names = new Set<string>()
  const add = (n: unknown) => {
    if (typeof n === 'string' && n.trim()) names.add(n.trim().replace(/^(?:Mr|Mrs|Ms|Miss|Mx|Mister|Dr|Prof|Lt|Sgt|Cpl|Det|Capt|Chief|Officer|Deputy)\.?\s+/i, '').toLowerCase())
  }
  for (const p of records.dataOf<Partial<Partner>>('partner')) {
    add(p.name)
    if (Array.isArray(p.contacts)) p.contacts.forEach((c) => add(c?.name))
  }
  for (const m of records.dataOf<Partial<Mou>>('mou')) if (Array.isArray(m.signatories)) m.signatories.forEach((s) => add(s?.name))
  for (const r of records.dataOf<Partial<Roster>>('roster')) if (Array.isArray(r.officers)) r.officers.forEach((o) => add(o?.name))
  for (const t of records.dataOf<Partial<Training>>('training')) if (Array.isArray(t.trainers)) t.trainers.forEach(add)
  return names
}
