/**
 * Merging an HR export into a roster, as a pure function. An officer is a person with a stable
 * `id` (the HR employee number when the export has one, else one lead mints); the badge is an
 * attribute with dated history, like unit and rank. Rows are matched to officers:
 * 1. by employee number, when both sides have one;
 * 2. by badge, when the identity evidence agrees (the same hire date, or the same name when a
 *    hire date is missing): a badge on a different person is a reissue — a new officer, the old
 *    one separated, their training staying with them;
 * 3. by name and hire date among officers whose badge is gone and rows whose badge is new: the
 *    same person with a new badge, recorded in history.
 * Anything the evidence cannot settle is `ambiguous`: both sides are held as they are until the
 * trainer decides (resolutions), never guessed. Officers missing from the export are separated,
 * never deleted, on the export's separation date when it gives one.
 */
import type {IsoDate} from '../clock/dates.js'
import type {Officer, OfficerChange, Roster} from '../records/types.js'
import {officerId} from './badge-book.js'
import {familyCore, sameName, splitName} from './officer-names.js'
import type {ImportedOfficer} from './roster-csv.js'
import {formatKey} from './roster-values.js'

export interface FieldChange {
  field: OfficerChange['field']
  from?: string
  to: string
}

export interface OfficerDiff {
  id: string
  badge: string
  name: string
  changes: FieldChange[]
}

/** A match the evidence cannot settle: a row and a roster officer that may or may not be one person. */
export interface AmbiguousMatch {
  row: number
  badge: string
  name: string
  since?: IsoDate
  officer: {id: string; badge: string; name: string; since?: IsoDate; status: Officer['status']}
  reason: string
}

/** The trainer's decision on an ambiguous match: `${badge}=${officer id}` → same person or not. */
export type Resolutions = ReadonlyMap<string, 'same' | 'different'>
export const resolutionKey = (badge: string, officer: string): string => `${badge}=${officer}`

export interface MergeOptions {
  agency: string
  /** The date the export describes: history entries and the roster's as_of get it. */
  date: IsoDate
  /** Districts of the catchment area (protocol in force): catchment follows the district without a catchment column. */
  catchmentDistricts?: ReadonlySet<string>
  /** The export's file name, for the note on separations. */
  source?: string
  resolutions?: Resolutions
  /** Rows left out of the import: their officers are not separated for being absent. */
  held?: {badges: ReadonlySet<string>; ids: ReadonlySet<string>; unidentified: number}
}

export interface MergeResult {
  roster: Roster
  added: Array<{id: string; badge: string; name: string}>
  changed: OfficerDiff[]
  /** `missing`: not on the export; `export`: the export says so. */
  separated: Array<{id: string; badge: string; name: string; from: Officer['status']; date: IsoDate; reason: 'missing' | 'export'}>
  /** Badges now on a different person than before (the old holder separated or re-badged). */
  reissued: Array<{badge: string; from: {id: string; name: string}; to: {id: string; name: string}}>
  ambiguous: AmbiguousMatch[]
  /** Officers not separated although missing, because rows of the export were left out. */
  heldSeparations: number
  /** Values that changed only in format (`9161 - POLICE OFFICER` → `POLICE OFFICER`): updated, not history. */
  reformatted: Array<{field: 'rank' | 'unit'; count: number; from: string; to: string}>
  unchanged: number
}

const TRACKED = ['rank', 'unit', 'district', 'shift'] as const
type Verdict = 'same' | 'different' | 'ambiguous'

/** What a badge (or name) match says about whether a row is the roster's officer. */
export function identityVerdict(old: Officer, row: ImportedOfficer): {verdict: Verdict; reason: string} {
  const names = sameName(old, row.familyName ? {name: row.name, family_name: row.familyName, given_name: row.givenName} : row.name)
  if (old.since !== undefined && row.since !== undefined) {
    if (old.since === row.since) return {verdict: 'same', reason: 'same hire date'}
    return names ? {verdict: 'ambiguous', reason: `same name, but hired ${old.since} on the roster and ${row.since} in the export`} : {verdict: 'different', reason: `different name and hire date (${old.since} → ${row.since})`}
  }
  if (names) return {verdict: 'same', reason: 'same name'}
  return {verdict: 'ambiguous', reason: 'different names, and no hire date on both sides to tell a reissued badge from a name change'}
}

/** A minted officer id: `lead-<badge>`, made unique with `-2`, `-3`… */
export function mintOfficerId(badge: string, taken: Set<string>): string {
  let id = `lead-${badge}`
  for (let n = 2; taken.has(id); n++) id = `lead-${badge}-${n}`
  taken.add(id)
  return id
}

export const isMinted = (id: string | undefined): boolean => id === undefined || id.startsWith('lead-') || id.startsWith('#')

export function mergeRoster(existing: Roster | undefined, imported: readonly ImportedOfficer[], options: MergeOptions): MergeResult {
  const {date} = options
  const oldOfficers = existing?.officers ?? []
  const result: MergeResult = {roster: {id: options.agency, agency: options.agency, as_of: date, tracked_since: existing?.tracked_since ?? (existing ? undefined : date), officers: []}, added: [], changed: [], separated: [], reissued: [], ambiguous: [], heldSeparations: 0, reformatted: [], unchanged: 0}
  const resolutions = options.resolutions ?? new Map()
  const decided = (badge: string, o: Officer) => resolutions.get(resolutionKey(badge, officerId(o)))

  // Which row (index) each roster officer (index) is; rows and officers held by an open question.
  const rowOf = new Map<number, number>()
  const officerOf = new Map<number, number>()
  const heldRows = new Set<number>()
  const heldOfficers = new Set<number>()
  const pair = (o: number, r: number) => (rowOf.set(o, r), officerOf.set(r, o))
  const ask = (o: number, r: number, reason: string) => {
    const old = oldOfficers[o]!
    const row = imported[r]!
    heldRows.add(r)
    heldOfficers.add(o)
    result.ambiguous.push({row: row.row, badge: row.badge, name: row.name, ...(row.since ? {since: row.since} : {}), officer: {id: officerId(old), badge: old.badge, name: old.name, ...(old.since ? {since: old.since} : {}), status: old.status}, reason})
  }

  // 1. Employee numbers.
  const byHrId = new Map<string, number>()
  oldOfficers.forEach((o, i) => o.id && !isMinted(o.id) && !byHrId.has(o.id) && byHrId.set(o.id, i))
  imported.forEach((row, r) => {
    const o = row.employeeId === undefined ? undefined : byHrId.get(row.employeeId)
    if (o !== undefined && !rowOf.has(o)) pair(o, r)
  })

  // 2. Badges, with identity evidence.
  const byBadge = new Map<string, number[]>()
  oldOfficers.forEach((o, i) => byBadge.set(o.badge, [...(byBadge.get(o.badge) ?? []), i]))
  imported.forEach((row, r) => {
    if (officerOf.has(r)) return
    for (const o of byBadge.get(row.badge) ?? []) {
      if (rowOf.has(o) || heldOfficers.has(o)) continue
      const old = oldOfficers[o]!
      // Two different employee numbers are two people, whatever the names say.
      const hrConflict = row.employeeId !== undefined && !isMinted(old.id) && old.id !== row.employeeId
      const verdict = decided(row.badge, old) ?? (hrConflict ? 'different' : identityVerdict(old, row).verdict)
      if (verdict === 'same') pair(o, r)
      else if (verdict === 'ambiguous') ask(o, r, identityVerdict(old, row).reason)
      if (verdict !== 'different') return
    }
  })

  // 3. New badges on people already on the roster: same name and hire date (or a decision).
  const exportIds = new Set(imported.map((row) => row.employeeId).filter((id) => id !== undefined))
  const byFamily = new Map<string, number[]>()
  oldOfficers.forEach((o, i) => {
    if (rowOf.has(i) || heldOfficers.has(i) || (o.id !== undefined && !isMinted(o.id) && exportIds.has(o.id))) return
    const key = familyKey(o)
    byFamily.set(key, [...(byFamily.get(key) ?? []), i])
  })
  imported.forEach((row, r) => {
    if (officerOf.has(r) || heldRows.has(r)) return
    const who = row.familyName ? {name: row.name, family_name: row.familyName, given_name: row.givenName} : row.name
    const candidates = (byFamily.get(familyKey(typeof who === 'string' ? {name: who} : who)) ?? []).filter((o) => !rowOf.has(o) && oldOfficers[o]!.badge !== row.badge && sameName(oldOfficers[o]!, who))
    const sure = candidates.filter((o) => {
      const d = decided(row.badge, oldOfficers[o]!)
      if (d) return d === 'same'
      const old = oldOfficers[o]!
      return old.since !== undefined && old.since === row.since && (row.employeeId === undefined || isMinted(old.id))
    })
    if (sure.length === 1) return pair(sure[0]!, r)
    const open = candidates.filter((o) => !decided(row.badge, oldOfficers[o]!) && !(row.since && oldOfficers[o]!.since && row.since !== oldOfficers[o]!.since))
    for (const o of open) ask(o, r, sure.length > 1 ? 'several roster officers have this name and hire date' : `same name as an officer no longer on the export under badge ${oldOfficers[o]!.badge}, with no hire date on both sides to confirm a badge change`)
  })

  const taken = new Set(oldOfficers.map((o) => o.id).filter((id): id is string => id !== undefined))
  for (const row of imported) if (row.employeeId) taken.add(row.employeeId)
  const held = options.held
  const holdAll = (held?.unidentified ?? 0) > 0
  const formats = new Map<string, {field: 'rank' | 'unit'; count: number; from: string; to: string}>()
  const badgeHolders = new Map<string, Officer>()
  const everHeld = new Map<string, Officer>()
  for (const o of oldOfficers) {
    if (!everHeld.has(o.badge)) everHeld.set(o.badge, o)
    for (const h of o.history ?? []) if (h.field === 'badge' && h.from !== undefined && !everHeld.has(h.from)) everHeld.set(h.from, o)
  }

  oldOfficers.forEach((old, i) => {
    const next: Officer = structuredClone(old)
    const history = [...(old.history ?? [])]
    const changes: FieldChange[] = []
    const record = (field: OfficerChange['field'], from: string | undefined, to: string, on: IsoDate = date, note?: string) => {
      changes.push({field, ...(from === undefined ? {} : {from}), to})
      if (from !== undefined || field === 'badge') history.push({date: on, field, ...(from === undefined ? {} : {from}), to, ...(note ? {note} : {})})
    }
    const r = rowOf.get(i)
    const row = r === undefined ? undefined : imported[r]
    if (!row) {
      const isHeld = heldOfficers.has(i) || holdAll || held?.badges.has(old.badge) || (old.id !== undefined && held?.ids.has(old.id))
      if ((old.status === 'active' || old.status === 'leave') && !isHeld) {
        next.status = 'separated'
        record('status', old.status, 'separated', date, `Not in the HR export${options.source ? ` ${options.source}` : ''} of ${date}.`)
        result.separated.push({id: officerId(old), badge: old.badge, name: old.name, from: old.status, date, reason: 'missing'})
      } else {
        if ((old.status === 'active' || old.status === 'leave') && !heldOfficers.has(i)) result.heldSeparations++
        result.unchanged++
      }
    } else {
      if (row.employeeId !== undefined && isMinted(next.id)) next.id = row.employeeId
      if (row.badge !== old.badge) record('badge', old.badge, row.badge)
      next.badge = row.badge
      if (row.name && row.name !== old.name) {
        if (formatKey(row.name) === formatKey(old.name)) next.name = row.name
        else record('name', old.name, row.name)
        next.name = row.name
      }
      if (row.familyName !== undefined) next.family_name = row.familyName
      if (row.givenName !== undefined) next.given_name = row.givenName
      for (const field of TRACKED) {
        const to = row[field]
        const from = old[field]
        if (to === undefined || to === from) continue
        if (from !== undefined && (field === 'rank' || field === 'unit') && formatKey(from) === formatKey(to)) {
          const f = formats.get(field) ?? {field, count: 0, from, to}
          f.count++
          formats.set(field, f)
        } else {
          record(field, from, to)
        }
        next[field] = to as never
      }
      // Someone back on the export was re-hired or returned, unless the export says otherwise.
      const status = row.status ?? (old.status === 'separated' || old.status === 'transferred' ? 'active' : old.status)
      if (status !== old.status) {
        const on = status === 'separated' ? (row.separatedOn ?? row.statusSince ?? date) : (row.statusSince ?? date)
        record('status', old.status, status, on > date ? date : on)
        next.status = status
        if (status === 'separated') result.separated.push({id: officerId(next), badge: next.badge, name: next.name, from: old.status, date: on > date ? date : on, reason: 'export'})
      }
      const catchment = row.catchment ?? derivedCatchment(next.district, old.district, options.catchmentDistricts)
      if (catchment !== undefined && catchment !== (old.catchment ?? undefined)) {
        record('catchment', old.catchment === undefined ? undefined : String(old.catchment), String(catchment))
        next.catchment = catchment
      }
      if (row.since !== undefined && old.since === undefined) next.since = row.since
      if (changes.length > 0 && !(changes.length === 1 && changes[0]!.field === 'status' && row.status === 'separated' && old.status === 'separated')) result.changed.push({id: officerId(next), badge: next.badge, name: next.name, changes})
      else result.unchanged++
    }
    if (history.length > 0) next.history = history.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    result.roster.officers.push(next)
    badgeHolders.set(next.badge, next)
  })

  imported.forEach((row, r) => {
    if (officerOf.has(r) || heldRows.has(r)) return
    const id = row.employeeId ?? mintOfficerId(row.badge, taken)
    const officer: Officer = {id, badge: row.badge, name: row.name, status: 'active'}
    if (row.familyName !== undefined) officer.family_name = row.familyName
    if (row.givenName !== undefined) officer.given_name = row.givenName
    for (const field of TRACKED) if (row[field] !== undefined) officer[field] = row[field] as never
    if (row.status !== undefined) officer.status = row.status
    const catchment = row.catchment ?? derivedCatchment(row.district, undefined, options.catchmentDistricts)
    if (catchment !== undefined) officer.catchment = catchment
    // Only a hire date says when an officer joined: a new badge on an export may have been hired long before.
    if (row.since !== undefined) officer.since = row.since
    // A badge someone else held: this officer has it from this export on, so older sheets and
    // referrals with it still name the one who held it then.
    const before = everHeld.get(row.badge)
    if (before) {
      officer.history = [{date, field: 'badge', to: row.badge, note: `Badge ${row.badge} was ${before.name}'s.`}]
      const prev = badgeHolders.get(row.badge) ?? before
      result.reissued.push({badge: row.badge, from: {id: officerId(prev), name: prev.name}, to: {id, name: row.name}})
    }
    result.roster.officers.push(officer)
    result.added.push({id, badge: row.badge, name: row.name})
  })
  result.reformatted = [...formats.values()]
  return result
}

/** The family name a badge-change candidate is looked up by. */
function familyKey(o: {name: string; family_name?: string}): string {
  return familyCore(o.family_name ?? splitName(o.name).family ?? '')
}

function derivedCatchment(district: string | undefined, oldDistrict: string | undefined, catchment: ReadonlySet<string> | undefined): boolean | undefined {
  if (!catchment || catchment.size === 0 || district === undefined || district === oldDistrict) return undefined
  return catchment.has(district)
}
