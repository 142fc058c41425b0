import {Flags} from '../../cli/oclif.js'
import {siteToday} from '../../core/clock/site-zone.js'
import {governanceDataFrom} from '../../core/meetings/meeting-data.js'
import {actionsByOwner, openActions} from '../../core/meetings/open-actions.js'
import type {MeetingBody} from '../../core/records/types.js'
import {loadRecords} from '../../core/records/load.js'
import {KINDS, PER_PARTICIPANT_KINDS} from '../../core/records/kinds.js'
import {ofKinds} from '../../core/records/site-files.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {dateFlag} from '../../cli/date-flag.js'
import {renderActions} from '../../cli/render/meetings.js'
import {shownSitePath} from '../../core/privacy/file-names.js'

export default class MeetingActions extends LeadCommand {
  static override summary = 'Open action items from PCG and OWG meetings, by owner, overdue first.'
  static override description = `An action item is open on the date when it was agreed at a held meeting on or before it and has no done date on or before it; it is overdue once its due date has passed. Owners with overdue items come first. An item's text is shown unless it looks like it holds an identifier (a name, a phone number, an address): meetings can name participants, so such text stays in the record and \`lead validate\` points at it.

Record an item as done with \`lead set meeting ID "actions[N].done=YYYY-MM-DD"\` (N counts from 0). Exit 0: it is a report (overdue items are ACTION_OVERDUE warnings in \`lead validate\`).`

  static override examples = [
    {description: 'Everything open today', command: '<%= config.bin %> meeting actions'},
    {description: 'The project manager\'s PCG items, as JSON', command: '<%= config.bin %> meeting actions --body pcg --owner harbor-lead-pm --json'},
    {description: 'What will be overdue at the next PCG meeting', command: '<%= config.bin %> meeting actions --as-of 2026-12-16'},
  ]

  static override flags = {
    body: Flags.string({description: 'Only items of owg or pcg meetings.', options: ['owg', 'pcg']}),
    owner: Flags.string({description: 'Only items owned by this partner (partner id).', helpValue: 'PARTNER'}),
    'as-of': Flags.string({description: "The date to judge on, YYYY-MM-DD (default: today in the site's time zone)."}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(MeetingActions)
    const asOfFlag = dateFlag('as-of', flags['as-of'])
    const site = this.openSite(flags.dir)
    const asOf = asOfFlag ?? siteToday(site)
    // Action items are read from meetings, with the partners and the vocabulary's context: no referral or consent.
    const records = await loadRecords(site, {select: ofKinds(...KINDS.filter((kind) => !PER_PARTICIPANT_KINDS.has(kind)))})
    const data = governanceDataFrom(site, records)
    const all = openActions(data.meetings, asOf, {vocabulary: data.vocabulary, ...(flags.body ? {body: flags.body as MeetingBody} : {})})
    const groups = actionsByOwner(flags.owner ? all.filter((a) => a.owner === flags.owner) : all)
    if (this.jsonMode) {
      return this.printJson({asOf, open: all.filter((a) => !flags.owner || a.owner === flags.owner).length, overdue: groups.reduce((n, g) => n + g.overdue, 0), owners: groups.map((g) => ({owner: g.owner, overdue: g.overdue, actions: g.actions.map((a) => ({...a, text: a.text ?? null}))})), skippedFiles: data.skipped.map(shownSitePath)})
    }
    const names = new Map(data.partners.map((p) => [p.id, p.name]))
    this.out(renderActions(groups, asOf, (id) => names.get(id) ?? id))
    if (flags.owner && !names.has(flags.owner)) this.say(`note: ${flags.owner} is not a partner id (see lead list partner)`)
  }
}
