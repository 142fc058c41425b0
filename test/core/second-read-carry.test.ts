/**
 * Second read of 467585e (lead status carried through lead's own writes, referrals/status-carry.ts):
 * what the write path does to leave its note must never stop a write the path made before.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {cleanupTemp, exampleSite, git, testEnv, useGitEnv} from '../support/cli.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

describe('the note a write leaves for the status after it', () => {
  // `lead edit` reaches the write path without asking the site's zone: it wrote such a site's
  // referrals before the note, which asked siteTimeZone (it throws BAD_TIMEZONE) and stopped it.
  it('is not left, and the write goes on, when lead.yaml names a zone Intl does not know', async () => {
    const site = exampleSite(env)
    const yaml = path.join(site, 'lead.yaml')
    fs.writeFileSync(yaml, fs.readFileSync(yaml, 'utf8').replace('timezone: America/Los_Angeles', 'timezone: Mars/Olympus'))
    git(site, ['commit', '-qam', 'a zone nobody knows'], env)
    const file = 'referrals/2026/r-2026-10-24-dam3sp.yaml'
    const base = fs.readFileSync(path.join(site, file), 'utf8')
    const text = base.replace(/^notes: .*$/m, 'notes: Called back later.')
    const r = await writeRecords(readSite(site), [{kind: 'referral', id: 'r-2026-10-24-dam3sp', file, text, base}], {message: 'referral: edit r-2026-10-24-dam3sp'})
    expect(r.commit).toBeTruthy()
    expect(fs.readFileSync(path.join(site, file), 'utf8')).toBe(text)
    expect(fs.readdirSync(path.join(site, '.git', 'lead')).filter((f) => f.startsWith('memo-status-carry-'))).toEqual([])
  })
})
