import {Flags} from '../cli/oclif.js'
import {stateError, usageError} from '../core/errors.js'
import {SiteRepo} from '../core/git/site-repo.js'
import {parseAddress} from '../core/records/record-address.js'
import {namesConcealed, PathConcealer} from '../core/privacy/file-names.js'
import {LeadCommand} from '../cli/lead-command.js'
import {renderTable} from '../cli/render/table.js'
import fs from 'node:fs'
import path from 'node:path'

export default class History extends LeadCommand {
  static override summary = "A record's git history: date, author and message of every commit that changed it."
  static override description = "Follows renames (a record moved to another file keeps its history). Keeps git's changed-path index (a commit-graph in .git/objects/info, as git gc and git maintenance write it) up to date first, so that on a big site git skips the commits that did not touch the file; the first history on a site may take a second or two to write it. --patch shows what each commit changed. --json prints [{sha, date, author, email, subject, path, patch?}], newest first."

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
    const site = this.openSite(flags.dir)
    const {address, rest} = parseAddress(site, argv as string[])
    if (rest.length > 0) throw usageError('UNEXPECTED_ARGS', `unexpected argument ${rest[0]}`, 'lead history KIND ID, or lead history PATH')
    const repo = new SiteRepo(site.root)
    // Asked alongside the log (a git process less to wait for); not a repository wins over what the log said.
    const [isRepo, log] = await Promise.all([repo.isRepo(), repo.fileHistory(address.file, {patch: flags.patch, limit: flags.limit}).then((commits) => ({commits}), (error: unknown) => ({error}))])
    if (!isRepo) throw stateError('NOT_A_REPO', 'the site is not a git repository, so it has no history', 'run git init in the site')
    if ('error' in log) throw log.error
    const {commits} = log
    if (commits.length === 0 && !fs.existsSync(path.join(site.root, address.file))) {
      throw usageError('NOT_FOUND', `no ${address.kind} "${address.id}" in the working tree or history (${address.file})`, `see \`lead list ${address.kind}\` for the IDs`)
    }
    // A file renamed to its ID may have been named by a person before: no output repeats that name.
    const paths = new PathConcealer([address.file, ...commits.map((c) => c.path ?? '')].filter(namesConcealed))
    if (this.jsonMode) return this.printJson(paths.any ? commits.map((c) => (c.path === undefined ? c : {...c, path: paths.path(c.path), ...(c.patch === undefined ? {} : {patch: paths.text(c.patch)})})) : commits)
    if (commits.length === 0) {
      this.say(`${paths.path(address.file)} has no commits yet`)
      return
    }
    if (flags.patch) {
      this.out(commits.map((c) => `commit ${c.sha}\nAuthor: ${c.author} <${c.email}>\nDate:   ${c.date}\n\n    ${c.subject}\n\n${paths.text(c.patch ?? '')}`).join('\n'))
      return
    }
    const renamed = new Set(commits.map((c) => c.path)).size > 1
    const head = [{header: 'date'}, {header: 'author'}, {header: 'commit'}, {header: 'message', max: 72}, ...(renamed ? [{header: 'file'}] : [])]
    this.out(renderTable(head, commits.map((c) => [c.date.replace('T', ' ').slice(0, 16), c.author, c.sha.slice(0, 7), c.subject, ...(renamed ? [paths.path(c.path ?? '')] : [])])))
  }
}
