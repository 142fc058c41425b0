/**
 * `lead status` once its line is read: by oclif (commands/status.ts) or by bin/run.js's early path
 * (cli/early-start.ts), which must print the same.
 */
import {statusNow} from '../../core/derived/status-now.js'
import {siteToday} from '../../core/clock/site-zone.js'
import {openSite} from '../../core/site.js'
import {dateFlag} from '../date-flag.js'
import {renderStatus} from '../render/referral-reports.js'
import {renderMeetingStatus} from '../render/meetings.js'
import type {Output} from '../output.js'

export async function runStatus(flags: {dir?: string; asOf?: string}, io: Output): Promise<void> {
  const asOfFlag = dateFlag('as-of', flags.asOf)
  const site = openSite({dir: flags.dir})
  const asOf = asOfFlag ?? siteToday(site)
  const {status, meetings} = await statusNow(site, asOf)
  if (io.json) io.printJson({...status, meetings})
  else {
    // The meeting rows go above the validation row, which stays last.
    const lines = renderStatus(status).split('\n')
    lines.splice(-1, 0, renderMeetingStatus(meetings))
    io.out(lines.join('\n'))
  }
}
