/**
 * Whether an officer could attend a session on a date, judged once for both `lead validate` and
 * `lead training import-attendance`: joined after the session or gone (separated, transferred) is an
 * error; on leave is a warning (officers on leave do attend trainings; the site can re-grade it).
 */
import type {IsoDate} from '../clock/dates.js'
import type {Officer} from '../records/types.js'
import {stateOn} from './officer-timeline.js'

export interface AttendeeProblem {
  code: 'ATTENDEE_NOT_ACTIVE' | 'ATTENDEE_ON_LEAVE'
  severity: 'error' | 'warning'
  message: string
  hint: string
}

export function attendeeProblem(officer: Officer, agency: string, date: IsoDate): AttendeeProblem | undefined {
  const state = stateOn(officer, date)
  const who = `officer ${officer.badge} (${officer.name})`
  if (!state.onRoster) {
    return {code: 'ATTENDEE_NOT_ACTIVE', severity: 'error', message: `${who} joined ${agency} on ${officer.since}, after this ${date} session`, hint: `check the badge, or correct since: (the hire date) in rosters/${agency}.yaml`}
  }
  if (state.status === 'leave') {
    return {code: 'ATTENDEE_ON_LEAVE', severity: 'warning', message: `${who} was on leave on ${date}`, hint: `check the badge, or the officer's status history in rosters/${agency}.yaml`}
  }
  if (state.status !== 'active') {
    return {code: 'ATTENDEE_NOT_ACTIVE', severity: 'error', message: `${who} was ${state.status} on the session date ${date}`, hint: `check the badge, or the officer's status history in rosters/${agency}.yaml`}
  }
  return undefined
}
