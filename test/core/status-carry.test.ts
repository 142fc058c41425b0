/**
 * The status carried through a write (referrals/status-carry.ts) is the status worked out in full:
 * random writes to a site of referrals whose instants tie (the same instant written in two zones
 * too), whose IDs sometimes repeat, that open, close, end on days their records do not give, fail
 * their schema, move in time and come and go, each judged both ways, byte for byte.
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
import {decodePlaces, encodePlaces, placesOf, statusRow} from '../../src/core/referrals/status-lists.js'
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

/** A referral as a site holds it: its file, its value, and whether it passes its schema (one that fails adds no row). */
interface Held {
  file: string
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
  // Files named at random, the site kept in their order (as a load lists it): a new one lands anywhere.
  return {file: `referrals/2026/${Math.floor(rand() * 1e9).toString(36)}-${serial}.yaml`, data, valid: rand() > 0.1}
}

const inSiteOrder = (site: Held[]) => site.sort((a, b) => (a.file < b.file ? -1 : 1))

/** The status from nothing remembered, as a memo keeps it (plain JSON), as statusFromRecords makes it. */
function full(site: readonly Held[]): StatusFromRecords {
  const valid = site.filter((h) => h.valid)
  const rows = valid.map((h) => statusRow(h.data, AS_OF, protocols, ZONE))
  const {validation: _v, ...status} = siteStatus({site: 'Bench County LEAD', asOf: AS_OF, timeZone: ZONE, referrals: [], rows, protocols, mous: [], coverage: {trained: 3, total: 4, percent: 75}, validation: {errors: 0, warnings: 0}})
  return JSON.parse(JSON.stringify({status, setup: {complete: true, steps: []}, meetings: {nextByBody: {}, unrecorded: []}, places: placesOf(rows, valid.map((h) => h.file))}))
}

const rowOf = (h: Held | undefined) => (h?.valid ? datedRow(JSON.parse(JSON.stringify(h.data)), protocols, ZONE) : null)

/** A write of one to three files: edited in place (a field or several, its ID, its validity, its instant), replaced whole, removed, or added. */
function write(rand: () => number, before: Held[]): {after: Held[]; changes: CarriedChange[]} {
  const after = before.slice()
  const touched = new Set<string>()
  for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
    const roll = rand()
    if (roll < 0.2) {
      const added = referral(rand)
      after.push(added)
      touched.add(added.file)
      continue
    }
    const at = Math.floor(rand() * after.length)
    const was = after[at]!
    touched.add(was.file)
    if (roll < 0.3 && after.length > 1) {
      after.splice(at, 1)
      continue
    }
    const next = referral(rand)
    // Mostly a field or two of the same referral, as a `lead set` changes it.
    after[at] = rand() < 0.7 ? {file: was.file, data: {...structuredClone(was.data), status: next.data.status, ...(rand() < 0.5 ? {intake: next.data.intake} : {}), ...(rand() < 0.2 ? {received: next.data.received} : {}), ...(rand() < 0.1 ? {id: next.data.id} : {})}, valid: rand() < 0.05 ? !was.valid : was.valid} : {...next, file: was.file}
  }
  inSiteOrder(after)
  const changes = [...touched].map((file) => ({file, after: rowOf(after.find((h) => h.file === file))}))
  return {after, changes}
}

describe('the status carried through a write', () => {
  it('is the status worked out in full, on 1,000 random writes', () => {
    const rand = seededRandom(15)
    for (let i = 0; i < 1000; i++) {
      const site = inSiteOrder(Array.from({length: 6 + Math.floor(rand() * 30)}, () => referral(rand)))
      const {after, changes} = write(rand, site)
      const result = carryStatus(full(site), AS_OF, changes)
      // Byte for byte as a memo would hold it (the order of keys and of each list included).
      expect(JSON.stringify(result), `write ${i}`).toBe(JSON.stringify(full(after)))
    }
  })

  it('through several writes in a row, as a morning of `lead set`s and `lead new`s leaves them', () => {
    const rand = seededRandom(7)
    for (let i = 0; i < 100; i++) {
      let site = inSiteOrder(Array.from({length: 20}, () => referral(rand)))
      let status = full(site)
      for (let w = 0; w < 8; w++) {
        const {after, changes} = write(rand, site)
        status = carryStatus(status, AS_OF, changes)!
        site = after
        expect(JSON.stringify(status), `chain ${i}, write ${w}`).toBe(JSON.stringify(full(site)))
      }
    }
  })

  it('declines a status remembered without its places, or with an instant that did not read', () => {
    const rand = seededRandom(1)
    const site = inSiteOrder(Array.from({length: 40}, () => referral(rand)))
    const {places: _places, ...older} = full(site)
    const change = {file: site[0]!.file, after: rowOf(site[0])}
    expect(carryStatus(older, AS_OF, [change])).toBeUndefined()
    const status = full(site)
    expect(carryStatus(status, AS_OF, [change])).toBeDefined()
    const unread = {...status, places: {...status.places!, open: status.places!.open.replace(/^\d+/, 'NaN')}}
    expect(status.places!.open).toMatch(/^\d+\t/)
    expect(carryStatus(unread, AS_OF, [change])).toBeUndefined()
    // Places that do not match the lists (a line short, a field more): declined, never misplaced.
    const short = {...status, places: {...status.places!, open: status.places!.open.split('\n').slice(1).join('\n')}}
    expect(carryStatus(short, AS_OF, [change])).toBeUndefined()
    const extra = {...status, places: {...status.places!, open: status.places!.open.replace('\n', '\tx\n')}}
    expect(carryStatus(extra, AS_OF, [change])).toBeUndefined()
  })

  it('keeps no places, and carries nothing, where an instant does not read, listed or not', () => {
    // The schema refuses such a date-time (a leap second): this holds the carry to it should one pass.
    const leap = '2026-12-31T23:59:60Z'
    expect(Number.isNaN(Date.parse(leap))).toBe(true)
    const rows = [{id: 'r-leap', received: leap}, {id: 'r-open', received: RECEIVED[0]!, state: 'received' as const}]
    expect(placesOf(rows, ['referrals/2026/a.yaml', 'referrals/2026/b.yaml'])).toBeUndefined()
    expect(placesOf(rows.slice(1), ['referrals/2026/b.yaml'])).toBeDefined()
    const rand = seededRandom(5)
    const site = inSiteOrder(Array.from({length: 30}, () => referral(rand)))
    // Ended, so not listed: still declined, since a full run would sort it among the others.
    const after = {id: 'r-leap', received: leap, timeline: {day: '2026-10-01', status: 'closed' as const, end: '2026-10-02'}}
    expect(carryStatus(full(site), AS_OF, [{file: 'referrals/2026/zz-leap.yaml', after}])).toBeUndefined()
    expect(carryStatus(full(site), AS_OF, [{file: 'referrals/2026/zz-leap.yaml', after: {...after, received: RECEIVED[0]!}}])).toBeDefined()
  })

  it('keeps places that read back as written, and none for a file whose name would break a line', () => {
    const places: Array<[number, string, string?]> = [[Date.parse(RECEIVED[0]!), 'referrals/2026/a b.yaml', '2026-11-20'], [Date.parse(RECEIVED[1]!), 'referrals/2026/é.yaml']]
    const kept = encodePlaces(places, [])!
    expect(decodePlaces(kept.open, 2)).toEqual(places)
    expect(decodePlaces(kept.unknown, 0)).toEqual([])
    for (const name of ['referrals/2026/a\tb.yaml', 'referrals/2026/a\nb.yaml', 'referrals/2026/a\rb.yaml']) expect(encodePlaces([[0, name]], []), JSON.stringify(name)).toBeUndefined()
  })
})
