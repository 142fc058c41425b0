import {Args} from '../../cli/oclif.js'
import {checkCommitMessage} from '../../core/review/message-check.js'
import {LeadCommand} from '../../cli/lead-command.js'

export default class HooksCheckMessage extends LeadCommand {
  static override summary = 'Refuse a commit message that names a participant (what the commit-msg hook runs).'
  static override description = `git's commit-msg hook, installed by \`lead hooks install\`, runs this with the file that holds the message of the commit being made. When the commit changes a referral or consent (a staged file under referrals/ or consents/), the message is scanned as lead's own -m is: one that looks like it holds a name, a birth date, a phone number or an address is refused (MESSAGE_HOLDS_IDENTIFIER, exit 2) without repeating it, and git does not commit; so is one that repeats the free text of a referral, consent or meeting the commit changes, as staged or as it was (MESSAGE_REPEATS_RECORD, exit 2); a partner, district, badge or staff name the site declared may be named. Names the site knows as staff pass, and so do the charge codes its protocols list (and the statute each cites); a bare date passes. A commit that changes no referral, consent or meeting is not scanned, as the CI gate does not scan it; one that stages nothing (git commit --amend rewording HEAD, rebase -i's reword) is judged by what HEAD changed.

What git will not keep is not scanned: with an editor, lines starting with the comment character (core.commentChar; git's "# Author: …" line among them) and everything from the scissors line of \`git commit -v\` on. A message given with -m or -F keeps such lines, so they are scanned. git keeps a refused message in .git/COMMIT_EDITMSG; \`git commit -e -F .git/COMMIT_EDITMSG\` reopens it. Skip the check once with \`git commit --no-verify\`.`

  static override examples = [
    {description: 'Check a message the way the hook does (at the top of the repository)', command: '<%= config.bin %> hooks check-message .git/COMMIT_EDITMSG'},
    {description: 'The same, as one JSON document', command: '<%= config.bin %> hooks check-message .git/COMMIT_EDITMSG --json'},
  ]

  static override args = {file: Args.string({description: 'The file holding the commit message (git gives the hook .git/COMMIT_EDITMSG).', required: true})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(HooksCheckMessage)
    const site = this.openSite(flags.dir)
    const result = await checkCommitMessage(site, args.file)
    if (this.jsonMode) this.printJson({ok: true, ...result})
  }
}
