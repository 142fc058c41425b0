import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import type {Kind} from '../../src/core/records/kinds.js'
import {SiteRecords, type SiteRecord} from '../../src/core/records/load.js'
import {contentHash} from '../../src/core/records/parse-cache.js'
import {parseRecordText} from '../../src/core/records/record-parse.js'
import {YamlSource} from '../../src/core/records/yaml-source.js'
import {adoptionFindings} from '../../src/core/review/protocol-adoption.js'
import {diffSites, type SiteState} from '../../src/core/review/site-diff.js'

function state(files: Record<string, string>): SiteState {
  const records: SiteRecord[] = []
  const hashes = new Map<string, string>()
  for (const [file, text] of Object.entries(files)) {
    const id = file.split('/').pop()!.replace(/\.yaml$/, '')
    records.push({kind: 'protocol' as Kind, id, file, data: parseRecordText(file, text).data as SiteRecord['data'], source: new YamlSource(file, text)})
    hashes.set(file, contentHash(new TextEncoder().encode(text)))
  }
  return {records: new SiteRecords(records, []), hashes}
}

const protocol = (id: string, version: number, status: string, effective: string) => `id: ${id}
version: ${version}
status: ${status}
adopted: {date: "2026-01-10", by: pcg}
effective: ${effective}
`
const V1 = protocol('v1', 1, 'adopted', '{from: "2026-01-15"}')
/** Referrals received on these (local) dates, as recorded at the base. */
const referrals = (...dates: string[]) => dates.map((d, i) => ({id: `r-${d}-${i}`, received: `${d}T10:00:00-08:00`}))
const RECORDED = referrals('2026-02-01', '2026-06-10', '2026-07-01', '2026-11-20')

async function review(base: Record<string, string>, head: Record<string, string>, recorded = RECORDED, changeDate = '2026-11-30') {
  const diff = diffSites(state(base), state(head))
  let asked = 0
  const found = await adoptionFindings({
    diff,
    baseProtocols: Object.values(base).map((t) => parse(t)),
    headProtocols: Object.values(head).map((t) => parse(t)),
    baseReferrals: async () => {
      asked++
      return recorded
    },
    timeZone: 'America/Los_Angeles',
    changeDate,
  })
  return {found: found.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line} ${d.message}`), asked}
}

describe('protocol adoption review', () => {
  it('does not read referrals when no version\'s adoption or range changed', async () => {
    const r = await review({'protocols/v1.yaml': V1}, {'protocols/v1.yaml': V1.replace('by: pcg', 'by: pcg, note: minutes attached')})
    expect(r).toEqual({found: [], asked: 0})
  })

  it('a version adopted from a future date re-judges nothing and passes with a note', async () => {
    const r = await review(
      {'protocols/v1.yaml': V1, 'protocols/v2.yaml': protocol('v2', 2, 'draft', '{from: "2027-01-01"}')},
      {'protocols/v1.yaml': protocol('v1', 1, 'adopted', '{from: "2026-01-15", to: "2026-12-31"}'), 'protocols/v2.yaml': protocol('v2', 2, 'adopted', '{from: "2027-01-01"}')},
    )
    expect(r.found).toEqual([
      'warning PROTOCOL_RANGE_MOVED protocols/v1.yaml:5 protocol v1\'s effective range moves from 2026-01-15… to 2026-01-15…2026-12-31: it re-judges no recorded referral',
      'warning PROTOCOL_ADOPTED protocols/v2.yaml:3 protocol v2 (version 2) is adopted in this change, in force from 2027-01-01: it re-judges no recorded referral',
    ])
  })

  it('a version taking over recorded referrals is retroactive, naming how many and from which version', async () => {
    const r = await review(
      {'protocols/v1.yaml': V1},
      {'protocols/v1.yaml': protocol('v1', 1, 'superseded', '{from: "2026-01-15", to: "2026-05-31"}'), 'protocols/v2.yaml': protocol('v2', 2, 'adopted', '{from: "2026-06-01"}')},
    )
    expect(r.found).toEqual([
      'warning PROTOCOL_RANGE_MOVED protocols/v1.yaml:5 protocol v1\'s effective range moves from 2026-01-15… to 2026-01-15…2026-05-31: it re-judges 3 recorded referrals (received 2026-06-10 to 2026-11-20), now judged by v2',
      'warning PROTOCOL_ADOPTED protocols/v2.yaml:3 protocol v2 (version 2) is adopted in this change, in force from 2026-06-01: it re-judges 3 recorded referrals (received 2026-06-10 to 2026-11-20), until now judged by v1',
      'error PROTOCOL_RETROACTIVE protocols/v2.yaml:5 protocol v2 takes effect on 2026-06-01, before this change (2026-11-30), and re-judges 3 recorded referrals (received 2026-06-10 to 2026-11-20) until now judged by v1',
    ])
  })

  it('adopting from a past date is retroactive even before any referral falls in the gap', async () => {
    const r = await review(
      {'protocols/v1.yaml': V1},
      {'protocols/v1.yaml': protocol('v1', 1, 'superseded', '{from: "2026-01-15", to: "2026-11-24"}'), 'protocols/v2.yaml': protocol('v2', 2, 'adopted', '{from: "2026-11-25"}')},
    )
    expect(r.found.filter((f) => f.startsWith('error'))).toEqual([
      'error PROTOCOL_RETROACTIVE protocols/v2.yaml:5 protocol v2 is adopted in this change but takes effect on 2026-11-25, before this change (2026-11-30): referrals recorded for those days would be judged by it',
    ])
  })

  it('a draft returned from adopted, or a version closed early, leaves recorded referrals without a protocol', async () => {
    const closed = await review({'protocols/v1.yaml': V1}, {'protocols/v1.yaml': protocol('v1', 1, 'adopted', '{from: "2026-01-15", to: "2026-06-30"}')})
    expect(closed.found.filter((f) => f.startsWith('error'))).toEqual(['error PROTOCOL_RETROACTIVE protocols/v1.yaml:5 closing v1 on 2026-06-30 leaves 2 recorded referrals without a protocol in force (received 2026-07-01 to 2026-11-20)'])
    const drafted = await review({'protocols/v1.yaml': V1}, {'protocols/v1.yaml': V1.replace('status: adopted', 'status: draft')})
    expect(drafted.found).toEqual(['error PROTOCOL_RETROACTIVE protocols/v1.yaml:3 returning v1 to draft leaves 4 recorded referrals without a protocol in force (received 2026-02-01 to 2026-11-20)'])
  })

  it('judges the received day in the site\'s time zone', async () => {
    // 2026-06-01T05:00Z is still May 31 in Harbor County: v1's day, not v2's.
    const r = await review(
      {'protocols/v1.yaml': V1, 'protocols/v2.yaml': protocol('v2', 2, 'draft', '{from: "2026-06-01"}')},
      {'protocols/v1.yaml': protocol('v1', 1, 'adopted', '{from: "2026-01-15", to: "2026-05-31"}'), 'protocols/v2.yaml': protocol('v2', 2, 'adopted', '{from: "2026-06-01"}')},
      [{id: 'r-late', received: '2026-06-01T05:00:00Z'}],
      '2026-05-20',
    )
    expect(r.found).toEqual([
      'warning PROTOCOL_RANGE_MOVED protocols/v1.yaml:5 protocol v1\'s effective range moves from 2026-01-15… to 2026-01-15…2026-05-31: it re-judges no recorded referral',
      'warning PROTOCOL_ADOPTED protocols/v2.yaml:3 protocol v2 (version 2) is adopted in this change, in force from 2026-06-01: it re-judges no recorded referral',
    ])
  })
})
