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
import {KIND_INFO, KINDS, PER_PARTICIPANT_KINDS, recordPath, idProblem, type Kind} from '../records/kinds.js'
import {gitFileState} from '../records/git-file-state.js'
import {loadRecords, type SiteRecords} from '../records/load.js'
import type {RecordFilter} from '../records/site-files.js'
import {recordsLoader} from '../records/state-memo.js'
import type {Site} from '../site.js'
import {validateSite} from '../validate/site-findings.js'
import {formInfo, type FormName} from './form-catalog.js'

export interface FormInputs {
  records: SiteRecords
  /** Every finding of the site on the form's date (prepareForm refuses on the errors in its sources). */
  findings: readonly Diagnostic[]
}

export async function formInputs(site: Site, form: FormName, id: string | undefined, asOf: IsoDate): Promise<FormInputs> {
  const git = await gitFileState(site.root)
  const loadWhole = recordsLoader(site, git)
  let whole: SiteRecords | undefined
  const result = await validateSite(site, {asOf, cache: true, ...(git ? {git} : {}), load: async () => (whole = await loadWhole())})
  if (whole) return {records: whole, findings: result.diagnostics}
  const select = heldElsewhere(result.checkedFiles, form, id) ? undefined : formSelection(form, id)
  if (select) {
    const part = await loadRecords(site, {select})
    // Not found among them (a mistyped ID, one of another kind): the whole site says which, with its did-you-mean.
    if (id === undefined || formInfo(form).kinds.some((kind) => part.has(kind, id))) return {records: part, findings: result.diagnostics}
  }
  return {records: await loadWhole(), findings: result.diagnostics}
}

/**
 * What a form of the site's context reads: every record of the context kinds, walked in their
 * folders, and the referral or consent its ID names, read from its file. Undefined (the whole site) for a form that reads
 * participants beyond the one named.
 */
export function formSelection(form: FormName, id: string | undefined): RecordFilter | undefined {
  const info = formInfo(form)
  if (info.readsParticipants) return undefined
  const named = id === undefined ? [] : info.kinds.filter((kind) => PER_PARTICIPANT_KINDS.has(kind) && !idProblem(kind, id))
  const keep = (kind: Kind, recordId: string) => !PER_PARTICIPANT_KINDS.has(kind) || (named.includes(kind) && recordId === id)
  const folders = [...KINDS.filter((k) => !PER_PARTICIPANT_KINDS.has(k)).map((k) => KIND_INFO[k].folder), ...named.map((kind) => recordPath(kind, id!))]
  return Object.assign(keep, {folders})
}

/**
 * Another file than the named record's own holds its name (a copy in another year's folder): the
 * whole site answers, since its look-up finds the first such file in site order, which the part
 * (the own file alone) would not hold.
 */
function heldElsewhere(checkedFiles: readonly string[], form: FormName, id: string | undefined): boolean {
  if (id === undefined) return false
  const own = formInfo(form).kinds.filter((kind) => PER_PARTICIPANT_KINDS.has(kind) && !idProblem(kind, id)).map((kind) => recordPath(kind, id))
  const name = `/${id}.yaml`
  return own.length > 0 && checkedFiles.some((file) => file.endsWith(name) && !own.includes(file))
}
