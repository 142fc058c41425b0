/**
 * `lead training import-attendance` on a training platform's export as it comes: a learner-name
 * column (so the badge holder's name is checked, not skipped unseen) and the same completion
 * listed twice — every row of the file is accounted for in the counts.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv, writeSiteFile} from '../support/cli.js'

afterAll(cleanupTemp)
const env = testEnv()
let root: string

beforeAll(() => {
  root = exampleSite(env, {warm: true})
  writeSiteFile(root, 'partners/metro-pd.yaml', 'id: metro-pd\nname: Metro Police Department\ntype: law_enforcement\npcg_member: false\nowg_member: false\n')
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-q', '-m', 'metro-pd'], env)
  const hr = path.join(tempDir('lead-hr-'), 'hr.csv')
  fs.writeFileSync(hr, 'Emp No,Badge,Last Name,First Name,Status\n100001,13001,Alvarez,Maria,A\n100002,13002,Baker,Tom,A\n100003,13003,Chen,Bo,A\n')
  const r = runLead(['training', 'import-roster', hr, '--agency', 'metro-pd', '--date', '2026-01-01'], {cwd: root, env})
  expect(r.code, r.stderr).toBe(0)
})

const lms = (text: string) => {
  const f = path.join(tempDir('lead-lms-'), 'lms.csv')
  fs.writeFileSync(f, text)
  return f
}
const run = (file: string, extra: string[] = []) => runLead(['training', 'import-attendance', file, '--agency', 'metro-pd', '--map', 'badge=STAR/BADGE', '--value', 'course:Roll Call=roll-call', ...extra], {cwd: root, env})

describe('a training platform export as it comes', {timeout: 120_000}, () => {
  it('checks the name in a Learner Name column against the badge holder', () => {
    const f = lms('User ID,Learner Name,STAR/BADGE,Course Title,Completion Date\nu1,"Alvarez, Maria",13001,Roll Call,2/20/2026\nu2,"Fox, Ed",13002,Roll Call,2/20/2026\n')
    const r = run(f, ['--dry-run'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('lms.csv:3:2: error NAME_MISMATCH badge 13002 was Tom Baker\'s on 2026-02-20')
    const j = run(f, ['--dry-run', '--json']).json() as {counts: {added: number; skipped: number}; problems: Array<{code: string; row: number}>}
    expect(j.counts).toMatchObject({added: 1, skipped: 1})
    expect(j.problems.map((p) => [p.row, p.code])).toEqual([[3, 'NAME_MISMATCH']])
  })

  it('a completion listed twice is counted once, as already listed: the counts add up to the rows', () => {
    const f = lms('Learner Name,STAR/BADGE,Course Title,Completion Date\n"Chen, Bo",13003,Roll Call,2/21/2026\n"Chen, Bo",13003,Roll Call,2/21/2026\n"Baker, Tom",13002,Roll Call,2/21/2026\n')
    const r = run(f, ['--json'])
    expect(r.code, r.stderr).toBe(0)
    const j = r.json() as {counts: {rows: number; added: number; already: number; absent: number; skipped: number}}
    expect(j.counts).toMatchObject({rows: 3, added: 2, already: 1, skipped: 0})
    expect(j.counts.added + j.counts.already + j.counts.absent + j.counts.skipped).toBe(j.counts.rows)
    const again = run(f, ['--json'])
    expect(again.code, again.stderr).toBe(0)
    expect(again.json()).toMatchObject({written: false, counts: {added: 0, already: 3}})
  })
})

describe('an HR export\'s headers as they come', {timeout: 120_000}, () => {
  it('reads a RANK / TITLE and an Active (Y/N) column without --map', () => {
    const hr = path.join(tempDir('lead-hr-'), 'hr2.csv')
    fs.writeFileSync(hr, '\uFEFF  EMPLOYEE ID ,Badge No,Full Name,RANK / TITLE,Active (Y/N)\r\n100001,13001.0,"ALVAREZ, MARIA",Sergeant,Y\r\n100002,13002.0,"BAKER, TOM",Officer,Y\r\n100003,13003.0,"CHEN, BO",Officer,N\r\n\r\n')
    const r = runLead(['training', 'import-roster', hr, '--agency', 'metro-pd', '--date', '2026-03-01', '--value', 'status:Y=active,N=separated', '--dry-run', '--json'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    const j = r.json() as {changed: Array<{id: string; changes: Array<{field: string; from: unknown; to: unknown}>}>}
    expect(j.changed.find((c) => c.id === '100001')?.changes).toContainEqual(expect.objectContaining({field: 'rank', to: 'Sergeant'}))
    expect(j.changed.find((c) => c.id === '100003')?.changes).toContainEqual(expect.objectContaining({field: 'status', from: 'active', to: 'separated'}))
  })
})

describe('employee and badge numbers headed with # or Nbr', {timeout: 120_000}, () => {
  it('reads Emp # and Badge Nbr as the employee and badge columns', () => {
    const hr = path.join(tempDir('lead-hr-'), 'hr3.csv')
    fs.writeFileSync(hr, 'Emp #,Badge Nbr,Last Name,First Name,Status\n100001,13001,Alvarez,Maria,A\n100002,13002,Baker,Tom,A\n100003,13003,Chen,Bo,A\n')
    const r = runLead(['training', 'import-roster', hr, '--agency', 'metro-pd', '--date', '2026-03-02', '--dry-run', '--json'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json()).toMatchObject({counts: {added: 0, separated: 0, skipped: 0}})
  })
})

describe('completion times with a UTC offset', {timeout: 120_000}, () => {
  it('a platform\'s UTC timestamps are sessions on the site\'s day, an offset is read, midnight keeps its day', () => {
    const f = lms('Learner Name,STAR/BADGE,Course Title,Completion Date\n"Alvarez, Maria",13001,Roll Call,2026-03-04T02:30:00Z\n"Baker, Tom",13002,Roll Call,2026-03-03T18:30:00-08:00\n"Chen, Bo",13003,Roll Call,2026-03-05T00:00:00Z\n')
    const r = run(f, ['--dry-run', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const j = r.json() as {sessions: Array<{date: string; added: Array<{badge: string}>}>; problems: unknown[]}
    expect(j.problems).toEqual([])
    expect(j.sessions.map((s) => [s.date, s.added.map((a) => a.badge)])).toEqual([
      ['2026-03-03', ['13001', '13002']],
      ['2026-03-05', ['13003']],
    ])
  })
})

describe('a header row repeated inside the export', {timeout: 120_000}, () => {
  it('is left out with one notice, not imported as an officer or a referral', () => {
    const hr = path.join(tempDir('lead-hr-'), 'joined.csv')
    fs.writeFileSync(hr, 'Badge,Last Name,First Name,Unit\n13001,Alvarez,Maria,Patrol\nBadge,Last Name,First Name,Unit\n13002,Baker,Tom,Patrol\n Badge , LAST NAME,First Name,Unit\n13003,Chen,Bo,Patrol\n')
    writeSiteFile(root, 'partners/city-pd.yaml', 'id: city-pd\nname: City PD\ntype: law_enforcement\npcg_member: false\nowg_member: false\n')
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '-m', 'city-pd'], env)
    const r = runLead(['training', 'import-roster', hr, '--agency', 'city-pd', '--date', '2026-03-01', '--dry-run', '--json'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    const j = r.json() as {added: Array<{badge: string}>; counts: {skipped: number}; notices: Array<{code: string; message: string}>}
    expect(j.added.map((o) => o.badge)).toEqual(['13001', '13002', '13003'])
    expect(j.counts.skipped).toBe(0)
    expect(j.notices).toContainEqual(expect.objectContaining({code: 'HEADER_REPEATED', message: '2 rows repeat the header row (row 3, 5) and were left out'}))
  })
})

describe('a platform\'s completion statuses', {timeout: 120_000}, () => {
  it('credits completed rows only: registered, in progress, not started, cancelled, no-show are not attendance', () => {
    const statuses = ['Registered', 'In Progress', 'NOT_STARTED', 'Cancelled', 'No-Show', 'Withdrawn']
    const f = lms('STAR/BADGE,Course Title,Completion Date,Completion Status\n13001,Roll Call,4/1/2026,Completed\n' + statuses.map((s) => `13002,Roll Call,4/1/2026,${s}\n`).join(''))
    const r = run(f, ['--dry-run', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const j = r.json() as {sessions: Array<{added: Array<{badge: string}>}>; counts: {absent: number}}
    expect(j.sessions.flatMap((s) => s.added.map((a) => a.badge))).toEqual(['13001'])
    expect(j.counts.absent).toBe(statuses.length)
  })
})
