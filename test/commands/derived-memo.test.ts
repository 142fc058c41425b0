/**
 * status, the reports and `list --limit` remember what they computed from records under a digest of
 * the site's state (src/core/records/state-memo.ts, derived-memo.ts). Each test first proves the remembered result
 * is what a run prints (by tampering with it), then changes one input and checks the result is
 * computed again: the tampered value is gone and the output is the one a run with no cache prints.
 * Those tests start on a warm copy (what one `lead validate` leaves in .git/lead: their first run
 * parses nothing, ~0.5 s of CPU less each); the first test starts cold, as it counts the files a
 * run leaves, and the last clears every cache itself. The tests of each group run at once, each on
 * a site of its own, its runs one after the other.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {cleanupTemp, exampleSite, git, runLeadAsync, tempDir, testEnv, useGitEnv} from '../support/cli.js'
import {clockShifted} from '../support/shifted-clock.js'
import {tamperMemos} from '../support/memo-files.js'

afterAll(cleanupTemp)

const env = testEnv()
const lead = (site: string, args: string[], e = env) => runLeadAsync([...args, '--dir', site], {env: e})

/** The files results are remembered in: by the records' digest (derived-*) and by git's (memo-*). */
function memoFiles(site: string): string[] {
  const dir = path.join(site, '.git', 'lead')
  const names = fs.readdirSync(dir).filter((f) => f.startsWith('derived-') || f.startsWith('memo-'))
  if (names.length === 0) throw new Error('no derived results were remembered')
  return names.map((n) => path.join(dir, n))
}

/** Change every remembered result in place (what a stale one would look like). */
function tamper(site: string, change: (value: any) => void): void {
  // A result lead itself wrote, stale: rewritten with its checked lines' sums, as lead writes it.
  for (const file of memoFiles(site)) tamperMemos(file, change)
}

/** The output with no cache at all: computed from the records. */
async function fresh(site: string, args: string[], e = env): Promise<string> {
  fs.rmSync(path.join(site, '.git', 'lead'), {recursive: true, force: true})
  const r = await lead(site, args, e)
  expect(r.code).toBe(0)
  return r.stdout + r.stderr
}

async function output(site: string, args: string[], e = env): Promise<string> {
  const r = await lead(site, args, e)
  expect(r.code, r.stderr).toBe(0)
  return r.stdout + r.stderr
}

const markStatus = (v: any) => {
  if (v.status) v.status.site = 'TAMPERED LEAD'
}
const markReport = (v: any) => {
  if (Array.isArray(v.skipped)) v.skipped.push('referrals/TAMPERED.yaml')
}
const markList = (v: any) => {
  // Positions among the kind's records (the records' digest), or files (git's digest): the first
  // referral by ID claimed unreadable.
  if (Array.isArray(v.unreadable)) v.unreadable = [0]
  if (Array.isArray(v.unreadableFiles)) v.unreadableFiles = ['referrals/2025/r-2025-06-03-cv4zgx.yaml']
  // The files one list showed (git's digest and the query): the first one left out.
  if (Array.isArray(v.shown)) v.shown = v.shown.slice(1)
}

/**
 * Run `args` (remembering its result), tamper with the memo and prove the next run prints it, apply
 * `change`, and check `after` (default: the same arguments) is computed afresh: not the tampered
 * output, and exactly what a run with no cache prints.
 */
async function expectRecomputed(site: string, args: string[], mark: (v: any) => void, change: () => void, after: {args?: string[]; env?: NodeJS.ProcessEnv} = {}): Promise<void> {
  const first = await output(site, args)
  expect(first).not.toContain('TAMPERED')
  tamper(site, mark)
  const tampered = await output(site, args)
  expect(tampered).not.toBe(first)
  change()
  const next = await output(site, after.args ?? args, after.env)
  expect(next).not.toBe(tampered)
  expect(next).not.toContain('TAMPERED')
  expect(next).toBe(await fresh(site, after.args ?? args, after.env))
}

const firstReferral = (site: string) => {
  const dir = path.join(site, 'referrals', '2026')
  return path.join(dir, fs.readdirSync(dir).sort()[0]!)
}
const editYaml = (file: string, from: string | RegExp, to: string) => {
  const text = fs.readFileSync(file, 'utf8')
  const next = text.replace(from, to)
  expect(next).not.toBe(text)
  fs.writeFileSync(file, next)
}
const appendLine = (file: string, line: string) => fs.appendFileSync(file, `${line}\n`)

/** An environment whose clock runs `days` ahead (a preloaded module shifts Date). */
const clockAhead = (days: number): NodeJS.ProcessEnv => clockShifted(env, days * 86_400_000)

describe.concurrent('lead status remembers its result', () => {
  it('a warm run prints the remembered result; the file is private and holds no free text from a referral', async () => {
    const site = exampleSite(env)
    // Free text, and a case manager no partner lists (reports name only declared staff).
    editYaml(firstReferral(site), 'notes: Prefers afternoon check-ins.', 'notes: Sentinel Quixotic Zebulon')
    editYaml(firstReferral(site), 'case_manager: Jordan Lee', 'case_manager: Yolanda Zebulon')
    const cold = await output(site, ['status', '--json'])
    expect(await output(site, ['status', '--json'])).toBe(cold)
    for (const args of [['report', 'referrals', '--by', 'officer'], ['report', 'funnel'], ['report', 'capacity'], ['list', 'referral', '--limit', '2'], ['validate']]) await output(site, args)
    const files = memoFiles(site)
    // Each state memo's results in files of their own (memo-NAME-KEYHASH-SITE.json, records/result-files.ts): three reports, three files.
    const names = files.map((f) => path.basename(f).replace(/-[0-9a-f]+\.json$/, '').replace(/-[0-9a-f]{40}$/, ''))
    expect(names.filter((n) => n === 'memo-report')).toHaveLength(3)
    expect([...new Set(names)].sort()).toEqual(['memo-attendances', 'memo-coverage', 'memo-list', 'memo-list-answer', 'memo-report', 'memo-status', 'memo-status-rows', 'memo-validate', 'memo-vocabulary', 'memo-volume-facts'])
    // validation's list of checked files, in a file of its own (records/file-lists.ts)
    const lists = fs.readdirSync(path.join(site, '.git', 'lead')).filter((f) => f.startsWith('validate-files-')).map((f) => path.join(site, '.git', 'lead', f))
    expect(lists).toHaveLength(1)
    for (const file of [...files, ...lists]) {
      expect(fs.readFileSync(file, 'utf8')).not.toContain('Zebulon')
      expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    }
  })

  it('is computed again when a referral changes', async () => {
    const site = exampleSite(env, {warm: true})
    await expectRecomputed(site, ['status', '--json'], markStatus, () => appendLine(firstReferral(site), '# looked at again'))
  })

  it('is computed again when a referral is removed (the open list changes)', async () => {
    const site = exampleSite(env, {warm: true})
    const open = JSON.parse(await output(site, ['status', '--json'])).referrals.list as Array<{referral: string}>
    expect(open.length).toBeGreaterThan(0)
    const id = open[0]!.referral
    const file = path.join(site, 'referrals', id.slice(2, 6), `${id}.yaml`)
    await expectRecomputed(site, ['status', '--json'], markStatus, () => fs.rmSync(file))
    expect(await output(site, ['status', '--json'])).not.toContain(`"${id}"`)
  })

  it('is computed again when lead.yaml changes', async () => {
    const site = exampleSite(env, {warm: true})
    await expectRecomputed(site, ['status'], markStatus, () => editYaml(path.join(site, 'lead.yaml'), 'name: Harbor County LEAD', 'name: Harbour County LEAD'))
    expect(await output(site, ['status'])).toContain('Harbour County LEAD')
  })

  it('is computed again for another --as-of', async () => {
    const site = exampleSite(env, {warm: true})
    await expectRecomputed(site, ['status', '--as-of', '2026-06-01', '--json'], markStatus, () => {}, {args: ['status', '--as-of', '2026-09-15', '--json']})
  })

  it('is computed again when the site clock reaches another day', async () => {
    const site = exampleSite(env, {warm: true})
    const later = clockAhead(3)
    await expectRecomputed(site, ['status', '--json'], markStatus, () => {}, {env: later})
    const today = JSON.parse(await output(site, ['status', '--json'])).asOf as string
    expect(JSON.parse(await output(site, ['status', '--json'], later)).asOf).not.toBe(today)
  })
})

describe.concurrent('lead report remembers its result', () => {
  it('referrals: computed again when a referral changes', async () => {
    const site = exampleSite(env, {warm: true})
    await expectRecomputed(site, ['report', 'referrals', '--by', 'hour'], markReport, () => editYaml(firstReferral(site), /received: "2026-01-08T13:35:00-08:00"/, 'received: "2026-01-08T03:35:00-08:00"'))
  })

  it('referrals: computed again when lead.yaml changes (the time zone moves the hours)', async () => {
    const site = exampleSite(env, {warm: true})
    await expectRecomputed(site, ['report', 'referrals', '--by', 'hour', '--json'], markReport, () => editYaml(path.join(site, 'lead.yaml'), 'timezone: America/Los_Angeles', 'timezone: America/New_York'))
  })

  it('referrals: computed again in another machine time zone when lead.yaml names none', async () => {
    const site = exampleSite(env, {warm: true})
    editYaml(path.join(site, 'lead.yaml'), /\n  timezone: America\/Los_Angeles/, '')
    const west = {...env, TZ: 'America/Los_Angeles'}
    const east = {...env, TZ: 'Asia/Tokyo'}
    expect(await output(site, ['report', 'referrals', '--by', 'hour'], west)).not.toBe(await output(site, ['report', 'referrals', '--by', 'hour'], east))
    fs.rmSync(path.join(site, '.git', 'lead'), {recursive: true, force: true})
    await expectRecomputed(site, ['report', 'referrals', '--by', 'hour'], markReport, () => {}, {env: east})
  })

  it('referrals and status: computed again in another POSIX TZ (a zone Intl names none) when lead.yaml names none', async () => {
    const site = exampleSite(env, {warm: true})
    editYaml(path.join(site, 'lead.yaml'), /\n  timezone: America\/Los_Angeles/, '')
    // Intl's timeZone is undefined for both: only the TZ string tells them apart.
    const west = {...env, TZ: 'XYZ+8'}
    const east = {...env, TZ: 'XYZ-9'}
    for (const args of [['report', 'referrals', '--by', 'hour'], ['status', '--json', '--as-of', '2026-03-01']]) {
      expect(await output(site, args, west)).not.toBe(await output(site, args, east))
      fs.rmSync(path.join(site, '.git', 'lead'), {recursive: true, force: true})
      const first = await output(site, args, west)
      tamper(site, args[0] === 'status' ? markStatus : markReport)
      expect(await output(site, args, west)).not.toBe(first)
      const next = await output(site, args, east)
      expect(next).not.toContain('TAMPERED')
      expect(next).toBe(await fresh(site, args, east))
    }
  })

  it('referrals: computed again for other flags', async () => {
    const site = exampleSite(env, {warm: true})
    await expectRecomputed(site, ['report', 'referrals', '--by', 'hour'], markReport, () => {}, {args: ['report', 'referrals', '--by', 'weekday']})
    await expectRecomputed(site, ['report', 'referrals', '--by', 'month'], markReport, () => {}, {args: ['report', 'referrals', '--by', 'month', '--from', '2026-03-01']})
    await expectRecomputed(site, ['report', 'referrals', '--by', 'month', '--format', 'csv'], markReport, () => {}, {args: ['report', 'referrals', '--by', 'month', '--to', '2026-06-30', '--format', 'csv']})
  })

  it('funnel and capacity: computed again for another date, by flag or by the site clock', async () => {
    const site = exampleSite(env, {warm: true})
    await expectRecomputed(site, ['report', 'funnel', '--json'], markReport, () => {}, {args: ['report', 'funnel', '--by', 'pathway', '--json']})
    await expectRecomputed(site, ['report', 'capacity', '--as-of', '2026-05-01'], markReport, () => {}, {args: ['report', 'capacity', '--as-of', '2026-10-01']})
    await expectRecomputed(site, ['report', 'capacity', '--json'], markReport, () => {}, {env: clockAhead(2)})
  })
})

describe.concurrent('lead list --limit reads only what it shows', () => {
  const args = ['list', 'referral', '--limit', '3']

  it('prints what reading every record prints, and is computed again when a referral changes', async () => {
    const site = exampleSite(env, {warm: true})
    await expectRecomputed(site, args, markList, () => appendLine(firstReferral(site), '# looked at again'))
    await expectRecomputed(site, [...args, '--json'], markList, () => appendLine(firstReferral(site), '# and again'))
  })

  it('sorts by the id field when it disagrees with the file name, as reading every record does', async () => {
    const site = exampleSite(env, {warm: true})
    const file = firstReferral(site)
    const id = path.basename(file, '.yaml')
    await expectRecomputed(site, args, markList, () => editYaml(file, `id: ${id}`, 'id: r-2099-12-31-zzzzzz'))
    const shown = await output(site, args)
    expect(shown).not.toContain('r-2099-12-31-zzzzzz') // sorted last by its field, so not among the first 3
    // A copy under a name that sorts first keeps the id field it was copied with.
    const second = path.join(site, 'referrals', '2026', fs.readdirSync(path.join(site, 'referrals', '2026')).sort()[1]!)
    fs.copyFileSync(second, path.join(site, 'referrals', '2025', 'r-2025-01-01-aaaaaa.yaml'))
    const withCopy = await output(site, args)
    expect(withCopy).toBe(await fresh(site, args))
    expect(await output(site, args)).toBe(withCopy)
  })

  it('notes unreadable files as reading every record does', async () => {
    const site = exampleSite(env, {warm: true})
    await expectRecomputed(site, args, markList, () => fs.writeFileSync(firstReferral(site), 'id: [unclosed\n'))
    const shown = await output(site, args)
    expect(shown).toMatch(/1 referrals file could not be read \(referrals\/2026\/r-2026-01-08-z66mn9\.yaml\); run lead validate/)
    expect(await output(site, args)).toBe(shown)
  })

  it('after a lead set, answers from the check the write remembered for the new state (records/list-records.ts rememberListChecks), as reading every record does', async () => {
    const site = exampleSite(env, {warm: true})
    const dir = path.join(site, '.git', 'lead')
    const checks = () => fs.readdirSync(dir).filter((f) => /^memo-list-[0-9a-f]{40}-/.test(f))
    const set = async (note: string) => expect((await lead(site, ['set', path.basename(firstReferral(site), '.yaml'), `notes=${note}`])).code).toBe(0)
    // No list asked before: the write remembers no check.
    await set('called back')
    expect(checks()).toEqual([])
    await output(site, args)
    expect(checks()).toHaveLength(1)
    await set('called back again')
    expect(checks()).toHaveLength(2)
    const after = await output(site, args)
    // The check the write left is what that list read: tampered (and the answer it kept gone), the next list prints it.
    for (const f of fs.readdirSync(dir).filter((f) => f.startsWith('memo-list-answer-'))) fs.rmSync(path.join(dir, f))
    tamper(site, markList)
    const tampered = await output(site, args)
    const want = await fresh(site, args)
    expect(after).toBe(want)
    expect(tampered).not.toBe(want)
  })

  it('carries its check through writes by the written files alone: a broken referral committed stays noted, one added is listed, one mended is no longer noted, each as reading every record does', async () => {
    const site = exampleSite(env, {warm: true})
    const broken = firstReferral(site)
    const good = fs.readFileSync(broken, 'utf8')
    fs.writeFileSync(broken, 'id: [unclosed\n')
    git(site, ['commit', '-qam', 'a referral that does not parse'], env)
    const second = fs.readdirSync(path.join(site, 'referrals', '2026')).sort()[1]!
    const id = path.basename(second, '.yaml')
    const step = async (args: string[]) => {
      const r = await lead(site, args)
      expect(r.code, r.stderr).toBe(0)
    }
    const listed = async () => {
      const shown = await output(site, args)
      // The answer a list kept is not what is tested here: the check is.
      for (const f of fs.readdirSync(path.join(site, '.git', 'lead')).filter((f) => f.startsWith('memo-list-answer-'))) fs.rmSync(path.join(site, '.git', 'lead', f))
      expect(await output(site, args)).toBe(shown)
      expect(shown).toBe(await fresh(site, args))
      return shown
    }
    expect(await listed()).toMatch(/1 referrals file could not be read/)
    await step(['set', id, 'notes=called back'])
    expect(await listed()).toMatch(/1 referrals file could not be read/)
    // A referral entered whole, under an ID that sorts first among those listed.
    const entered = path.join(tempDir(), 'entered.yaml')
    fs.writeFileSync(entered, good.replace(/^id: .*\n/m, ''))
    await step(['new', 'referral', '--file', entered])
    expect(await listed()).toMatch(/1 referrals file could not be read/)
    // The broken one mended by a write (as lead edit writes what the editor left), in this process.
    const file = path.relative(site, broken)
    useGitEnv(env)
    await writeRecords(readSite(site), [{kind: 'referral', id: path.basename(file, '.yaml'), file, text: good, base: 'id: [unclosed\n'}], {message: 'referral: mended'})
    expect(await listed()).not.toMatch(/could not be read/)
  })
})

describe.concurrent('remembered results lead did not write as they are', () => {
  it('an edited or cut-short memo file is computed again, never printed half-formed or taken for a bug in lead (validate, status, report, list)', async () => {
    const site = exampleSite(env)
    // A finding, so there are findings to remember (and to damage).
    fs.appendFileSync(path.join(site, 'partners', 'harbor-pd.yaml'), 'nickname: HPD\n')
    const commands = [['validate'], ['status'], ['report', 'referrals', '--by', 'hour'], ['list', 'referral', '--limit', '2']]
    const shown = async (args: string[]) => {
      const r = await lead(site, args)
      return `${r.code}\n${r.stdout}${r.stderr}`
    }
    const want: string[] = []
    for (const args of commands) {
      fs.rmSync(path.join(site, '.git', 'lead'), {recursive: true, force: true})
      want.push(await shown(args))
    }
    expect(want[0]).toMatch(/^1\n.*UNKNOWN_FIELD/s)
    const dir = path.join(site, '.git', 'lead')
    const damages: Array<[string, (text: string) => string]> = [
      // Well-formed JSON in every shape a reader could trip on: the value of every memo replaced.
      ['values null', (text) => text.replace(/"value":/g, '"value":null,"was":')],
      ['findings not findings', (text) => text.replace(/"diagnostics":\[/g, '"diagnostics":[null,')],
      ['cut short', (text) => text.slice(0, Math.floor(text.length / 2))],
    ]
    for (const [what, damage] of damages) {
      for (const args of commands) await shown(args)
      const files = fs.readdirSync(dir).filter((f) => /^(memo|derived|validations)-/.test(f))
      expect(files.length).toBeGreaterThanOrEqual(5)
      for (const f of files) fs.writeFileSync(path.join(dir, f), damage(fs.readFileSync(path.join(dir, f), 'utf8')))
      for (const [i, args] of commands.entries()) expect(await shown(args), `${args.join(' ')} after ${what}`).toBe(want[i])
    }
  })
})
