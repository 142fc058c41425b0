/**
 * The cells of `lead list`'s default columns. Those columns are, for a referral, consent or
 * meeting, fields that hold codes, enums and dates (records/kinds.ts `columns`); but a value that
 * fails its field can be anything a person typed — `status: Maria Lopez`, a name in `participant`
 * — and a listing is pasted into tickets and left in terminals' scrollback. So a default column
 * prints a participant kind's value only when the one gate (disclosable.ts) would print it in a
 * message, and a referral or consent saved into another kind's folder is listed as what it is.
 * Columns asked for by `--fields`, `--json` and `lead show` print values as they are: their job is
 * to show the record.
 */
import {KIND_INFO, type Kind} from '../records/kinds.js'
import type {RecordData} from '../records/load.js'
import {listFolders, ofKinds} from '../records/site-files.js'
import {displayValue, valueAt} from '../records/record-query.js'
import type {Site} from '../site.js'
import {DECLARED_FIELDS, disclosable, shownAsParticipant, type ParticipantKind} from './disclosable.js'
import {declaredPlaces, NO_VOCABULARY, type SiteVocabulary} from './vocabulary.js'
import {misfiledAt} from './misfiled-file.js'

/** What a cell whose value may not be printed reads: short, as a table's cell must be. */
export const CELL_NOT_SHOWN = '‹not shown›'

/**
 * The vocabulary the default columns of `kind` can need: lead.yaml's places and, when a column
 * is a partner's id (a referral's `referrer.agency`), the partners' IDs from their folder's file
 * names (the vocabulary's partners are the partner records' IDs: no record is read for them).
 */
export function listVocabulary(site: Site, kind: Kind): SiteVocabulary {
  const declared = DECLARED_FIELDS[kind as ParticipantKind]
  if (!declared) return NO_VOCABULARY
  const needs = new Set(KIND_INFO[kind].columns.flatMap((c) => (Object.hasOwn(declared, c) ? [declared[c]] : [])))
  if (needs.size === 0) return NO_VOCABULARY
  // A referral saved into partners/ (partners/quennell-zavorski.yaml), or a file that cannot be read, declares no partner: its name may be a participant's.
  const partners = needs.has('partners') ? new Set(listFolders(site.root, [KIND_INFO.partner.folder], (file, k, id, abs) => ({file, kind: k, id, abs}), ofKinds('partner')).files.filter((f) => misfiledAt(site.root, 'partner', f.file) === false).map((f) => f.id)) : NO_VOCABULARY.partners
  return {...NO_VOCABULARY, ...declaredPlaces(site.config), partners}
}

/** One row's cells for `columns` of a record of `kind`, and how many were not shown. */
export function listedCells(kind: Kind, data: RecordData, columns: readonly string[], vocabulary: SiteVocabulary): {cells: string[]; concealed: number} {
  const as = shownAsParticipant(kind, data)
  let concealed = 0
  const cells = columns.map((column) => {
    const value = valueAt(data, column)
    if (as === undefined || value === undefined || value === null) return displayValue(value)
    if (disclosable(as, column.split('.'), value, as === kind ? vocabulary : NO_VOCABULARY)) return displayValue(value)
    concealed++
    return CELL_NOT_SHOWN
  })
  return {cells, concealed}
}
