/**
 * One officer's training index (TrainingIndex `only`, what validation builds when it judges a
 * referral or two) holds exactly the attendances the whole index holds for that officer: on seeded
 * random rosters where badges are reissued to other officers and officers change badges, some
 * entries share an id and some have none (keyed by badge), with
 * attendees of two agencies (some named on the attendee, some by the session's agency).
 */
import {describe, expect, it} from 'vitest'
import type {Officer, Roster, Training} from '../../src/core/records/types.js'
import type {Course} from '../../src/core/site.js'
import {TrainingIndex} from '../../src/core/training/training-validity.js'
import {officerId} from '../../src/core/training/badge-book.js'
import {seededRandom} from '../support/seeded-random.js'

const courses: Course[] = [
  {id: 'initial', name: 'Initial', valid_months: 24},
  {id: 'refresher', name: 'Refresher', valid_months: 12},
  {id: 'ethics', name: 'Ethics', valid_months: 'never'},
]

function randomSite(seed: number): {rosters: Roster[]; trainings: Training[]} {
  const rand = seededRandom(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  const date = () => `202${4 + Math.floor(rand() * 3)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`
  const badges = ['101', '102', '103', '104', '105', '106']
  const rosters = ['pd', 'so'].map((agency): Roster => {
    const officers: Officer[] = []
    for (let i = 0; i < 8; i++) {
      // Badges drawn from a small pool: reissued (a separated officer's badge to a newcomer) and changed.
      const history = rand() < 0.5 ? [{date: date(), field: 'badge' as const, from: pick(badges), to: pick(badges)}] : []
      const badge = history[0]?.to ?? pick(badges)
      const left = rand() < 0.3
      // Ids shared by two entries (one person listed twice), or none (an unmigrated roster keys by badge).
      const id = rand() < 0.3 ? undefined : `${agency}-${Math.floor(rand() * 6)}`
      officers.push({...(id ? {id} : {}), badge, name: `Officer ${i}`, status: left ? 'separated' : 'active', ...(rand() < 0.5 ? {since: date()} : {}), history: [...history, ...(left ? [{date: date(), field: 'status' as const, from: 'active', to: 'separated'}] : [])]})
    }
    return {id: agency, agency, as_of: '2026-12-01', officers}
  })
  const trainings = Array.from({length: 30}, (_, i): Training => ({
    id: `s${i}`,
    course: pick(['initial', 'refresher', 'ethics', 'unknown']),
    date: date(),
    agency: pick(['pd', 'so']),
    attendees: Array.from({length: 1 + Math.floor(rand() * 6)}, () => ({badge: pick([...badges, '999']), ...(rand() < 0.3 ? {agency: pick(['pd', 'so'])} : {})})),
  }))
  return {rosters, trainings}
}

describe('one officer\'s training index', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`holds what the whole index holds for the officer (seed ${seed})`, () => {
      const {rosters, trainings} = randomSite(seed)
      const whole = new TrainingIndex(trainings, courses, rosters)
      let found = 0
      for (const roster of rosters) {
        for (const officer of roster.officers) {
          const one = new TrainingIndex(trainings, courses, rosters, {only: {agency: roster.agency, officer}})
          expect(one.attendances(roster.agency, officer), `${roster.agency} ${officer.id}`).toEqual(whole.attendances(roster.agency, officer))
          found += whole.attendances(roster.agency, officer).length
          // And nobody else's: the index of one officer is theirs alone.
          for (const other of roster.officers) if (officerId(other) !== officerId(officer)) expect(one.attendances(roster.agency, other)).toEqual([])
        }
      }
      // The sites give officers trainings to compare (a generator that gave none would test nothing).
      expect(found).toBeGreaterThan(5)
    })
  }
})
