/**
 * `lead history` once its line is read: by oclif (commands/history.ts) or by bin/run.js's early
 * path (cli/early-start.ts), which must print the same.
 */
import fs from 'node:fs'
import path from 'node:path'
import {stateError, usageError} from '../../core/errors.js'
import {SiteRepo} from '../../core/git/site-repo.js'
import {parseAddress} from '../../core/records/record-address.js'
import {learnParticipantFile, namesConcealed, PathConcealer, shownSitePath} from '../../core/privacy/file-names.js'
import {learnIfMisfiledAt} from '../../core/privacy/misfiled-file.js'
import {PER_PARTICIPANT_KINDS, recordFolderKind, type Kind} from '../../core/records/kinds.js'
import {openSite} from '../../core/site.js'
import {shownMessages} from '../../core/privacy/shown-messages.js'
import type {FileCommit} from '../../core/git/file-history.js'
import type {Output} from '../output.js'
import {renderTable} from '../render/table.js'

export interface HistoryFlags {
  dir?: string
  patch?: boolean
  limit?: number
}

export async function runHistory(argv: readonly string[], flags: HistoryFlags, io: Output): Promise<void> {
  const site = openSite({dir: flags.dir})
  const {address, rest} = parseAddress(site, [...argv], 'lead history partner harbor-pd')
  if (rest.length > 0) throw usageError('UNEXPECTED_ARGS', `${rest.length} unexpected argument${rest.length === 1 ? '' : 's'} (not shown: an unquoted value may have spilt into ${rest.length === 1 ? 'it' : 'them'})`, 'lead history KIND ID, or lead history PATH')
  const repo = new SiteRepo(site.root)
  const log = await repo.fileHistory(address.file, {patch: flags.patch, limit: flags.limit}).then((commits) => ({commits}), (error: unknown) => ({error}))
  // Asked of git only when the log found nothing (a history's usual run starts one process fewer).
  if (('error' in log || log.commits.length === 0) && !(await repo.isRepo())) throw stateError('NOT_A_REPO', 'the site is not a git repository, so it has no history', 'run git init in the site')
  if ('error' in log) throw log.error
  const {commits} = log
  if (commits.length === 0 && !fs.existsSync(path.join(site.root, address.file))) {
    throw usageError('NOT_FOUND', `no ${address.kind} "${address.id}" in the working tree or history (${address.file})`, `see \`lead list ${address.kind}\` for the IDs`)
  }
  // A referral or consent that was saved into another kind's folder before (or after) it was in its
  // own (partners/quennell-zavorski.yaml, a legal partner ID and a participant's name): that file's
  // name is a participant's whatever it is (privacy/file-names.ts).
  const all = [address.file, ...commits.flatMap((c) => (c.path === undefined ? [] : [c.path]))]
  const holds = (file: string) => {
    const kind = recordFolderKind(file)
    return kind === 'referral' || kind === 'consent'
  }
  if (all.some(holds) || misfiledNow(site.root, address.kind, address.file)) for (const file of all) if (!holds(file) && recordFolderKind(file) !== undefined) learnParticipantFile(file)
  // A file renamed to its ID may have been named by a person before: no output repeats that name.
  const paths = new PathConcealer([address.file, ...commits.map((c) => c.path ?? '')].filter(namesConcealed))
  // A message lead wrote before it concealed such a name (`partner: set quennell-zavorski notes`) names the record by it: `all` are its own.
  // A referral's or consent's commit messages are scanned as a -m is (privacy/shown-messages.ts).
  const messages = PER_PARTICIPANT_KINDS.has(address.kind) ? await shownMessages(commits.map((c) => c.subject), async () => (await import('../../core/privacy/site-staff.js')).siteVocabularyOf(site)) : undefined
  const subject = (c: FileCommit, i: number) => paths.text(messages?.shown[i] ?? c.subject, all)
  const notShown = () => {
    if (messages && messages.concealed > 0) io.say(`${messages.concealed} commit message${messages.concealed === 1 ? '' : 's'} not shown: git keeps every message in every clone; \`git log ${paths.path(address.file)}\` shows ${messages.concealed === 1 ? 'it' : 'them'} to reword (lead validate --since flags such commits before a merge)`)
  }
  if (io.json) {
    io.printJson(commits.map((c, i) => ({...c, subject: subject(c, i), ...(c.path === undefined || !paths.any ? {} : {path: paths.path(c.path)}), ...(c.patch === undefined || !paths.any ? {} : {patch: paths.text(c.patch)})})))
    return notShown()
  }
  if (commits.length === 0) {
    io.say(`${paths.path(address.file)} has no commits yet`)
    return
  }
  if (flags.patch) {
    io.out(commits.map((c, i) => `commit ${c.sha}\nAuthor: ${c.author} <${c.email}>\nDate:   ${c.date}\n\n    ${subject(c, i)}\n\n${paths.text(c.patch ?? '')}`).join('\n'))
    return notShown()
  }
  const renamed = new Set(commits.map((c) => c.path)).size > 1
  const head = [{header: 'date'}, {header: 'author'}, {header: 'commit'}, {header: 'message', max: 72}, ...(renamed ? [{header: 'file'}] : [])]
  io.out(renderTable(head, commits.map((c, i) => [c.date.replace('T', ' ').slice(0, 16), c.author, c.sha.slice(0, 7), subject(c, i), ...(renamed ? [paths.path(c.path ?? '')] : [])])))
  notShown()
}

/** Whether the record's file holds, as it is now, a referral or consent saved into another kind's folder (then every name it had there is a participant's). */
function misfiledNow(root: string, kind: Kind, file: string): boolean {
  learnIfMisfiledAt(root, kind, file)
  return shownSitePath(file) !== file
}
