/**
 * `lead report capacity`: open cases per case manager on a date, against the caseload target and
 * maximum of the protocol in force that day. A case is open on `asOf` when the referral was open
 * then (state-on-date.ts: received by then, not closed by then, an intake_missed one until its
 * intake deadline passed; ineligible and declined referrals without a closed date are not cases). Caseloads count people, not referrals: a participant re-referred while
 * a case is still open (or referred twice by mistake) is one person on the case manager's list.
 */
import type {IsoDate} from '../clock/dates.js'
import type {Protocol, Referral} from '../records/types.js'
import {protocolInForce} from './protocol-in-force.js'
import {stateOnDate} from './state-on-date.js'
import {disclosable} from '../privacy/disclosable.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'

export const UNASSIGNED = '(unassigned)'

export interface CaseManagerLoad {
  caseManager: string
  /** Distinct participants with an open case: what the caseload target and maximum are about. */
  open: number
  /** Open referrals (more than `open` when a participant has several). */
  openReferrals: number
  overTarget: boolean
  overMax: boolean
  /** Open referral ids, oldest first. */
  referrals: string[]
}

export interface CapacityReport {
  asOf: IsoDate
  protocol?: {id: string; version: number}
  target?: number
  max?: number
  /** Distinct participants with an open case, over all case managers. */
  totalOpen: number
  caseManagers: CaseManagerLoad[]
  overMax: number
}

/**
 * `vocabulary`: case managers are named only when the site knows them as staff (a partner's
 * contact); others are counted under "(case manager not on a partner's contacts N)".
 */
export function caseloadCapacity(referrals: readonly Referral[], protocols: readonly Protocol[], asOf: IsoDate, timeZone?: string, vocabulary?: SiteVocabulary): CapacityReport {
  const protocol = protocolInForce(protocols, asOf)
  const target = protocol?.caseload?.target
  const max = protocol?.caseload?.max
  const byManager = new Map<string, Referral[]>()
  for (const r of referrals) {
    if (!stateOnDate(r, asOf, protocols, timeZone).open) continue
    const who = r.handoff?.case_manager ?? UNASSIGNED
    const list = byManager.get(who)
    if (list) list.push(r)
    else byManager.set(who, [r])
  }
  let unlisted = 0
  const label = (who: string) => (who === UNASSIGNED || disclosable('referral', ['handoff', 'case_manager'], who, vocabulary) ? who : `(case manager not on a partner's contacts ${++unlisted})`)
  const caseManagers = [...byManager.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([who, list]) => {
      const caseManager = label(who)
      const people = new Set(list.map((r) => r.participant)).size
      return {
      caseManager,
      open: people,
      openReferrals: list.length,
      overTarget: caseManager !== UNASSIGNED && target !== undefined && people > target,
      overMax: caseManager !== UNASSIGNED && max !== undefined && people > max,
      referrals: list.sort((a, b) => Date.parse(a.received) - Date.parse(b.received)).map((r) => r.id),
      }
    })
    .sort((a, b) => (a.caseManager === UNASSIGNED ? 1 : b.caseManager === UNASSIGNED ? -1 : b.open - a.open || (a.caseManager < b.caseManager ? -1 : 1)))
  return {
    asOf,
    protocol: protocol ? {id: protocol.id, version: protocol.version} : undefined,
    target,
    max,
    totalOpen: new Set([...byManager.values()].flat().map((r) => r.participant)).size,
    caseManagers,
    overMax: caseManagers.filter((c) => c.overMax).length,
  }
}
