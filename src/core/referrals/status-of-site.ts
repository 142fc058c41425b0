/**
 * `lead status` from a site's records: the status data and the meeting rows. Everything computed
 * from records is a function of the records' contents, lead.yaml and the date alone, so it is
 * remembered (derived/status-now.ts, records/state-memo.ts): a run with nothing changed reads
 * no record's value. Added fresh on every run: the validation counts (they also depend on the
 * schema copies in .lead/schemas/, and validation keeps its own memo) and whether the site was
 * ever committed (git's state).
 */
import type {IsoDate} from '../clock/dates.js'
import {siteTimeZone} from '../clock/site-zone.js'
import {perRecord} from '../records/content-memo.js'
import type {Kind} from '../records/kinds.js'
import type {SiteRecord, SiteRecords} from '../records/load.js'
import {setupSteps, type SetupStep} from '../records/site-setup.js'
import type {Meeting, Mou, Protocol, Referral} from '../records/types.js'
import type {Site} from '../site.js'
import {meetingStatus, type MeetingStatus} from '../meetings/meeting-status.js'
import {rememberedVocabulary} from '../privacy/vocabulary-memo.js'
import {catchmentCoverage} from '../training/coverage-memo.js'
import {passesSchema, validDataOf} from './site-data.js'
import {siteStatus, type SiteStatus} from './site-status.js'
import {placesOf, receivedOrder, rowOn, type StatusPlaces, type StatusRow} from './status-lists.js'
import type {Timeline} from './state-on-date.js'
import {datedRow, statusZone, type Dated} from './dated-row.js'

export interface StatusOfSite {
  status: SiteStatus
  meetings: MeetingStatus
}

/** What `status` computes from the records (remembered: see derived/status-now.ts). */
export interface StatusFromRecords {
  status: Omit<SiteStatus, 'validation' | 'uncommitted' | 'setup'>
  setup: {complete: boolean; steps: SetupStep[]}
  meetings: MeetingStatus
  /** Where each listed referral sits (status-lists.ts placesOf): what a status carried through a write (status-carry.ts) places rows by. Never printed. */
  places?: StatusPlaces
}

export function statusFromRecords(site: Site, records: SiteRecords, asOf: IsoDate): StatusFromRecords {
  const timeZone = siteTimeZone(site)
  const protocols = validDataOf<Protocol>(records, 'protocol', [])
  const {rows, files} = referralRows(site, records, asOf, protocols, timeZone)
  const coverage = catchmentCoverage(site, records, asOf)
  const mous = validDataOf<Mou>(records, 'mou', [])
  const sorted = receivedOrder(rows)
  const {validation: _counted, ...status} = siteStatus({site: site.config.site.name, asOf, timeZone, referrals: [], rows, order: sorted.order, protocols, mous, coverage, validation: {errors: 0, warnings: 0}})
  const steps = setupSteps({partners: records.dataOf('partner'), rosters: records.dataOf('roster'), protocols: records.dataOf('protocol'), referralPhone: site.config.referral_phone})
  const meetings = meetingStatus(validDataOf<Meeting>(records, 'meeting', []), asOf, rememberedVocabulary(site.root, site.config, records))
  const places = placesOf(rows, files, sorted)
  return {status, setup: {complete: steps.every((s) => s.done), steps}, meetings, ...(places ? {places} : {})}
}

/**
 * What each valid referral adds to the status on asOf, in the site's order. What its state is on
 * any date follows from its timeline (state-on-date.ts), a function of the referral, the
 * protocols and the zone alone, so the timelines are kept by content hash
 * (.git/lead/memo-status-rows-…) for every date: after one referral changed, or on a new day, one
 * timeline or none is worked out and no other referral's value is read (on 10,000 referrals
 * reading them is ~0.3 s of CPU and as much again of garbage collection).
 */
function referralRows(site: Site, records: SiteRecords, asOf: IsoDate, protocols: readonly Protocol[], timeZone: string | undefined): {rows: StatusRow[]; files: string[]} {
  const referrals = records.ofKind('referral')
  // Under the protocols' files and contents (they decide a referral's deadlines and state) and the
  // zone the timelines are worked out in: the site's, or this machine's when lead.yaml names none.
  const memo = {root: site.root, name: 'status-rows', records, kinds: PROTOCOLS, inputs: [statusZone(site)]}
  const work = (r: SiteRecord): Dated => datedRow(r.data as unknown as Referral, protocols, timeZone)
  // The files of the rows, in their order (each record asked once whether it passes).
  const files: string[] = []
  const keeps = (r: SiteRecord) => passesSchema(r, records) && files.push(r.file) > 0
  const rows = perRecord(memo, referrals, keeps, work, {encode: encodeLine, decode: decodeLine}).map((d) => rowOn(d.id, d.received, d.timeline, asOf))
  return {rows, files}
}


/**
 * A referral's timeline as one line (IDs, dates, date-times and statuses hold no tab): id,
 * received, day, end, mayBeOpenThrough, completed, status, due; an absent field is empty.
 */
const encodeLine = ({id, received, timeline: t}: Dated): string => [id, received, t.day, t.end ?? '', t.mayBeOpenThrough ?? '', t.completed ?? '', t.status, t.due ?? ''].join('\t')

function decodeLine(line: string): Dated | undefined {
  const f = line.split('\t')
  if (f.length !== 8) return undefined
  // Fields set one by one: 10,000 of these are decoded by each status, and spreads cost more than the work.
  const timeline: Timeline = {day: f[2]!, status: f[6] as Timeline['status']}
  if (f[3]) timeline.end = f[3]
  if (f[4]) timeline.mayBeOpenThrough = f[4]
  if (f[5]) timeline.completed = f[5]
  if (f[7]) timeline.due = f[7]
  return {id: f[0]!, received: f[1]!, timeline}
}

const PROTOCOLS: ReadonlySet<Kind> = new Set<Kind>(['protocol'])
