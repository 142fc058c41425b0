/**
 * `lead status` from a site's records: the status data and the meeting rows. Everything computed
 * from records is a function of the records' contents, lead.yaml and the date alone, so it is
 * remembered (derived/status-now.ts, records/state-memo.ts): a run with nothing changed reads
 * no record's value. Added fresh on every run: the validation counts (they also depend on the
 * schema copies in .lead/schemas/, and validation keeps its own memo) and whether the site was
 * ever committed (git's state).
 */
import type {IsoDate} from '../clock/dates.js'
import type {SiteRecords} from '../records/load.js'
import {setupSteps, type SetupStep} from '../records/site-setup.js'
import type {Meeting} from '../records/types.js'
import type {Site} from '../site.js'
import {meetingStatus, type MeetingStatus} from '../meetings/meeting-status.js'
import {trainingData} from '../training/training-data.js'
import {referralDataFrom, validDataOf} from './site-data.js'
import {siteStatus, type SiteStatus} from './site-status.js'

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
  const data = referralDataFrom(site, records)
  const training = trainingData(site, records)
  const {validation: _counted, ...status} = siteStatus({site: site.config.site.name, asOf, timeZone: data.timeZone, referrals: data.referrals, protocols: data.protocols, mous: data.mous, training, validation: {errors: 0, warnings: 0}})
  const steps = setupSteps({partners: records.dataOf('partner'), rosters: records.dataOf('roster'), protocols: records.dataOf('protocol'), referralPhone: site.config.referral_phone})
  const meetings = meetingStatus(validDataOf<Meeting>(records, 'meeting', []), asOf, data.vocabulary)
  return {status, setup: {complete: steps.every((s) => s.done), steps}, meetings}
}
