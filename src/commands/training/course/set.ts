import {Args, Flags} from '../../../cli/oclif.js'
import {LeadCommand} from '../../../cli/lead-command.js'
import {courseChangeJson, renderCourseChange} from '../../../cli/render/courses.js'
import {setCourse} from '../../../core/config/site-courses.js'

export default class TrainingCourseSet extends LeadCommand {
  static override summary = "Change a training course in lead.yaml: its name, how long it counts, its kind."
  static override description = `Each FIELD=VALUE changes one field of the course: name, valid_months (whole months, or never for a certification that does not expire), kind (initial, refresher, roll_call, peer), or id. --unset kind removes the kind.

A new validity applies to every session of the course, past ones too: coverage and who is due are recomputed from it. Renaming the id of a course that sessions name is refused (they would lose their course); change its name instead, or add a new course for new sessions. The whole site is validated and the change is committed on its own as "config: course ID: set FIELDS".`

  static override examples = [
    {description: 'The certification no longer expires', command: '<%= config.bin %> training course set cit valid_months=never'},
    {description: 'A new name and a yearly refresher', command: "<%= config.bin %> training course set roll-call 'name=Roll-call briefing' valid_months=12"},
    {description: 'Remove the kind', command: '<%= config.bin %> training course set peer-support --unset kind'},
  ]

  static override strict = false
  static override usage = ['training course set ID FIELD=VALUE... [--unset FIELD]']
  static override args = {id: Args.string({description: 'The course id (lead training course list).', required: true})}

  static override flags = {
    unset: Flags.string({char: 'u', description: 'Remove an optional field (kind). Repeatable.', multiple: true}),
    message: Flags.string({char: 'm', description: 'Commit message (default: "config: course ID: set FIELDS").'}),
    commit: Flags.boolean({description: 'Commit the change (--no-commit: write lead.yaml and leave it uncommitted).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {args, argv, flags} = await this.parse(TrainingCourseSet)
    const texts = (argv as string[]).slice(1)
    const site = this.openSite(flags.dir)
    const change = await setCourse(site, args.id, texts, flags.unset ?? [], {message: flags.message, commit: flags.commit})
    if (this.jsonMode) return this.printJson(courseChangeJson(change))
    this.say(renderCourseChange(change))
  }
}
