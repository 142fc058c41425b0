/**
 * What every training report starts from: the site's rosters and sessions, the as-of date, and
 * the --agency/--course choices checked against them (a typo is a usage error with a suggestion,
 * not an empty report).
 */
import {isIsoDate, type IsoDate} from '../clock/dates.js'
import {usageError} from '../errors.js'
import {loadRecords} from '../records/load.js'
import {ofKinds} from '../records/site-files.js'
import type {Site} from '../site.js'
import {didYouMean} from '../text/suggest.js'
import {siteToday} from '../clock/site-zone.js'
import {trainingData, type LoadedTrainingData} from './training-data.js'

export interface ScopeOptions {
  asOf?: string
  agency?: string
  course?: string
}

export interface ReportScope {
  data: LoadedTrainingData
  asOf: IsoDate
}

export function checkDate(flag: string, value: string | undefined): IsoDate | undefined {
  if (value !== undefined && !isIsoDate(value)) throw usageError('BAD_DATE', `${flag} ${value} is not a date`, 'write it as YYYY-MM-DD')
  return value
}

export async function openReportScope(site: Site, options: ScopeOptions): Promise<ReportScope> {
  const asOf = checkDate('--as-of', options.asOf) ?? siteToday(site)
  // Rosters and sessions alone (trainingData reads nothing else): not a big site's 10,000 referrals.
  const records = await loadRecords(site, {select: ofKinds('roster', 'training')})
  const data = trainingData(site, records)
  if (options.agency !== undefined && !data.rosters.some((r) => r.agency === options.agency)) {
    const agencies = data.rosters.map((r) => r.agency)
    throw usageError('UNKNOWN_AGENCY', `no roster for agency "${options.agency}"${didYouMean(options.agency, agencies)}`, agencies.length > 0 ? `agencies with a roster: ${agencies.join(', ')}` : 'import one first: lead training import-roster CSV --agency ID')
  }
  if (options.course !== undefined && !data.courses.some((c) => c.id === options.course)) {
    const ids = data.courses.map((c) => c.id)
    throw usageError('UNKNOWN_COURSE', `unknown course "${options.course}"${didYouMean(options.course, ids)}`, `courses in lead.yaml: ${ids.join(', ') || 'none'}`)
  }
  return {data, asOf}
}
