/**
 * An officer's assignment on a past date, rebuilt from the roster: the roster holds current values
 * and a history of changes (oldest first), so undoing every change dated after the date gives the
 * state on that date. Before `since`, the officer was not on the roster at all.
 */
import type {IsoDate} from '../clock/dates.js'
import type {Officer} from '../records/types.js'

export interface OfficerState {
  /** false before the officer's `since` date. */
  onRoster: boolean
  status: Officer['status']
  unit?: string
  district?: string
  shift?: string
  rank?: string
  catchment: boolean
}

export function currentState(officer: Officer): OfficerState {
  return {
    onRoster: true,
    status: officer.status,
    unit: officer.unit,
    district: officer.district,
    shift: officer.shift,
    rank: officer.rank,
    catchment: officer.catchment === true,
  }
}

/** The officer's state on `date` (a date on or after the last change is the current state). */
export function stateOn(officer: Officer, date: IsoDate): OfficerState {
  const state = currentState(officer)
  if (officer.since !== undefined && officer.since > date) state.onRoster = false
  const history = officer.history
  if (!history || history.length === 0) return state
  // Undo newest first; entries may be out of order in hand-edited files, so check every one.
  const undo = history.filter((h) => h.date > date).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
  for (const h of undo) {
    switch (h.field) {
      case 'status':
        state.status = h.from as Officer['status']
        break
      case 'catchment':
        state.catchment = h.from === 'true'
        break
      case 'badge':
      case 'name':
        break
      default:
        state[h.field] = h.from
    }
  }
  return state
}

/** Active and on the roster on `date`: the officers coverage counts. */
export function isActiveOn(officer: Officer, date: IsoDate): boolean {
  const s = stateOn(officer, date)
  return s.onRoster && s.status === 'active'
}

/** The officer's name on `date` (a name changed since, e.g. on marriage, is undone). */
export function nameOn(officer: Officer, date: IsoDate): string {
  let name = officer.name
  const undo = (officer.history ?? []).filter((h) => h.field === 'name' && h.date > date).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
  for (const h of undo) if (h.from !== undefined) name = h.from
  return name
}
