import {Flags} from '../../cli/oclif.js'
import {usageError} from '../../core/errors.js'
import {siteToday} from '../../core/clock/site-zone.js'
import {meetingAgenda} from '../../core/meetings/agenda.js'
import {parseQuarter} from '../../core/meetings/pcg-agenda.js'
import type {MeetingBody} from '../../core/records/types.js'
import {loadRecords} from '../../core/records/load.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {dateFlag} from '../../cli/date-flag.js'
import {renderAgenda} from '../../cli/render/meetings.js'
import {shownSitePath} from '../../core/privacy/file-names.js'

export default class MeetingAgenda extends LeadCommand {
  static override summary = 'The next OWG or PCG agenda, computed from the records.'
  static override description = `Without --date, the agenda of the next planned meeting (of --body, or of either body); without a planned meeting, today's.

OWG: open referrals by case manager, each participant (by code) with the days since the last contact the records show (received, handoff, intake, or the last contact a case manager reported at a case conference) and the consent in effect (a participant without one cannot be discussed); intakes overdue; re-referrals since the last OWG meeting; consents of open cases expiring within 30 days; the OWG's open action items.

PCG: protocol versions awaiting adoption; MOUs ending or due for review within 60 days; items returning from the last PCG meeting (deferred, or without consensus); the figures of the last complete quarter (--quarter to choose): referrals by pathway, the funnel, handoff response, off-hours referrals, open cases and training coverage at the quarter's end; the PCG's open action items.

Exit 0: it is a report.`

  static override examples = [
    {description: 'The next meeting\'s agenda', command: '<%= config.bin %> meeting agenda'},
    {description: 'The next OWG case-conference agenda', command: '<%= config.bin %> meeting agenda --body owg'},
    {description: 'A PCG agenda for a date, with the third quarter\'s figures, as JSON', command: '<%= config.bin %> meeting agenda --body pcg --date 2026-12-16 --quarter 2026-Q3 --json'},
  ]

  static override flags = {
    body: Flags.string({description: 'owg (Operational Work Group) or pcg (Policy Coordinating Group).', options: ['owg', 'pcg']}),
    date: Flags.string({description: 'The meeting date, YYYY-MM-DD (default: the next planned meeting).'}),
    quarter: Flags.string({description: 'PCG: the quarter whose figures to show, e.g. 2026-Q3 (default: the last complete one).', helpValue: 'YYYY-QN'}),
    'as-of': Flags.string({description: "Today, YYYY-MM-DD, for finding the next meeting (default: today in the site's time zone)."}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(MeetingAgenda)
    const date = dateFlag('date', flags.date)
    const asOf = dateFlag('as-of', flags['as-of'])
    const quarter = flags.quarter === undefined ? undefined : parseQuarter(flags.quarter)
    if (flags.quarter !== undefined && !quarter) throw usageError('BAD_QUARTER', `--quarter ${flags.quarter} is not a quarter`, 'write it as YYYY-QN, e.g. 2026-Q3')
    if (quarter && flags.body === 'owg') throw usageError('QUARTER_FOR_PCG', '--quarter chooses the figures of a PCG agenda', 'drop --quarter, or use --body pcg')
    const site = this.openSite(flags.dir)
    const records = await loadRecords(site)
    const result = meetingAgenda(site, records, {today: asOf ?? siteToday(site), ...(flags.body ? {body: flags.body as MeetingBody} : {}), ...(date ? {date} : {}), ...(quarter ? {quarter} : {})})
    if (this.jsonMode) return this.printJson({...result.meeting ? {meeting: result.meeting} : {meeting: null}, ...result.agenda, skippedFiles: result.skipped.map(shownSitePath)})
    this.out(renderAgenda(result))
    if (result.skipped.length) this.say(`note: ${plural(result.skipped.length)} left out because they do not pass their schema; see \`lead validate\``)
  }
}

const plural = (n: number) => `${n} file${n === 1 ? '' : 's'}`
