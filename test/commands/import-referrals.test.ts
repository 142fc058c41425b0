import fs from 'node:fs'
import path from 'node:path'
import {gzipSync} from 'node:zlib'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, git, runLead, testEnv} from '../support/cli.js'
import {committedReferralSite} from '../support/referral-site.js'

const env = testEnv()
let root: string
beforeAll(() => {
  root = committedReferralSite(env)
})
afterAll(cleanupTemp)

const lead = (args: string[]) => runLead(args, {cwd: root, env})
const EXPORT = `Report No,Arrest Date,Arrest Time,Offense,Beat,Badge,Age OK,Exclusions,Status,Notes
RD-1,2025-11-02,01:30,TRESP,D2,0077,yes,none,received,
RD-2,2026-03-09,10:00,TRESP,D1,0412,yes,none,received,Seen with Maria Lopez at the pier.
`

describe('lead import referrals', {timeout: 120_000}, () => {
  const args = ['import', 'referrals', 'arrests.csv', '--set', 'pathway=arrest_diversion', '--set', 'referrer.agency=harbor-pd', '--value', 'charges:TRESP=RCW 2']
  // The steps build on each other (vitest runs them in order): refused, dry run, import, re-run.
  it('refuses the file with every problem at FILE:ROW:COLUMN, never showing a participant\'s text', () => {
    fs.writeFileSync(path.join(root, 'arrests.csv'), EXPORT)

    const refused = lead(args)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('arrests.csv:2:3: error AMBIGUOUS_TIME received: 2025-11-02 01:30 happened twice in America/Los_Angeles')
    expect(refused.stderr).toContain('2025-11-02T01:30:00-07:00 (the first, before clocks went back) or 2025-11-02T01:30:00-08:00 (the second)')
    expect(refused.stderr).toMatch(/^arrests\.csv:3:10: error PII_NAME notes looks like it holds a person's name \(\d+ characters from character \d+\)/m)
    expect(refused.stderr).toContain('error CSV_INVALID 2 problems in arrests.csv; nothing was written')
    expect(refused.stdout + refused.stderr).not.toMatch(/Maria|Lopez/)
    expect(git(root, ['status', '--porcelain'], env)).toBe('?? arrests.csv\n')
  })

  it('--dry-run shows what would be created and writes nothing, not even the --save-map file', () => {
    fs.writeFileSync(path.join(root, 'arrests.csv'), EXPORT.replace(' with Maria Lopez', ''))
    const dry = lead([...args, '--fold', 'earlier', '--dry-run', '--save-map', '.lead/import-maps/police.yaml'])
    expect(dry.code).toBe(0)
    expect(dry.stderr).toContain('mapping not saved to .lead/import-maps/police.yaml: --dry-run writes nothing')
    expect(fs.existsSync(path.join(root, '.lead/import-maps/police.yaml'))).toBe(false)
    expect(dry.stdout).toContain('arrests.csv: would create 2 referrals (dry run: nothing written)')
    expect(dry.stdout).toMatch(/^ +2 +r-2025-11-02-[a-z0-9]{6} +2025-11-02T01:30:00-07:00 +arrest_diversion +harbor-pd 0077 +D2 +RCW 2 +received$/m)
    expect(dry.stdout).toContain('source_key=Report No')
    expect(git(root, ['rev-list', '--count', 'HEAD'], env).trim()).toBe('1')
  })

  it('--save-map refuses values about a person, unseen, and imports nothing', () => {
    for (const extra of [['--where', 'Notes!=Seen with Maria Lopez'], ['--value', 'notes:ok=Horatio Blackwood called'], ['--value', 'status:John Smith=received']]) {
      const r = lead([...args, '--fold', 'earlier', ...extra, '--save-map', '.lead/import-maps/police.yaml'])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/error MAPPING_HOLDS_IDENTIFIER --save-map \.lead\/import-maps\/police\.yaml: a --(where|value) value/)
      expect(r.stderr).toContain('hint: ')
      expect(r.stdout + r.stderr).not.toMatch(/Maria|Lopez|Horatio|Blackwood|John|Smith/)
      expect(fs.existsSync(path.join(root, '.lead/import-maps/police.yaml'))).toBe(false)
      expect(git(root, ['rev-list', '--count', 'HEAD'], env).trim()).toBe('1')
    }
  })

  it('imports every row in one commit, and --save-map keeps the mapping', () => {
    const done = lead([...args, '--fold', 'earlier', '--save-map', '.lead/import-maps/police.yaml'])
    expect(done.code).toBe(0)
    const mapping = fs.readFileSync(path.join(root, '.lead/import-maps/police.yaml'), 'utf8')
    expect(mapping).toContain('fold: earlier')
    expect(mapping).toContain('referrer.agency: harbor-pd')
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe('referral: import 2 from a .csv file')
  })

  it('the saved mapping reads the same file the same way: every row already imported', () => {
    const done = lead(['import', 'referrals', 'arrests.csv', '--mapping', '.lead/import-maps/police.yaml', '--json'])
    expect(done.code).toBe(0)
    const j = done.json()
    expect(j).toMatchObject({ok: true, dryRun: false, alreadyImported: [2, 3], created: [], columns: {source_key: 'Report No', charges: 'Offense', district: 'Beat'}})
    expect(lead(['validate', '--as-of', '2026-04-06']).code).toBe(0)
  })

  it('the same export again (as .csv.gz) creates nothing', () => {
    fs.writeFileSync(path.join(root, 'arrests.csv.gz'), gzipSync(fs.readFileSync(path.join(root, 'arrests.csv'))))
    const again = lead(['import', 'referrals', 'arrests.csv.gz', '--mapping', '.lead/import-maps/police.yaml'])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('arrests.csv.gz: created 0 referrals')
    expect(again.stdout).toContain('skipped: 2 already imported')
    expect(git(root, ['rev-list', '--count', 'HEAD'], env).trim()).toBe('2')
  })

  it('usage: a --map naming no column exits 2; --help shows pasteable examples', () => {
    fs.writeFileSync(path.join(root, 'other.csv'), EXPORT)
    const r = lead(['import', 'referrals', 'other.csv', '--map', 'district=Precinct'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('UNKNOWN_COLUMN')
    // No header row: the first row is data, refused without repeating it.
    fs.writeFileSync(path.join(root, 'nohead.csv'), '2026-04-05,10:00,TRESP,D1,0412,Quixote Alvarez,206-555-7788\n2026-04-06,10:00,TRESP,D1,0412,x,y\n')
    const noHead = lead(['import', 'referrals', 'nohead.csv', '--set', 'received=Quixote Alvarez', '--map', 'district=Precinct', '--dry-run'])
    expect(noHead.code).toBe(1)
    expect(noHead.stderr).toContain('nohead.csv:1:1: error HEADER_LOOKS_LIKE_DATA the first row looks like data, not column names')
    expect(noHead.stdout + noHead.stderr).not.toMatch(/Quixote|Alvarez|206-555|2026-04-05/)
    const set = lead(['import', 'referrals', 'other.csv', '--set', 'received=Quixote Alvarez', '--dry-run'])
    expect(set.code).toBe(2)
    expect(set.stdout + set.stderr).not.toMatch(/Quixote|Alvarez/)
    const help = lead(['import', 'referrals', '--help'])
    expect(help.stdout).toContain('--fold earlier')
    expect(help.stdout).toContain('--save-map')
  })
})
