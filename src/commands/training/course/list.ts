import {LeadCommand} from '../../../cli/lead-command.js'
import {renderCourseList} from '../../../cli/render/courses.js'
import {listCourses} from '../../../core/config/site-courses.js'

export default class TrainingCourseList extends LeadCommand {
  static override summary = 'List the training courses in lead.yaml, how long each counts and how many sessions use it.'
  static override description = `One line per course, in lead.yaml's order: its id (what sessions name), its name (printed on sign-in sheets and reports), how long a completed course counts (a number of months, or "never expires"), its kind, and how many training sessions name it, with the latest one.

--json prints {courses: [{id, name, valid_months, validity, kind, sessions, last_session}]}, valid_months being a number or "never".`

  static override examples = [
    {description: 'Every course', command: '<%= config.bin %> training course list'},
    {description: 'As JSON, for a script', command: '<%= config.bin %> training course list --json'},
  ]

  async run(): Promise<void> {
    const {flags} = await this.parse(TrainingCourseList)
    const site = this.openSite(flags.dir)
    const courses = await listCourses(site)
    if (this.jsonMode) return this.printJson({courses})
    this.out(renderCourseList(courses))
  }
}
