import {uninstallPreCommitHook} from '../../core/git/pre-commit-hook.js'
import {LeadCommand} from '../../cli/lead-command.js'

export default class HooksUninstall extends LeadCommand {
  static override summary = "Remove lead's git pre-commit hook."
  static override description = `Removes the hook \`lead hooks install\` wrote, and puts back the hook that \`--force\` replaced (pre-commit.backup), if any. A pre-commit hook that is not lead's is left alone (exit 3).`

  static override examples = [{description: 'Stop validating on every commit', command: '<%= config.bin %> hooks uninstall'}]

  async run(): Promise<void> {
    const {flags} = await this.parse(HooksUninstall)
    const site = this.openSite(flags.dir)
    const result = await uninstallPreCommitHook(site.root)
    if (this.jsonMode) {
      this.printJson({ok: true, ...result, restored: result.restored ?? null})
      return
    }
    if (result.action === 'absent') this.say(`No pre-commit hook at ${result.hook}; nothing to do.`)
    else if (result.action === 'restored') this.say(`Removed lead's pre-commit hook and put back the previous one from ${result.restored}.`)
    else this.say(`Removed lead's pre-commit hook ${result.hook}.`)
  }
}
