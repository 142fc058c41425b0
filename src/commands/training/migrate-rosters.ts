import {Flags} from '../../cli/oclif.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {migrateRosters} from '../../core/import/roster-migration.js'
import {hookChangeLines} from '../../cli/render/write-result.js'

export default class TrainingMigrateRosters extends LeadCommand {
  static override summary = 'Give every officer on the rosters a stable id (once, for rosters written before officers were people).'
  static override description = `Rosters used to key officers by badge. Now an officer is a person with an id and the badge is an attribute with history, so a reissued badge or a badge change no longer moves anyone's training. This gives each officer an id (lead-<badge>: on an old roster each badge was one person) and records since when the roster follows the agency (tracked_since: the as_of of its first import in git), in one commit. History, comments and trainings are untouched; running it again changes nothing.`

  static override examples = [
    {description: 'See what would change', command: '<%= config.bin %> training migrate-rosters --dry-run'},
    {description: 'Migrate every roster and commit', command: '<%= config.bin %> training migrate-rosters'},
  ]

  static override flags = {
    agency: Flags.string({description: 'Only this agency\'s roster.'}),
    'dry-run': Flags.boolean({description: 'Show what would change; write nothing.'}),
    commit: Flags.boolean({description: 'Commit the rosters (--no-commit: write the files only).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(TrainingMigrateRosters)
    const site = this.openSite(flags.dir)
    const result = await migrateRosters(site, {agency: flags.agency, dryRun: flags['dry-run'], commit: flags.commit})
    if (this.jsonMode) return this.printJson(result)
    if (result.rosters.length === 0) return this.say('every roster already has officer ids; nothing to do')
    for (const r of result.rosters) this.out(`${r.file}: ${r.ids} officer id${r.ids === 1 ? '' : 's'}${r.trackedSince ? `, tracked since ${r.trackedSince}` : ''}`)
    if (result.dryRun) this.say('dry run: nothing was written')
    else if (result.commit) this.say(`committed ${result.commit.slice(0, 7)}`)
    else this.say('wrote the rosters (not committed)')
    for (const line of hookChangeLines(result.changedByHook)) this.say(line)
  }
}
