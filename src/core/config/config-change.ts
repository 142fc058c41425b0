/**
 * Changing lead.yaml: the edits `lead config set` and other commands (`lead training course add`)
 * make to the site's settings. The file's comments and layout are kept (only changed lines are
 * rewritten), and the change takes the records' write path: lock, git checks, the whole site
 * validated under the new settings (a change that would leave new errors is refused and nothing is
 * written), atomic write, a commit of lead.yaml alone. A change to policy (policy/site-policy.ts)
 * is described as CI will judge it, loosened or tightened.
 */
import fs from 'node:fs'
import path from 'node:path'
import {LeadError, ExitCode} from '../errors.js'
import {formatFieldPath, type Assignment, type PathStep} from '../records/field-assignments.js'
import {CONFIG_FILE} from '../records/kinds.js'
import {editRecordText} from '../records/record-edit.js'
import {writeRecords, type WriteResult} from '../write/record-writer.js'
import type {Site} from '../site.js'
import {judgePolicy, type PolicyChange} from '../policy/site-policy.js'
import {parseRecordText} from '../records/record-parse.js'

export interface ConfigChangeOptions {
  /** Commit message (default: "config: set site.timezone, referral_phone"). */
  message?: string
  /** false: write lead.yaml and leave it uncommitted. */
  commit?: boolean
  lockWaitMs?: number
}

export interface ConfigChangeResult {
  /** The paths that changed, as written (`courses[0].name`); empty when lead.yaml already held the values. */
  changed: string[]
  /** How the change moves lead.yaml's policy (loosened, tightened…), as CI will judge it. */
  policy: PolicyChange[]
  message: string
  /** Undefined when nothing changed (nothing written, nothing committed). */
  write?: WriteResult
}

/** Apply settings to lead.yaml and write them through the write path. */
export async function changeSiteConfig(site: Site, assignments: readonly Assignment[], unsets: readonly PathStep[][], options: ConfigChangeOptions = {}): Promise<ConfigChangeResult> {
  const base = readConfigText(site)
  const edited = editRecordText(base, assignments, unsets, {file: CONFIG_FILE})
  const setPart = assignments.length > 0 ? `set ${[...new Set(assignments.map((a) => a.text))].join(', ')}` : ''
  const unsetPart = unsets.length > 0 ? `${setPart ? '; ' : ''}unset ${unsets.map(formatFieldPath).join(', ')}` : ''
  const message = options.message ?? `config: ${setPart}${unsetPart}`
  if (edited.text === base) return {changed: [], policy: [], message}
  const policy = judgePolicy({present: true, data: site.configData}, {present: true, data: parseRecordText(CONFIG_FILE, edited.text).data}).changes
  const write = await writeRecords(site, [], {message, commit: options.commit, lockWaitMs: options.lockWaitMs, config: {text: edited.text, base}})
  return {changed: edited.changed, policy, message, write}
}

/** lead.yaml's text as it is on disk (the base a change is made from). */
function readConfigText(site: Site): string {
  try {
    return fs.readFileSync(path.join(site.root, CONFIG_FILE), 'utf8').replace(/^\uFEFF/, '')
  } catch (error) {
    throw new LeadError('IO_ERROR', `cannot read ${CONFIG_FILE}: ${(error as Error).message}`, {exit: ExitCode.io})
  }
}
