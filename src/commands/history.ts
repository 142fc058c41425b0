import {Flags} from '../cli/oclif.js'
import {LeadCommand} from '../cli/lead-command.js'
import {runHistory} from '../cli/everyday/history.js'

export default class History extends LeadCommand {
  static override summary = "A record's git history: date, author and message of every commit that changed it."
  static override description = "Follows renames (a record moved to another file keeps its history). Keeps git's changed-path index (a commit-graph in .git/objects/info, as git gc and git maintenance write it) up to date first, so that on a big site git skips the commits that did not touch the file; the first history on a site may take a second or two to write it. --patch shows what each commit changed. A referral's or consent's commit message that looks like it holds a name, birth date or contact detail is shown as ‹message not shown: …› (git log shows it, to reword). --json prints [{sha, date, author, email, subject, path, patch?}], newest first."

  static override examples = [
    {description: "A referral's history", command: '<%= config.bin %> history referral r-2026-11-03-k3f9q2'},
    {description: 'With the changes', command: '<%= config.bin %> history partner harbor-pd --patch'},
  ]

  static override strict = false
  static override usage = ['history KIND ID [--patch]', 'history PATH [--patch]']
  static override flags = {
    patch: Flags.boolean({char: 'p', description: 'Show the change each commit made.'}),
    limit: Flags.integer({char: 'n', description: 'Show at most N commits.', min: 1}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(History)
    await runHistory(argv as string[], {dir: flags.dir, patch: flags.patch, limit: flags.limit}, this.io)
  }
}
