/**
 * `lead status` after `lead set`s and `lead new`s is carried from the status before them
 * (referrals/status-carry.ts) rather than worked out from every record again. The remembered status
 * is tampered with first, so that output that holds the tampering was carried; with it taken back,
 * the output is the one a run with no cache prints. A write of another kind (a protocol) leaves the
 * status to be worked out in full.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, runLead, testEnv} from '../support/cli.js'
import {tamperMemos} from '../support/memo-files.js'

afterAll(cleanupTemp)
const env = testEnv()
const AS_OF = '2026-11-20'

const lead = (site: string, ...args: string[]) => {
  const r = runLead([...args, '--dir', site], {env})
  expect(r.code, r.stderr).toBe(0)
  return r.stdout
}
const status = (site: string) => lead(site, 'status', '--json', '--as-of', AS_OF)

/** The status results remembered under the site's state (not the rows by content, not the writes' notes). */
const statusMemos = (site: string) => {
  const dir = path.join(site, '.git', 'lead')
  return fs.readdirSync(dir).filter((f) => /^memo-status-[0-9a-f]{40}-/.test(f)).map((f) => path.join(dir, f))
}

/** Every remembered status says it is of another site: output that says so was carried from one. */
function tamper(site: string): void {
  const files = statusMemos(site)
  expect(files.length).toBeGreaterThan(0)
  for (const file of files) tamperMemos(file, (value: {status: {site: string}}) => (value.status.site = 'TAMPERED LEAD'))
}

/** The status with nothing remembered about the site's state (the rows by content stay: status-rows.test.ts holds them). */
function fresh(site: string): string {
  for (const file of statusMemos(site)) fs.rmSync(file)
  return status(site)
}

const untampered = (out: string) => out.replace('TAMPERED LEAD', 'Harbor County LEAD')

describe('lead status after lead set', () => {
  it('is carried through one write and through several, and is what a run with nothing remembered prints', () => {
    const site = exampleSite(env)
    const before = JSON.parse(status(site))
    expect(before.referrals.list).toContainEqual({referral: 'r-2026-11-10-v8xhk4', status: 'eligible'})
    tamper(site)
    lead(site, 'set', 'referral', 'r-2026-11-10-v8xhk4', 'status=enrolled', 'intake.completed=2026-11-19')
    const carried = status(site)
    expect(carried).toContain('TAMPERED LEAD')
    expect(JSON.parse(carried).referrals.list).toContainEqual({referral: 'r-2026-11-10-v8xhk4', status: 'enrolled'})
    expect(untampered(carried)).toBe(fresh(site))

    // Three writes, the status asked after the last only: carried through the three notes.
    tamper(site)
    lead(site, 'set', 'referral', 'r-2026-11-10-v8xhk4', 'notes=Met at the clinic.')
    lead(site, 'set', 'consent', 'c-2025-06-03-5el0oe', 'witness=Jordan Lee')
    lead(site, 'set', 'referral', 'r-2026-11-16-dwy60s', 'status=closed', 'closed=2026-11-18')
    const chained = status(site)
    expect(chained).toContain('TAMPERED LEAD')
    expect(JSON.parse(chained).referrals.list.map((e: {referral: string}) => e.referral)).not.toContain('r-2026-11-16-dwy60s')
    expect(untampered(chained)).toBe(fresh(site))
  })

  it('is carried through a referral added (received at the instant another was: placed by its file) and one received at another instant', () => {
    const site = exampleSite(env)
    const before = JSON.parse(status(site))
    tamper(site)
    const entered = path.join(site, '..', 'entered.yaml')
    fs.writeFileSync(entered, fs.readFileSync(path.join(site, 'referrals', '2026', 'r-2026-11-10-v8xhk4.yaml'), 'utf8').replace(/^id: .*\n/m, ''))
    lead(site, 'new', 'referral', '--file', entered)
    lead(site, 'set', 'referral', 'r-2026-11-16-dwy60s', 'received=2026-11-01T09:00:00-07:00')
    const carried = status(site)
    expect(carried).toContain('TAMPERED LEAD')
    expect(JSON.parse(carried).referrals.open).toBe(before.referrals.open + 1)
    expect(untampered(carried)).toBe(fresh(site))
  })

  it('is worked out in full after a write of another kind', () => {
    const site = exampleSite(env)
    status(site)
    tamper(site)
    // A protocol: part of every row, and of the status's own protocol part.
    lead(site, 'set', 'protocol', '2026-v2', 'intake_deadline_days=20')
    const reprotocolled = status(site)
    expect(reprotocolled).not.toContain('TAMPERED LEAD')
    expect(reprotocolled).toBe(fresh(site))
  })
})
