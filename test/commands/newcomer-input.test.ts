/**
 * What a newcomer types, end to end: queries whose field names or values are mistyped are usage
 * errors naming the closest field (never an empty table with exit 0, never a file written);
 * conditions compare by type; local times and written phone numbers through `--set`.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv()

describe('a mistyped query is a usage error, in every command that filters', () => {
  const root = exampleSite(env, {warm: true})
  const head = git(root, ['rev-parse', 'HEAD'], env)

  it.each([
    ['list', ['list', 'referral']],
    ['export', ['export', 'referral', '--output', 'out.csv']],
    ['export --deidentify', ['export', 'referrals', '--deidentify', '--output', 'out.csv']],
    ['export --deidentify --rows', ['export', 'referrals', '--deidentify', '--rows', '--output', 'out.csv']],
  ])('%s --where with a misspelt field: exit 2, did you mean, nothing written', (_name, command) => {
    const r = runLead([...command, '--where', 'stauts=enrolled'], {cwd: root, env})
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(`error UNKNOWN_FIELD --where 'stauts=enrolled'`)
    expect(r.stderr).toContain('(did you mean "status"?)')
    expect(fs.existsSync(path.join(root, 'out.csv'))).toBe(false)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    expect(git(root, ['rev-parse', 'HEAD'], env)).toBe(head)
  })

  it('misspelt --fields and --sort names are refused with the closest, in list and export', () => {
    const fields = runLead(['list', 'referral', '--fields', 'id,statsu'], {cwd: root, env})
    expect(fields.code).toBe(2)
    expect(fields.stderr).toContain('--fields statsu: a referral has no field "statsu" (did you mean "status"?)')
    const sort = runLead(['export', 'referral', '--sort=-recieved'], {cwd: root, env})
    expect(sort.code).toBe(2)
    expect(sort.stderr).toContain('did you mean "received"?')
    const rows = runLead(['export', 'referrals', '--deidentify', '--rows', '--sort', 'peroid'], {cwd: root, env})
    expect(rows.code).toBe(2)
    expect(rows.stderr).toContain('did you mean "period"?')
  })

  it('a value the field cannot hold is refused with a quoted example that pastes safely', () => {
    const r = runLead(['list', 'referral', '--where', 'received>=Nov'], {cwd: root, env})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('"Nov" is not a date and time')
    expect(r.stderr).toContain("--where 'received>=2026-11-01'")
    expect(r.stderr).not.toMatch(/[^']received>=2026-11-01/)
    const n = runLead(['list', 'referral', '--where', 'quantity.amount>three'], {cwd: root, env})
    expect(n.code).toBe(2)
    expect(n.stderr).toContain('quantity.amount is a number')
    const choice = runLead(['list', 'referral', '--where', 'status=enroled'], {cwd: root, env})
    expect(choice.code).toBe(2)
    expect(choice.stderr).toContain('(did you mean "enrolled"?)')
  })
})

describe('conditions compare by type', () => {
  const root = exampleSite(env, {warm: true})
  const files = fs.readdirSync(path.join(root, 'referrals/2026')).filter((f) => f.endsWith('.yaml')).sort()
  const ids = files.slice(0, 3).map((f) => f.replace(/\.yaml$/, ''))
  // Hand edits as an export would write them: an instant in UTC just before local midnight of
  // 1 November (23:30 on 31 October in Los Angeles), another offset, and amounts where text order
  // and number order differ.
  const edit = (id: string, received: string, amount: number) => {
    const file = path.join(root, 'referrals/2026', `${id}.yaml`)
    const text = fs.readFileSync(file, 'utf8').replace(/^received: .*$/m, `received: "${received}"`)
    fs.writeFileSync(file, /^quantity:/m.test(text) ? text.replace(/^quantity: .*$/m, `quantity: {amount: ${amount}, unit: g}`) : `${text}quantity: {amount: ${amount}, unit: g}\n`)
  }
  edit(ids[0]!, '2026-11-01T06:30:00Z', 9)
  edit(ids[1]!, '2026-11-01T03:15:00-04:00', 12)
  edit(ids[2]!, '2026-11-01T00:10:00-07:00', 2.5)
  const matching = (...where: string[]) => {
    const r = runLead(['list', 'referral', ...where.flatMap((w) => ['--where', w]), '--json'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    return (r.json() as Array<{id: string}>).map((x) => x.id).filter((id) => ids.includes(id)).sort()
  }

  it('timestamps as instants: a date alone is the local day, whatever offset a time was written with', () => {
    // 06:30Z and 03:15-04:00 are 23:30 and 00:15 local; text comparison would put both on 1 November.
    expect(matching('received>=2026-11-01', 'received<2026-11-02')).toEqual([ids[1], ids[2]].sort())
    expect(matching('received<2026-11-01', 'received>=2026-10-31')).toEqual([ids[0]])
    expect(matching('received>=2026-11-01 00:12')).toEqual([ids[1]])
    expect(matching('received<2026-10-31 11:45 PM', 'received>=2026-10-31 11:00 PM')).toEqual([ids[0]])
  })

  it('numbers as numbers', () => {
    expect(matching('quantity.amount>3')).toEqual([ids[0], ids[1]].sort())
    expect(matching('quantity.amount>10')).toEqual([ids[1]])
  })
})

describe('times and phone numbers as people write them, through --set', () => {
  const root = exampleSite(env, {warm: true})
  const id = fs.readdirSync(path.join(root, 'referrals/2026')).filter((f) => f.endsWith('.yaml')).sort()[3]!.replace(/\.yaml$/, '')
  const file = path.join(root, 'referrals/2026', `${id}.yaml`)
  const received = () => (parse(fs.readFileSync(file, 'utf8')) as {received: string}).received

  it('a local time is stored with the zone offset of that day; 12-hour times work', () => {
    expect(runLead(['set', id, 'received=2026-10-05 09:15'], {cwd: root, env}).code).toBe(0)
    expect(received()).toBe('2026-10-05T09:15:00-07:00')
    expect(runLead(['set', id, 'received=2026-11-20 5:00 PM'], {cwd: root, env}).code).toBe(0)
    expect(received()).toBe('2026-11-20T17:00:00-08:00')
  })

  it('a time in the repeated fall-back hour is refused with both readings; a skipped one is refused; nothing changes', () => {
    const before = fs.readFileSync(file, 'utf8')
    const head = git(root, ['rev-parse', 'HEAD'], env)
    const fold = runLead(['set', id, 'received=2026-11-01 01:30'], {cwd: root, env})
    expect(fold.code).toBe(2)
    expect(fold.stderr).toContain('error AMBIGUOUS_TIME')
    expect(fold.stderr).toContain('2026-11-01T01:30:00-07:00')
    expect(fold.stderr).toContain('2026-11-01T01:30:00-08:00')
    const skipped = runLead(['set', id, 'received=2026-03-08 02:30'], {cwd: root, env})
    expect(skipped.code).toBe(2)
    expect(skipped.stderr).toContain('error SKIPPED_TIME')
    expect(fs.readFileSync(file, 'utf8')).toBe(before)
    expect(git(root, ['rev-parse', 'HEAD'], env)).toBe(head)
    // The reading chosen with its offset is taken.
    expect(runLead(['set', id, 'received=2026-11-01T01:30:00-08:00'], {cwd: root, env}).code).toBe(0)
    expect(received()).toBe('2026-11-01T01:30:00-08:00')
  })

  it('phone numbers in their written forms are normalised', () => {
    for (const [written, stored] of [['(360) 555-0142', '+1-360-555-0142'], ['360.555.0143', '+1-360-555-0143'], ['1-360-555-0144', '+1-360-555-0144'], ['360 555 0145', '+1-360-555-0145']]) {
      const r = runLead(['set', 'partner', 'harbor-pd', `phone=${written}`], {cwd: root, env})
      expect(r.code, `${written}: ${r.stderr}`).toBe(0)
      expect(parse(fs.readFileSync(path.join(root, 'partners/harbor-pd.yaml'), 'utf8')).phone).toBe(stored)
    }
  })
})
