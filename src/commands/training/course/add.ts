import {Args, Flags} from '../../../cli/oclif.js'
import {LeadCommand} from '../../../cli/lead-command.js'
import {courseChangeJson, renderCourseChange} from '../../../cli/render/courses.js'
import {addCourse, parseValidity} from '../../../core/config/site-courses.js'

export default class TrainingCourseAdd extends LeadCommand {
  static override summary = 'Add a training course to lead.yaml, validated and committed.'
  static override description = `ID is what training sessions name (lowercase letters, digits and hyphens); --name is printed on sign-in sheets and reports; --valid-months is how long a completed course counts before the officer is due a refresher: whole months (24 is two years) or never, for a certification that does not expire.

The course is added at the end of lead.yaml's courses (its comments and layout are kept), the whole site is validated, and the change is committed on its own as "config: add course ID". Courses are policy: CI shows the change to reviewers as POLICY_CHANGED.`

  static override examples = [
    {description: 'A certification that never expires', command: "<%= config.bin %> training course add cit --name 'Crisis intervention (40 hours)' --valid-months never"},
    {description: 'A refresher every two years', command: "<%= config.bin %> training course add lead-refresher --name 'LEAD refresher' --valid-months 24 --kind refresher"},
    {description: 'Write lead.yaml and leave it uncommitted', command: "<%= config.bin %> training course add peer-support --name 'Peer support' --valid-months 12 --kind peer --no-commit"},
  ]

  static override args = {id: Args.string({description: 'The course id sessions will name, e.g. cit.', required: true})}

  static override flags = {
    name: Flags.string({char: 'n', description: 'The course name, as printed on sign-in sheets and reports.', required: true}),
    'valid-months': Flags.string({description: 'How long a completed course counts: whole months (1 to 600), or never.', required: true, helpValue: 'N|never'}),
    kind: Flags.string({description: 'What sort of course: initial, refresher, roll_call or peer.'}),
    message: Flags.string({char: 'm', description: 'Commit message (default: "config: add course ID").'}),
    commit: Flags.boolean({description: 'Commit the change (--no-commit: write lead.yaml and leave it uncommitted).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(TrainingCourseAdd)
    const validity = parseValidity(flags['valid-months'])
    const site = this.openSite(flags.dir)
    const change = await addCourse(site, {id: args.id, name: flags.name, valid_months: validity, kind: flags.kind}, {message: flags.message, commit: flags.commit})
    if (this.jsonMode) return this.printJson(courseChangeJson(change))
    this.say(renderCourseChange(change))
  }
}
