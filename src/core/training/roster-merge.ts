/**
 * Merging an HR export into a roster, as a pure function. Officers are matched by badge:
 * - new badges are added (with `since` only when the export has a hire date);
 * - a changed unit, district, shift, rank, status or catchment is applied and recorded in the
 *   officer's history with the import date (a blank filled in is applied without history);
 * - officers missing from the export are marked separated, never deleted: their training
 *   history still counts for past coverage and past referrals.
 */
import type {IsoDate} from '../clock/dates.js'
import type {Officer, OfficerChange, Roster} from '../records/types.js'
import type {ImportedOfficer} from './roster-csv.js'

export interface FieldChange {
  field: OfficerChange['field'] | 'name'
  from?: string
  to: string
}

export interface OfficerDiff {
  badge: string
  name: string
  changes: FieldChange[]
}

export interface MergeOptions {
  agency: string
  /** The date the export describes: history entries and the roster's as_of get it. */
  date: IsoDate
  /**
   * Districts of the catchment area (protocol in force). Used when the export has no catchment
   * column: new officers and officers whose district changed get catchment from their district.
   */
  catchmentDistricts?: ReadonlySet<string>
  /** The export's file name, for the note on separations. */
  source?: string
}

export interface MergeResult {
  roster: Roster
  added: Array<{badge: string; name: string}>
  changed: OfficerDiff[]
  separated: Array<{badge: string; name: string; from: Officer['status']}>
  unchanged: number
}

const TRACKED = ['rank', 'unit', 'district', 'shift'] as const

export function mergeRoster(existing: Roster | undefined, imported: readonly ImportedOfficer[], options: MergeOptions): MergeResult {
  const {date} = options
  const incoming = new Map(imported.map((o) => [o.badge, o]))
  const officers: Officer[] = []
  const result: MergeResult = {roster: {id: options.agency, agency: options.agency, as_of: date, officers}, added: [], changed: [], separated: [], unchanged: 0}
  const seen = new Set<string>()

  for (const old of existing?.officers ?? []) {
    const next: Officer = structuredClone(old)
    const history = [...(old.history ?? [])]
    const changes: FieldChange[] = []
    const record = (field: OfficerChange['field'], from: string | undefined, to: string, note?: string) => {
      changes.push({field, ...(from === undefined ? {} : {from}), to})
      if (from !== undefined) history.push({date, field, from, to, ...(note ? {note} : {})})
    }
    const row = incoming.get(old.badge)
    if (seen.has(old.badge)) {
      // A hand-edited roster listing a badge twice: keep the copy, the validator reports it.
      officers.push(next)
      continue
    }
    seen.add(old.badge)
    if (!row) {
      if (old.status === 'active' || old.status === 'leave') {
        next.status = 'separated'
        record('status', old.status, 'separated', `Not in the HR export${options.source ? ` ${options.source}` : ''} of ${date}.`)
        result.separated.push({badge: old.badge, name: old.name, from: old.status})
      } else {
        result.unchanged++
      }
    } else {
      if (row.name && row.name !== old.name) {
        changes.push({field: 'name', from: old.name, to: row.name})
        next.name = row.name
      }
      for (const field of TRACKED) {
        const to = row[field]
        if (to !== undefined && to !== old[field]) {
          record(field, old[field], to)
          next[field] = to as never
        }
      }
      // Someone back on the export was re-hired or returned, unless the export says otherwise.
      const status = row.status ?? (old.status === 'separated' || old.status === 'transferred' ? 'active' : old.status)
      if (status !== old.status) {
        record('status', old.status, status)
        next.status = status
      }
      const catchment = row.catchment ?? derivedCatchment(next.district, old.district, options.catchmentDistricts)
      if (catchment !== undefined && catchment !== (old.catchment ?? undefined)) {
        record('catchment', old.catchment === undefined ? undefined : String(old.catchment), String(catchment))
        next.catchment = catchment
      }
      if (row.since !== undefined && old.since === undefined) next.since = row.since
      if (changes.length > 0) result.changed.push({badge: old.badge, name: next.name, changes})
      else result.unchanged++
    }
    if (history.length > 0) next.history = history.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    officers.push(next)
  }

  for (const row of imported) {
    if (seen.has(row.badge)) continue
    seen.add(row.badge)
    const officer: Officer = {badge: row.badge, name: row.name, status: 'active'}
    if (row.rank !== undefined) officer.rank = row.rank
    if (row.unit !== undefined) officer.unit = row.unit
    if (row.district !== undefined) officer.district = row.district
    if (row.shift !== undefined) officer.shift = row.shift
    if (row.status !== undefined) officer.status = row.status
    const catchment = row.catchment ?? derivedCatchment(row.district, undefined, options.catchmentDistricts)
    if (catchment !== undefined) officer.catchment = catchment
    // Only a hire date says when an officer joined. A new badge on an export may have been hired
    // long before (a late HR entry, a first import of an older roster): guessing the import date
    // would make their earlier training sessions look like someone else's.
    if (row.since !== undefined) officer.since = row.since
    officers.push(officer)
    result.added.push({badge: row.badge, name: row.name})
  }
  return result
}

function derivedCatchment(district: string | undefined, oldDistrict: string | undefined, catchment: ReadonlySet<string> | undefined): boolean | undefined {
  if (!catchment || catchment.size === 0 || district === undefined || district === oldDistrict) return undefined
  return catchment.has(district)
}
