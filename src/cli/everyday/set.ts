/**
 * `lead set` of a record once its line is read: by oclif (commands/set.ts) or by bin/run.js's early
 * path (cli/early-set.ts), which must print the same. `set lead.yaml …` is lead config set's change,
 * which only oclif's command makes: this returns false for it, having done nothing.
 */
import {usageError} from '../../core/errors.js'
import {parseAssignment, parseFieldPath} from '../../core/records/field-assignments.js'
import {siteTimeZone} from '../../core/clock/site-zone.js'
import {namesConfigFile, parseAddress} from '../../core/records/record-address.js'
import {editRecordText} from '../../core/records/record-edit.js'
import {findRecordFile} from '../../core/records/record-lookup.js'
import {KIND_INFO} from '../../core/records/kinds.js'
import {writeRecords} from '../../core/write/record-writer.js'
import {differsFromHead} from '../../core/git/revision-files.js'
import {gitFileState} from '../../core/records/git-file-state.js'
import {commitByHand} from '../../core/git/git-errors.js'
import {loadSchema} from '../../core/schemas/schema-registry.js'
import {openSite} from '../../core/site.js'
import {renderWriteResult, writeResultJson} from '../render/write-result.js'
import type {Output} from '../output.js'
import {shownSitePath} from '../../core/privacy/file-names.js'
import {learnIfMisfiled} from '../../core/privacy/misfiled-file.js'
import {concealedName} from '../../core/text/concealed.js'

export interface SetFlags {
  dir?: string
  /** The line's words after `set`: the record (KIND ID, ID or a path), then FIELD=VALUE… */
  words: string[]
  unset: string[]
  message?: string
  commit: boolean
}

export interface SetHooks {
  /**
   * Called just before the write starts (the lock, git's state, the validation, the files, the
   * commit): from here on a failure must be reported, never the line run again.
   */
  writing?(): void
}

/** Change the record's fields; false (nothing done) when the line names lead.yaml instead. */
export async function runSet(flags: SetFlags, io: Output, hooks: SetHooks = {}): Promise<boolean> {
  const site = openSite({dir: flags.dir})
  if (namesConfigFile(site, flags.words[0])) return false
  const {address, rest} = parseAddress(site, flags.words, 'lead set partner harbor-pd phone="+1 555 0100"')
  if (rest.length === 0 && flags.unset.length === 0) {
    throw usageError('NOTHING_TO_SET', 'give at least one FIELD=VALUE or --unset FIELD', `e.g. lead set ${address.kind} ${address.id} FIELD=VALUE`)
  }
  const schema = loadSchema(address.kind)
  const timeZone = siteTimeZone(site)
  const assignments = rest.map((a) => parseAssignment(schema, a, {timeZone, kind: address.kind}))
  const unsets = flags.unset.map((u) => parseFieldPath(u, address.kind))
  if (assignments.some((a) => a.text === 'id') || unsets.some((u) => u.length === 1 && 'key' in u[0]! && u[0].key === 'id')) {
    throw usageError('ID_CHANGE', 'the id of a record is its file name and cannot be changed with lead set', 'create a record with the new ID (lead new) and remove the old file with git rm')
  }
  const record = findRecordFile(site, address)
  // A referral saved into partners/ under a legal partner ID (partners/quennell-zavorski.yaml): its
  // name is a participant's, never printed nor written into a commit message (privacy/file-names.ts).
  learnIfMisfiled(record.kind, record.file, record.text)
  const file = shownSitePath(record.file)
  // The record's ID as it may be printed (and written into the commit message): concealed with its file's name.
  const hidden = file !== record.file
  const id = hidden ? concealedName(record.id) : record.id
  const edited = editRecordText(record.text, assignments, unsets, {file: record.file, conceal: KIND_INFO[record.kind].participantData === true})
  const setPart = assignments.length > 0 ? `set ${hidden ? '' : `${record.id} `}${[...new Set(assignments.map((a) => a.text))].join(', ')}` : ''
  const unsetPart = unsets.length > 0 ? `${setPart ? '; unset' : `unset${hidden ? '' : ` ${record.id}`}`} ${flags.unset.join(', ')}` : ''
  const ownMessage = `${record.kind}: ${setPart}${unsetPart}`
  const message = flags.message ?? ownMessage
  if (edited.text === record.text) {
    // Holding the values is not being committed: an earlier set whose commit a hook refused left the file so.
    // git's status lead took at the start (cli/git-prefetch.ts) says; a second is asked only without it.
    const state = await gitFileState(site.root)
    const uncommitted = state ? state.listedByGit(record.file) : await differsFromHead(site.root, record.file)
    // --no-commit asked for none: the file's state is told (--json), no commit urged.
    const hint = uncommitted && flags.commit !== false ? `it differs from HEAD (an earlier commit of it may have failed); commit it by hand: ${hidden ? 'git add and git commit it' : commitByHand([record.file], ownMessage, site.root)}` : undefined
    if (io.json) io.printJson({ok: true, kind: record.kind, id, file, committed: false, commit: null, changed: [], message: null, warnings: [], uncommitted, ...(hint ? {hint} : {})})
    else io.say(`nothing to change: ${file} already holds these values${hint ? `, but it is not committed\n  hint: ${hint}` : ''}`)
    return true
  }
  hooks.writing?.()
  const result = await writeRecords(site, [{kind: record.kind, id: record.id, file: record.file, text: edited.text, base: record.text}], {message, messageTyped: flags.message !== undefined, commit: flags.commit})
  if (io.json) io.printJson(writeResultJson(record.kind, id, result, message, {changed: edited.changed}))
  else io.say(renderWriteResult('changed', result, message))
  return true
}
