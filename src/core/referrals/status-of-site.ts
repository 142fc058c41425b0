/**
 * `lead status` from a site's records: the status data and the meeting rows. Everything computed
 * from records is a function of the records' contents, lead.yaml and the date alone, so it is
 * remembered (derived/status-now.ts, records/state-memo.ts): a run with nothing changed reads
 * no record's value. Added fresh on every run: the validation counts (they also depend on the
 * schema copies in .lead/schemas/, and validation keeps its own memo) and whether the site was
 * ever committed (git's state).
 */
import {createHash} from 'node:crypto'
import {machineClock, type IsoDate} from '../clock/dates.js'
import {siteTimeZone} from '../clock/site-zone.js'
import {cacheVersion, gitStateFile} from '../records/cache-files.js'
import type {SiteRecords} from '../records/load.js'
import {hashRecords} from '../records/record-digest.js'
import {setupSteps, type SetupStep} from '../records/site-setup.js'
import {memoKey} from '../records/state-memo.js'
import {DerivedMemos} from '../records/derived-memo.js'
import type {Meeting, Mou, Protocol, Referral} from '../records/types.js'
import type {Site} from '../site.js'
import {meetingStatus, type MeetingStatus} from '../meetings/meeting-status.js'
import {rememberedVocabulary} from '../privacy/vocabulary-memo.js'
import {catchmentCoverage} from '../training/coverage-memo.js'
import {passesSchema, validDataOf} from './site-data.js'
import {rowOn, siteStatus, type SiteStatus, type StatusRow} from './site-status.js'
import {timelineOf, type Timeline} from './state-on-date.js'

export interface StatusOfSite {
  status: SiteStatus
  meetings: MeetingStatus
}

/** What `status` computes from the records (remembered: see derived/status-now.ts). */
export interface StatusFromRecords {
  status: Omit<SiteStatus, 'validation' | 'uncommitted' | 'setup'>
  setup: {complete: boolean; steps: SetupStep[]}
  meetings: MeetingStatus
}

export function statusFromRecords(site: Site, records: SiteRecords, asOf: IsoDate): StatusFromRecords {
  const timeZone = siteTimeZone(site)
  const protocols = validDataOf<Protocol>(records, 'protocol', [])
  const rows = referralRows(site, records, asOf, protocols, timeZone)
  const coverage = catchmentCoverage(site, records, asOf)
  const mous = validDataOf<Mou>(records, 'mou', [])
  const {validation: _counted, ...status} = siteStatus({site: site.config.site.name, asOf, timeZone, referrals: [], rows, protocols, mous, coverage, validation: {errors: 0, warnings: 0}})
  const steps = setupSteps({partners: records.dataOf('partner'), rosters: records.dataOf('roster'), protocols: records.dataOf('protocol'), referralPhone: site.config.referral_phone})
  const meetings = meetingStatus(validDataOf<Meeting>(records, 'meeting', []), asOf, rememberedVocabulary(site.root, site.config, records))
  return {status, setup: {complete: steps.every((s) => s.done), steps}, meetings}
}

/**
 * What each valid referral adds to the status on asOf, in the site's order. What its state is on
 * any date follows from its timeline (state-on-date.ts), a function of the referral, the
 * protocols and the zone alone, so the timelines are kept by content hash
 * (.git/lead/memo-status-rows-…) for every date: after one referral changed, or on a new day, one
 * timeline or none is worked out and no other referral's value is read (on 10,000 referrals
 * reading them is ~0.3 s of CPU and as much again of garbage collection).
 */
function referralRows(site: Site, records: SiteRecords, asOf: IsoDate, protocols: readonly Protocol[], timeZone: string | undefined): StatusRow[] {
  const referrals = records.ofKind('referral')
  const protocolsDigest = createHash('sha1')
  const hashed = records.cache !== undefined && referrals.every((r) => r.hash !== undefined) && hashRecords(protocolsDigest, records.ofKind('protocol'))
  // Under the protocols' files and contents (they decide a referral's deadlines and state) and the
  // zone the timelines are worked out in: the site's, or this machine's when lead.yaml names none.
  const key = hashed ? memoKey(protocolsDigest.digest('base64url'), [TIMELINES, timeZone ?? machineClock().timeZone]) : undefined
  // One result kept, in a file of its own: 10,000 timelines are ~1 MB.
  const memo = key ? new DerivedMemos(gitStateFile(site.root, `memo-${FILE}`, '.json'), cacheVersion, 1) : undefined
  const kept = key ? memo!.get(key) : undefined
  const held: Record<string, string> = typeof kept === 'object' && kept !== null ? (kept as Record<string, string>) : {}
  const next: Record<string, string> = {}
  const rows: StatusRow[] = []
  let worked = 0
  for (const r of referrals) {
    if (!passesSchema(r, records)) continue
    const line = r.hash !== undefined && Object.hasOwn(held, r.hash) ? held[r.hash] : undefined
    const known = typeof line === 'string' ? decodeLine(line) : undefined
    if (known) {
      rows.push(rowOn(known.id, known.received, known.timeline, asOf))
      next[r.hash!] = line!
      continue
    }
    const data = r.data as unknown as Referral
    const timeline = timelineOf(data, protocols, timeZone)
    rows.push(rowOn(data.id, data.received, timeline, asOf))
    worked++
    if (r.hash !== undefined) next[r.hash] = encodeLine(data.id, data.received, timeline)
  }
  // Rewritten (~1 MB on 10,000 referrals) when it held none of these timelines or many were worked
  // out: after a few edits, each status works out their timelines again (a few values read) rather
  // than rewrite the file for one. Timelines no longer used go with the next rewrite.
  if (memo && worked > 0 && (kept === undefined || worked >= Math.max(REWRITE_AFTER, rows.length / 50))) {
    memo.set(key!, next)
    memo.save()
  }
  return rows
}

/**
 * A referral's timeline as one line (IDs, dates, date-times and statuses hold no tab): id,
 * received, day, end, mayBeOpenThrough, completed, status, due; an absent field is empty.
 */
const encodeLine = (id: string, received: string, t: Timeline): string => [id, received, t.day, t.end ?? '', t.mayBeOpenThrough ?? '', t.completed ?? '', t.status, t.due ?? ''].join('\t')

function decodeLine(line: string): {id: string; received: string; timeline: Timeline} | undefined {
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

/** The memo's file (named for what it first held), and the tag of what its key stands for now. */
const FILE = 'status-rows'
const TIMELINES = 'status-timelines'
/** Timelines worked out (of a site's fewer than 1,000 referrals) before the memo is rewritten. */
const REWRITE_AFTER = 20
