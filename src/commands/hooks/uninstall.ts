import {leadFile} from '../../core/lead-files.js'
import {uninstallLeadHooks} from '../../core/git/pre-commit-hook.js'
import {LeadCommand} from '../../cli/lead-command.js'

export default class HooksUninstall extends LeadCommand {
  static override summary = "Remove lead's git hooks (pre-commit and commit-msg)."
  static override description = `Removes the hooks \`lead hooks install\` wrote, and puts back each hook that \`--force\` replaced (pre-commit.backup, commit-msg.backup), if any. In a repository holding several sites whose hooks lead installed, the hooks stay and stop checking this site only (action "narrowed", with the sites they still check). A hook that is not lead's is left alone; when neither hook is lead's and one is someone else's, nothing is done (exit 3).`

  static override examples = [
    {description: 'Stop validating on every commit', command: '<%= config.bin %> hooks uninstall'},
    {description: 'The same, saying what was removed as JSON', command: '<%= config.bin %> hooks uninstall --json'},
  ]

  async run(): Promise<void> {
    const {flags} = await this.parse(HooksUninstall)
    const site = this.openSite(flags.dir)
    // The repository's other sites keep their check, through this installation of lead.
    const {preCommit, commitMsg} = await uninstallLeadHooks(site.root, {node: process.execPath, run: leadFile('bin/run.js'), version: this.config.version})
    if (this.jsonMode) {
      // The pre-commit hook's fields stay at the top, as before the commit-msg hook.
      this.printJson({ok: true, ...preCommit, restored: preCommit.restored ?? null, commitMsg: {...commitMsg, restored: commitMsg.restored ?? null}})
      return
    }
    for (const [name, r] of [['pre-commit', preCommit], ['commit-msg', commitMsg]] as const) {
      if (r.action === 'absent') this.say(`No ${name} hook at ${r.hook}; nothing to do.`)
      else if (r.action === 'foreign') this.say(`The ${name} hook ${r.hook} is not lead's; it was left as it is.`)
      else if (r.action === 'restored') this.say(`Removed lead's ${name} hook and put back the previous one from ${r.restored}.`)
      else if (r.action === 'narrowed') this.say(`lead's ${name} hook ${r.hook} no longer checks this site; it still checks ${r.sites!.join(', ')}.`)
      else this.say(`Removed lead's ${name} hook ${r.hook}.`)
    }
  }
}
