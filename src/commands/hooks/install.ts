import {Flags} from '../../cli/oclif.js'
import path from 'node:path'
import {installPreCommitHook} from '../../core/git/pre-commit-hook.js'
import {LeadCommand} from '../../cli/lead-command.js'

export default class HooksInstall extends LeadCommand {
  static override summary = 'Install a git pre-commit hook that validates what is about to be committed.'
  static override description = `The hook runs \`lead validate --staged\`: it checks the files as staged (the git index, not the working tree) and blocks the commit when they have errors. It starts this installation of lead (this node and this lead), so it works even where \`lead\` is not on the PATH (a GUI git client, another shell), and falls back to \`lead\` on the PATH if this installation is moved.

Honours core.hooksPath. An existing pre-commit hook that is not lead's is left alone (exit 3) unless --force, which keeps it as pre-commit.backup. Installing again updates lead's own hook. Skip the hook once with \`git commit --no-verify\`.`

  static override examples = [
    {description: 'Install the hook in the current site', command: '<%= config.bin %> hooks install'},
    {description: 'Replace a hook that is already there (it is kept as pre-commit.backup)', command: '<%= config.bin %> hooks install --force'},
  ]

  static override flags = {
    force: Flags.boolean({description: "Replace an existing pre-commit hook that is not lead's (keeping it as a backup)."}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(HooksInstall)
    const site = this.openSite(flags.dir)
    const result = await installPreCommitHook(site.root, {
      node: process.execPath,
      run: path.join(this.config.root, 'bin', 'run.js'),
      version: this.config.version,
      force: flags.force,
    })
    if (this.jsonMode) {
      this.printJson({ok: true, ...result, backup: result.backup ?? null, hooksPath: result.hooksPath ?? null})
      return
    }
    const verb = {installed: 'Installed', updated: 'Updated', replaced: 'Replaced', unchanged: 'Already installed:'}[result.action]
    this.say(`${verb} the pre-commit hook ${result.hook}${result.hooksPath ? ` (core.hooksPath ${result.hooksPath})` : ''}.`)
    if (result.backup) this.say(`The previous hook is kept as ${result.backup}.`)
    this.say('Every git commit now runs `lead validate --staged`; skip it once with `git commit --no-verify`.')
  }
}
