/**
 * The records a form is printed from, and the site's findings that decide whether it may be.
 *
 * A form is refused when a record it is built from fails validation, and validation is of the
 * whole site (a referral's finding may come from another referral). The findings come from the
 * memo of the last validation of the site as it is (site-findings.ts), so that a form of one
 * referral reads the site's context and that referral, not 13,000 records; when no run remembered
 * them, the whole site is loaded and validated, as `lead validate` would, and the memo written for
 * the next form.
 */
import type {Diagnostic} from '../errors.js'
import type {IsoDate} from '../clock/dates.js'
import {CONTEXT_FOLDERS, PER_PARTICIPANT_KINDS, recordPath, idProblem, type Kind} from '../records/kinds.js'
import {gitFileState, type GitFileState} from '../records/git-file-state.js'
import {loadRecords, type SiteRecords} from '../records/load.js'
import type {RecordFilter} from '../records/site-files.js'
import {recordsLoader, siteStateDigest} from '../records/state-memo.js'
import type {Site} from '../site.js'
import {validateSite} from '../validate/site-findings.js'
import {validateRecords} from '../validate/site-validation.js'
import {formInfo, type FormName} from './form-catalog.js'

export interface FormInputs {
  records: SiteRecords
  /** Every finding of the site on the form's date (prepareForm refuses on the errors in its sources). */
  findings: readonly Diagnostic[]
}

export async function formInputs(site: Site, form: FormName, id: string | undefined, asOf: IsoDate): Promise<FormInputs> {
  const git = await gitFileState(site.root)
  const loadWhole = recordsLoader(site, git)
  // What each file git listed counted as in the state the findings are remembered under.
  const listed = new Map<string, string | undefined>()
  if (git) siteStateDigest(site.root, git, undefined, listed)
  let whole: SiteRecords | undefined
  const result = await validateSite(site, {asOf, cache: true, ...(git ? {git} : {}), load: async () => (whole = await loadWhole())})
  if (whole) return {records: whole, findings: result.diagnostics}
  const select = heldElsewhere(result.checkedFiles, form, id) ? undefined : formSelection(form, id)
  if (select && git) {
    const part = await loadRecords(site, {select})
    // Not found among them (a mistyped ID, one of another kind): the whole site says which, with its did-you-mean.
    const found = id === undefined || formInfo(form).kinds.some((kind) => part.has(kind, id))
    if (found && judgedAsRead(part, git, listed)) return {records: part, findings: result.diagnostics}
    if (found) {
      // Changed since git looked: the findings are not of these records. Judged as they are now.
      const records = await loadRecords(site)
      return {records, findings: validateRecords(site, records, {asOf}).diagnostics}
    }
  }
  return {records: await loadWhole(), findings: result.diagnostics}
}

/**
 * Whether every record of the part reads as the state the findings describe: a file git found
 * unchanged as its blob, one it listed as the digest counted it. An edit made between git's look
 * and the part's read (a name typed into the referral being printed) would otherwise print
 * content no validation judged.
 */
function judgedAsRead(part: SiteRecords, git: GitFileState, listed: ReadonlyMap<string, string | undefined>): boolean {
  const files = git.files()
  if (!files) return false
  const wanted = new Map(part.records.map((r) => [r.file, r.hash]))
  const blobs = new Map<string, string>()
  files.clean.files.forEach((file, i) => {
    if (wanted.has(file)) blobs.set(file, files.clean.hashes[i]!)
  })
  for (const [file, hash] of wanted) if (hash === undefined || hash !== (blobs.get(file) ?? listed.get(file))) return false
  return true
}

/**
 * What a form of the site's context reads: every record of the context kinds, walked in their
 * folders, and the referral or consent its ID names, read from its file. Undefined (the whole site) for a form that reads
 * participants beyond the one named.
 */
export function formSelection(form: FormName, id: string | undefined): RecordFilter | undefined {
  const info = formInfo(form)
  if (info.readsParticipants) return undefined
  const named = namedKinds(form, id)
  const keep = (kind: Kind, recordId: string) => !PER_PARTICIPANT_KINDS.has(kind) || (named.includes(kind) && recordId === id)
  return Object.assign(keep, {folders: [...CONTEXT_FOLDERS, ...named.map((kind) => recordPath(kind, id!))]})
}

/** The per-participant kinds of the form whose record `id` could be (an ID shaped for them). */
const namedKinds = (form: FormName, id: string | undefined): Kind[] => (id === undefined ? [] : formInfo(form).kinds.filter((kind) => PER_PARTICIPANT_KINDS.has(kind) && !idProblem(kind, id)))

/**
 * Another file than the named record's own holds its name (a copy in another year's folder): the
 * whole site answers, since its look-up finds the first such file in site order, which the part
 * (the own file alone) would not hold.
 */
function heldElsewhere(checkedFiles: readonly string[], form: FormName, id: string | undefined): boolean {
  if (id === undefined) return false
  const own = namedKinds(form, id).map((kind) => recordPath(kind, id))
  const name = `/${id}.yaml`
  return own.length > 0 && checkedFiles.some((file) => file.endsWith(name) && !own.includes(file))
}
