import {Flags} from '../../cli/oclif.js'
import {leadFile} from '../../core/lead-files.js'
import {installLeadHooks} from '../../core/git/pre-commit-hook.js'
import type {InstallResult} from '../../core/git/hook-install.js'
import {LeadCommand} from '../../cli/lead-command.js'

export default class HooksInstall extends LeadCommand {
  static override summary = 'Install git hooks that validate what is about to be committed and refuse a message that names a participant.'
  static override description = `Two hooks. The pre-commit hook runs \`lead validate --staged\`: it checks the files as staged (the git index, not the working tree) and blocks the commit when they have errors. A commit lead makes itself (set, new, edit, the imports) of referrals and consents it judged exactly as that check would (nothing else differing from HEAD, no error in what it writes, no other error new) is not checked twice: the hook starts no second lead for it. The commit-msg hook runs \`lead hooks check-message\`: for a commit that changes a referral or consent, it refuses a message that looks like it holds a name, a birth date, a phone number or an address (MESSAGE_HOLDS_IDENTIFIER), or that repeats the free text of a referral, consent or meeting it changes (MESSAGE_REPEATS_RECORD), before the message is in your history. Each starts this installation of lead (this node and this lead), so it works even where \`lead\` is not on the PATH (a GUI git client, another shell), and falls back to \`lead\` on the PATH if this installation is moved.

Honours core.hooksPath, but not a folder every repository of yours shares (an absolute core.hooksPath in the global or system git config: HOOKS_PATH_SHARED, exit 3), where lead's hooks would run and fail in all of them. An existing pre-commit or commit-msg hook that is not lead's is left alone, and neither hook is installed (exit 3), unless --force, which keeps it as pre-commit.backup or commit-msg.backup. Installing again updates lead's own hooks. git runs one pre-commit hook per repository: in a repository holding several sites, installing in each makes lead's hooks check every one of them (\`lead hooks uninstall\` in one stops its check alone). Skip them once with \`git commit --no-verify\`.`

  static override examples = [
    {description: 'Install the hooks in the current site', command: '<%= config.bin %> hooks install'},
    {description: 'Replace hooks that are already there (each is kept as HOOK.backup)', command: '<%= config.bin %> hooks install --force'},
    {description: 'Install them for a site in a subfolder of a larger repository, as JSON', command: '<%= config.bin %> hooks install -C sites/harbor --json'},
  ]

  static override flags = {
    force: Flags.boolean({description: "Replace an existing pre-commit or commit-msg hook that is not lead's (keeping it as a backup)."}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(HooksInstall)
    const site = this.openSite(flags.dir)
    const {preCommit, commitMsg} = await installLeadHooks(site.root, {
      node: process.execPath,
      // The path a write names to the hook when it judged the commit as the hook would (write/hook-check.ts).
      run: leadFile('bin/run.js'),
      version: this.config.version,
      force: flags.force,
    })
    if (this.jsonMode) {
      // The pre-commit hook's fields stay at the top, as before the commit-msg hook.
      const plain = (r: InstallResult) => ({...r, backup: r.backup ?? null, hooksPath: r.hooksPath ?? null})
      this.printJson({ok: true, ...plain(preCommit), commitMsg: {hook: commitMsg.hook, action: commitMsg.action, backup: commitMsg.backup ?? null}})
      return
    }
    const verb = {installed: 'Installed', updated: 'Updated', replaced: 'Replaced', unchanged: 'Already installed:'}
    for (const [name, r] of [['pre-commit', preCommit], ['commit-msg', commitMsg]] as const) {
      this.say(`${verb[r.action]} the ${name} hook ${r.hook}${r.hooksPath ? ` (core.hooksPath ${r.hooksPath})` : ''}.`)
      if (r.backup) this.say(`The previous ${name} hook is kept as ${r.backup}.`)
    }
    if (preCommit.sites.length > 1) this.say(`The hooks check the repository's sites ${preCommit.sites.join(', ')}.`)
    this.say('Every git commit now runs `lead validate --staged`, and its message is refused if it names someone in a change to a referral or consent, or repeats what a referral, consent or meeting it changes says; skip both once with `git commit --no-verify`.')
  }
}
