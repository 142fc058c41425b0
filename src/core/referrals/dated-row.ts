/**
 * What one referral adds to `lead status` on any date: its timeline (state-on-date.ts) with the ID
 * and instant its row is listed by. A function of the referral, the protocols and the zone alone:
 * status-of-site.ts remembers it by content, and a write notes the ones it changed
 * (status-carry-notes.ts) so that the status after it is worked out from the one before.
 */
import {machineClock} from '../clock/dates.js'
import {siteTimeZone} from '../clock/site-zone.js'
import type {Protocol, Referral} from '../records/types.js'
import type {Site} from '../site.js'
import {timelineOf, type Timeline} from './state-on-date.js'

export interface Dated {
  id: string
  received: string
  timeline: Timeline
}

/** `timeZone`: the site's, or undefined for this machine's (statusZone). */
export function datedRow(data: Referral, protocols: readonly Protocol[], timeZone: string | undefined): Dated {
  return {id: data.id, received: data.received, timeline: timelineOf(data, protocols, timeZone)}
}

/** The zone timelines are worked out in, given the site's (undefined: lead.yaml names none): it, or this machine's. */
export const rowsZone = (siteZone: string | undefined): string => siteZone ?? machineClock().timeZone

/** The zone a status's timelines are worked out in (rowsZone of the site's). */
export const statusZone = (site: Site): string => rowsZone(siteTimeZone(site))
