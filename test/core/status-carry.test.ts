/**
 * The status carried through a write (referrals/status-carry.ts) is the status worked out in full,
 * or nothing: random writes to a site of referrals whose instants tie, whose IDs repeat, that open,
 * close, end on days their records do not give, fail their schema and come and go, each judged
 * both ways. The carry must be taken often (a check that always declines would pass the equality),
 * and declined where a row's place is not known.
 */
import {fileURLToPath} from 'node:url'
import {beforeAll, describe, expect, it} from 'vitest'
import {loadRecords} from '../../src/core/records/load.js'
import type {Protocol, Referral} from '../../src/core/records/types.js'
import {readSite} from '../../src/core/site.js'
import {datedRow} from '../../src/core/referrals/dated-row.js'
import {siteStatus} from '../../src/core/referrals/site-status.js'
import {carryStatus} from '../../src/core/referrals/status-carry.js'
import type {CarriedChange} from '../../src/core/referrals/status-carry-notes.js'
import type {StatusFromRecords} from '../../src/core/referrals/status-of-site.js'
import {seededRandom} from '../support/seeded-random.js'

const EXAMPLE = fileURLToPath(new URL('../../fixtures/example-site/', import.meta.url))
const ZONE = 'America/Los_Angeles'
const AS_OF = '2026-11-15'

let templates: Referral[]
let protocols: Protocol[]
beforeAll(async () => {
  const records = await loadRecords(readSite(EXAMPLE), {cache: false})
  templates = records.ofKind('referral').map((r) => r.data as unknown as Referral)
  protocols = records.ofKind('protocol').map((r) => r.data as unknown as Protocol)
})

/** A referral as a site holds it: its value, and whether it passes its schema (one that fails adds no row). */
interface Held {
  data: Referral
  valid: boolean
}

// Few instants (two of them the same instant written in two zones): ties are common. IDs are new
// but one in twenty repeats one of the last few (two files holding one ID, which validation reports).
const RECEIVED = ['2026-11-01T09:00:00-07:00', '2026-11-01T16:00:00Z', '2026-11-03T06:42:00-08:00', '2026-11-10T23:30:00-08:00', '2026-11-12T08:00:00-08:00', '2026-11-14T12:00:00-08:00', '2026-11-16T12:00:00-08:00', '2026-10-20T10:00:00-07:00']
const STATUSES = ['received', 'eligible', 'enrolled', 'intake_missed', 'closed', 'declined', 'ineligible'] as const
const DAYS = ['2026-11-02', '2026-11-05', '2026-11-12', '2026-11-15', '2026-11-20', '2026-12-01']

let serial = 0
function referral(rand: () => number): Held {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!
  const data = structuredClone(pick(templates)) as Referral & {closed?: string}
  data.id = rand() < 0.05 && serial > 0 ? `r-${serial - 1 - Math.floor(rand() * Math.min(serial, 5))}` : `r-${serial++}`
  data.received = pick(RECEIVED)
  data.status = pick(STATUSES)
  if (rand() < 0.3) data.closed = pick(DAYS)
  else delete data.closed
  if (rand() < 0.5) data.intake = {...data.intake, completed: pick(DAYS)}
  else delete data.intake
  return {data, valid: rand() > 0.1}
}

/** The status from nothing remembered, as a memo keeps it (plain JSON). */
function full(site: readonly Held[]): StatusFromRecords {
  const {validation: _v, ...status} = siteStatus({site: 'Bench County LEAD', asOf: AS_OF, timeZone: ZONE, referrals: site.filter((h) => h.valid).map((h) => h.data), protocols, mous: [], coverage: {trained: 3, total: 4, percent: 75}, validation: {errors: 0, warnings: 0}})
  return JSON.parse(JSON.stringify({status, setup: {complete: true, steps: []}, meetings: {nextByBody: {}, unrecorded: []}}))
}

const rowOf = (h: Held | undefined) => (h?.valid ? datedRow(JSON.parse(JSON.stringify(h.data)), protocols, ZONE) : null)

/** A write of one to three files: edited in place (a field or several, its ID, its validity), removed, or added. */
function write(rand: () => number, before: Held[]): {after: Held[]; changes: CarriedChange[]} {
  const after = before.slice()
  const changes: CarriedChange[] = []
  const touched = new Set<Held>()
  for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
    const roll = rand()
    if (roll < 0.1) {
      const at = Math.floor(rand() * (after.length + 1))
      const added = referral(rand)
      after.splice(at, 0, added)
      touched.add(added)
      changes.push({before: null, after: rowOf(added)})
    } else if (roll < 0.2 && after.length > 1) {
      const at = Math.floor(rand() * after.length)
      if (touched.has(after[at]!)) continue
      changes.push({before: rowOf(after[at]), after: null})
      after.splice(at, 1)
    } else {
      const at = Math.floor(rand() * after.length)
      if (touched.has(after[at]!)) continue
      const was = after[at]!
      const next = referral(rand)
      // Mostly a field or two of the same referral: its place stays, as a `lead set` leaves it.
      const edited: Held = rand() < 0.7 ? {data: {...structuredClone(was.data), status: next.data.status, ...(rand() < 0.5 ? {intake: next.data.intake} : {}), ...(rand() < 0.2 ? {received: next.data.received} : {}), ...(rand() < 0.1 ? {id: next.data.id} : {})}, valid: rand() < 0.05 ? !was.valid : was.valid} : next
      after[at] = edited
      touched.add(edited)
      changes.push({before: rowOf(was), after: rowOf(edited)})
    }
  }
  return {after, changes}
}

describe('the status carried through a write', () => {
  it('is the status worked out in full, on 600 random writes, and is taken for most of them', () => {
    const rand = seededRandom(15)
    let carried = 0
    let declined = 0
    for (let i = 0; i < 600; i++) {
      const site = Array.from({length: 6 + Math.floor(rand() * 30)}, () => referral(rand))
      const {after, changes} = write(rand, site)
      const result = carryStatus(full(site), AS_OF, changes)
      if (result === undefined) {
        declined++
        continue
      }
      carried++
      // Byte for byte as a memo would hold it (the order of keys and of each list included).
      expect(JSON.stringify(result), `write ${i}`).toBe(JSON.stringify(full(after)))
    }
    // Two in five of these writes add a referral, move one in time or replace one whole.
    expect(carried).toBeGreaterThan(180)
    expect(declined).toBeGreaterThan(20)
  })

  it('is taken for a `lead set` of a status or an intake, unless the referral comes into a list', () => {
    const rand = seededRandom(3)
    let carried = 0
    for (let i = 0; i < 300; i++) {
      const site = Array.from({length: 30}, () => referral(rand))
      const at = Math.floor(rand() * site.length)
      const was = site[at]!
      const next = referral(rand)
      const after = site.slice()
      after[at] = {data: {...structuredClone(was.data), status: next.data.status, ...(rand() < 0.5 ? {intake: next.data.intake} : {})}, valid: was.valid}
      const result = carryStatus(full(site), AS_OF, [{before: rowOf(was), after: rowOf(after[at])}])
      const list = (h: Held) => (full([h]).status.referrals.open > 0 ? 'open' : full([h]).status.referrals.unknown.length > 0 ? 'unknown' : undefined)
      // Declined only for a row that comes into a list it was not in, or two rows of one ID in a list.
      const comesIn = list(after[at]!) !== undefined && list(after[at]!) !== list(was)
      const {list: open, unknown} = full(site).status.referrals
      const repeats = (ids: string[]) => new Set(ids).size < ids.length
      if (result === undefined) expect(comesIn || repeats(open.map((e) => e.referral)) || repeats(unknown)).toBe(true)
      else {
        carried++
        expect(JSON.stringify(result)).toBe(JSON.stringify(full(after)))
      }
    }
    expect(carried).toBeGreaterThan(150)
  })

  it('through several writes in a row, as a morning of `lead set`s leaves them', () => {
    const rand = seededRandom(7)
    for (let i = 0; i < 100; i++) {
      let site = Array.from({length: 20}, () => referral(rand))
      let status: StatusFromRecords | undefined = full(site)
      for (let w = 0; w < 5 && status !== undefined; w++) {
        const {after, changes} = write(rand, site)
        status = carryStatus(status, AS_OF, changes)
        site = after
        if (status !== undefined) expect(JSON.stringify(status), `chain ${i}, write ${w}`).toBe(JSON.stringify(full(site)))
      }
    }
  })

  it('declines a row whose place the remembered status does not tell', () => {
    const open: Held = {data: {...structuredClone(templates[0]!), id: 'r-open', received: RECEIVED[2]!, status: 'enrolled', intake: {completed: '2026-11-05'}} as Referral, valid: true}
    const other: Held = {data: {...structuredClone(templates[0]!), id: 'r-other', received: RECEIVED[3]!, status: 'received'} as Referral, valid: true}
    const status = full([open, other])
    const moved: Held = {data: {...open.data, received: RECEIVED[5]!}, valid: true}
    const closedOld: Held = {data: {...open.data, status: 'closed', closed: '2026-11-06'} as Referral, valid: true}
    // A new referral, one received at another instant, one coming back into the list, one whose ID two rows hold.
    expect(carryStatus(status, AS_OF, [{before: null, after: rowOf(moved)}])).toBeUndefined()
    expect(carryStatus(status, AS_OF, [{before: rowOf(open), after: rowOf(moved)}])).toBeUndefined()
    expect(carryStatus(full([closedOld, other]), AS_OF, [{before: rowOf(closedOld), after: rowOf(open)}])).toBeUndefined()
    const twin: Held = {data: {...other.data, id: 'r-open'}, valid: true}
    expect(carryStatus(full([open, twin]), AS_OF, [{before: rowOf(open), after: rowOf(closedOld)}])).toBeUndefined()
    // What it carries: the same referral closed (gone from the list), or its intake completed.
    expect(carryStatus(status, AS_OF, [{before: rowOf(open), after: rowOf(closedOld)}])?.status.referrals.list).toEqual([{referral: 'r-other', status: 'received'}])
  })
})
