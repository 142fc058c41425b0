/**
 * `lead report referrals` once its line is read: by oclif (commands/report/referrals.ts) or by
 * bin/run.js's early path (cli/early-start.ts), which must print the same.
 */
import {referralReport} from '../../core/referrals/referral-report.js'
import {siteToday} from '../../core/clock/site-zone.js'
import type {Grouping} from '../../core/referrals/groupings.js'
import {openSite} from '../../core/site.js'
import {dateRange} from '../date-flag.js'
import {renderVolume} from '../render/referral-reports.js'
import type {Output} from '../output.js'

export interface ReportReferralsFlags {
  dir?: string
  by: Grouping
  from?: string
  to?: string
  format: string
  neutralize: boolean
  bom: boolean
}

export async function runReportReferrals(flags: ReportReferralsFlags, io: Output): Promise<void> {
  const range = dateRange(flags.from, flags.to)
  const site = openSite({dir: flags.dir})
  const {by} = flags
  const asOf = siteToday(site)
  const {report, skipped} = await referralReport(site, {report: 'referrals', by, ...range, asOf}, async (data) => (await import('../../core/referrals/volume.js')).referralVolume(data.referrals, data.protocols, {by, ...range, timeZone: data.timeZone, asOf, vocabulary: data.vocabulary}))
  if (io.json) io.printJson({...report, skippedFiles: skipped})
  else if (flags.format === 'csv') {
    // The CSV writers are loaded for --format csv alone.
    const [{volumeCsv}, {toCsv}] = await Promise.all([import('../render/report-csv.js'), import('../../core/records/flat-export.js')])
    const {columns, rows} = volumeCsv(report)
    process.stdout.write(toCsv(columns, rows, {neutralize: flags.neutralize, bom: flags.bom}))
    if (skipped.length) io.say(`note: ${skipped.length} file(s) left out because they do not pass their schema; see \`lead validate\``)
  } else {
    io.out(renderVolume(report))
    if (skipped.length) io.say(`note: ${skipped.length} file(s) left out because they do not pass their schema; see \`lead validate\``)
  }
}
