/**
 * Whether the PCG could decide at a meeting: one vote per member agency, and the quorum the MOU in
 * effect on the meeting's date defines (governance.quorum). Member agencies are the MOU's parties
 * that sit on the PCG (partner pcg_member: true); without an MOU in effect, every PCG member
 * partner. Without a quorum in the MOU, every member agency must be represented. The members come
 * from the dated MOU rather than from the partner list alone, so a partner that joins the PCG
 * later does not change the quorum of meetings held before it joined.
 */
import type {IsoDate} from '../clock/dates.js'
import type {Meeting, Mou, Partner} from '../records/types.js'

export interface QuorumRule {
  /** The MOU whose governance section applies, or none (the default rule). */
  mou?: string
  /** The member agencies, one vote each. */
  members: string[]
  /** How many of them must be represented. */
  needed: number
  /** Partners that must be represented whatever the count. */
  required: string[]
}

export interface QuorumCheck {
  rule: QuorumRule
  met: boolean
  /** Member agencies with at least one person at the table. */
  present: string[]
  /** Member agencies nobody represented. */
  absent: string[]
  /** Required partners nobody represented. */
  missingRequired: string[]
}

/** The signed MOU whose effective range holds `date` (the latest one if several do). */
export function mouInEffect(mous: readonly Mou[], date: IsoDate): Mou | undefined {
  // An MOU since marked expired still governed the meetings held while it was in force.
  const inForce = mous.filter((m) => (m.status === 'signed' || m.status === 'expired') && m.effective?.from <= date && (m.effective.to === undefined || date <= m.effective.to))
  return inForce.sort((a, b) => (a.effective.from < b.effective.from ? 1 : a.effective.from > b.effective.from ? -1 : a.id < b.id ? 1 : -1))[0]
}

export function quorumRule(partners: readonly Partner[], mous: readonly Mou[], date: IsoDate): QuorumRule {
  const pcg = partners.filter((p) => p.pcg_member === true).map((p) => p.id)
  const mou = mouInEffect(mous, date)
  const parties = new Set(mou?.parties.map((p) => p.partner) ?? [])
  const fromMou = pcg.filter((id) => parties.has(id))
  const members = (fromMou.length > 0 ? fromMou : pcg).sort()
  const q = mou?.governance?.quorum
  const needed = Math.min(q?.members ?? members.length, members.length)
  return {...(mou ? {mou: mou.id} : {}), members, needed, required: [...(q?.required ?? [])].sort()}
}

/** The partners with at least one person at the meeting, in the order first listed. */
export function partnersAtTable(meeting: Pick<Meeting, 'attendees'>): string[] {
  return [...new Set((meeting.attendees ?? []).map((a) => a.partner))]
}

export function checkQuorum(meeting: Pick<Meeting, 'attendees' | 'date'>, partners: readonly Partner[], mous: readonly Mou[]): QuorumCheck {
  const rule = quorumRule(partners, mous, meeting.date)
  const table = new Set(partnersAtTable(meeting))
  const present = rule.members.filter((m) => table.has(m))
  const absent = rule.members.filter((m) => !table.has(m))
  const missingRequired = rule.required.filter((r) => !table.has(r))
  return {rule, met: present.length >= rule.needed && missingRequired.length === 0, present, absent, missingRequired}
}

/** "5 of 7 member agencies, including harbor-county-prosecutor (MOU 2026-harbor-lead-mou)". */
export function describeQuorum(rule: QuorumRule): string {
  const count = rule.needed === rule.members.length ? `all ${rule.members.length} member agencies` : `${rule.needed} of ${rule.members.length} member agencies`
  const required = rule.required.length > 0 ? `, including ${rule.required.join(', ')}` : ''
  return `${count}${required} (${rule.mou ? `MOU ${rule.mou}` : 'no MOU in effect: every PCG member partner'})`
}
