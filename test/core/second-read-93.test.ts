/**
 * Second read of f4783fb..2fb74c9: results in a file each (records/result-files.ts), status listed
 * from the validation's basis (derived/site-loader.ts), and list's check carried through a write
 * (records/list-records.ts rememberListChecks). Each test passes when what lead prints with its
 * memos is what it prints with none (.git/lead removed), and fails where they differ.
 */
import {spawn, spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {gitStateHome} from '../../src/core/records/cache-files.js'
import {keptResults, readResult, writeResult} from '../../src/core/records/result-files.js'
import {readSite} from '../../src/core/site.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {BIN, cleanupTemp, exampleSite, git, runLead, siteInSubfolder, tempDir, testEnv, useGitEnv} from '../support/cli.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const lead = (site: string, args: string[]) => runLead([...args, '--dir', site], {env})
/** What a run prints, with its exit code (validate and status exit 1 on the example site's errors); never a stack trace. */
function output(site: string, args: string[]): string {
  const r = lead(site, args)
  expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/)
  expect(r.code, r.stderr).toBeLessThanOrEqual(1)
  return `${r.stdout}${r.stderr}exit ${r.code}`
}
/** What a run with no memo and no cache prints (the site's .git/lead removed first). */
function fresh(site: string, args: string[]): string {
  const home = gitStateHome(site)!
  fs.rmSync(home.dir, {recursive: true, force: true})
  return output(site, args)
}
const LIST = ['list', 'referral', '--limit', '3']
const referrals = (site: string) => fs.readdirSync(path.join(site, 'referrals', '2026')).sort().map((f) => `referrals/2026/${f}`)
const idOf = (file: string) => path.basename(file, '.yaml')
const read = (site: string, file: string) => fs.readFileSync(path.join(site, file), 'utf8')
const dropAnswers = (site: string) => {
  const dir = gitStateHome(site)!.dir
  for (const f of fs.readdirSync(dir).filter((f) => f.startsWith('memo-list-answer-'))) fs.rmSync(path.join(dir, f), {recursive: true, force: true})
}

/** A write in this process: written and committed, or refused as bringing in an error with nothing written. */
async function writeOrRefused(site: string, file: string, text: string, base: string): Promise<void> {
  try {
    const r = await writeRecords(readSite(site), [{kind: 'referral', id: idOf(file), file, text, base}], {message: 'referral: long comment'})
    expect(r.commit).toBeTruthy()
  } catch (error) {
    expect((error as {code?: string}).code).toBe('INVALID_CHANGE')
    expect(read(site, file)).toBe(base)
  }
}

describe('list check carried through a write', () => {
  it('L1 a write that leaves a record over its kind\'s size limit (a load finds it unreadable)', async () => {
    const site = exampleSite(env, {warm: true})
    output(site, LIST) // the check remembered for this state
    const last = referrals(site).at(-1)!
    const base = read(site, last)
    // A comment line: the value is unchanged, the file is over 1 MiB.
    const text = `${base}# ${'x'.repeat(1_100_000)}\n`
    // Refused (a load would find the file unreadable: FILE_TOO_LARGE, an error), or written: either way lists as a run with no memo.
    await writeOrRefused(site, last, text, base)
    dropAnswers(site)
    const withMemo = output(site, LIST)
    expect(withMemo).toBe(fresh(site, LIST))
  })

  it('L1b the same write: validate and status, remembered for the state the write left, as a run with none', async () => {
    const site = exampleSite(env, {warm: true})
    const last = referrals(site).at(-1)!
    const base = read(site, last)
    const text = `${base}# ${'x'.repeat(1_100_000)}\n`
    await writeOrRefused(site, last, text, base)
    const v = output(site, ['validate'])
    const s = output(site, ['status', '--as-of', '2026-11-27'])
    expect(v).toBe(fresh(site, ['validate']))
    expect(s).toBe(fresh(site, ['status', '--as-of', '2026-11-27']))
  })

  it('L1c a record committed over its kind\'s size limit, written again still over it (its error not new, so written)', async () => {
    const site = exampleSite(env, {warm: true})
    const last = referrals(site).at(-1)!
    const big = `${read(site, last)}# ${'x'.repeat(1_100_000)}\n`
    fs.writeFileSync(path.join(site, last), big)
    git(site, ['commit', '-qam', 'a referral over the limit'], env)
    const before = output(site, LIST)
    expect(before).toMatch(/1 referrals file could not be read/)
    await writeOrRefused(site, last, big.replace('district: D3', 'district: D2'), big)
    dropAnswers(site)
    expect(output(site, LIST)).toBe(fresh(site, LIST))
  })

  it('L1d a write whose bytes a load would not read (over the size limit, a NUL) is refused with the load\'s finding, nothing written', async () => {
    const site = exampleSite(env, {warm: true})
    const last = referrals(site).at(-1)!
    const base = read(site, last)
    for (const [text, code] of [[`${base}# ${'x'.repeat(1_100_000)}\n`, 'FILE_TOO_LARGE'], [`${base}# a NUL \u0000 here\n`, 'BINARY_FILE']] as const) {
      const error = await writeRecords(readSite(site), [{kind: 'referral', id: idOf(last), file: last, text, base}], {message: 'referral: comment'}).then(() => undefined, (e: unknown) => e as {code?: string; hint?: string})
      expect(error?.code, code).toBe('INVALID_CHANGE')
      expect(error?.hint, code).toContain(code)
      expect(read(site, last)).toBe(base)
    }
  })

  it('L2 a git hook that rewrites the written record\'s id field in the commit and the working tree', () => {
    const site = exampleSite(env, {warm: true})
    output(site, LIST)
    const last = referrals(site).at(-1)!
    const hook = path.join(site, '.git', 'hooks', 'pre-commit')
    fs.writeFileSync(hook, `#!/bin/sh\nsed -i 's/^id: ${idOf(last)}$/id: r-2000-01-01-aaaaaa/' ${last}\ngit add ${last}\n`, {mode: 0o755})
    const r = lead(site, ['set', idOf(last), 'district=D2'])
    expect(r.code, r.stderr).toBe(0)
    expect(read(site, last)).toContain('id: r-2000-01-01-aaaaaa')
    dropAnswers(site)
    const withMemo = output(site, LIST)
    expect(withMemo).toBe(fresh(site, LIST))
  })

  it('L3 a write beside an uncommitted edit that breaks another referral\'s id field (sorts first)', () => {
    const site = exampleSite(env, {warm: true})
    output(site, LIST)
    const [first, , , , last] = [referrals(site)[0]!, 0, 0, 0, referrals(site).at(-1)!]
    // An edit left uncommitted: the last referral claims the first ID by its field.
    fs.writeFileSync(path.join(site, last), read(site, last).replace(/^id: .*$/m, 'id: r-2000-01-01-aaaaaa'))
    output(site, LIST)
    const r = lead(site, ['set', idOf(first), 'district=D2'])
    dropAnswers(site)
    expect(output(site, LIST)).toBe(fresh(site, LIST))
    expect(r.code === 0 || r.code !== 0).toBe(true)
  })

  it('L4 a site in a subfolder beside another site in the same repository: a set in one, list in both', () => {
    const from = exampleSite(env, {warm: true})
    const {top, site} = siteInSubfolder(from, 'sites/north', env)
    const other = path.join(top, 'sites', 'north-2')
    fs.cpSync(site, other, {recursive: true})
    git(top, ['add', '.'], env)
    git(top, ['commit', '-qm', 'second site'], env)
    for (const s of [site, other]) output(s, LIST)
    // The other site's copy of a referral broken and committed: its list notes it.
    const f = referrals(other)[0]!
    fs.writeFileSync(path.join(other, f), 'id: [unclosed\n')
    git(top, ['commit', '-qam', 'broken in the other site'], env)
    const before = output(other, LIST)
    const r = lead(site, ['set', idOf(referrals(site)[1]!), 'district=D2'])
    expect(r.code, r.stderr).toBe(0)
    dropAnswers(site)
    dropAnswers(other)
    const a = output(site, LIST)
    const b = output(other, LIST)
    expect(b).toBe(before)
    expect(b).toMatch(/could not be read/)
    expect(a).not.toMatch(/could not be read/)
    expect(a).toBe(fresh(site, LIST))
    expect(b).toBe(fresh(other, LIST))
  })

  it('L5 lead new of a referral (an ID among the first), with four kinds listed before', () => {
    const site = exampleSite(env, {warm: true})
    for (const k of ['referral', 'consent', 'meeting', 'training']) output(site, ['list', k, '--limit', '2'])
    const entered = path.join(tempDir(), 'entered.yaml')
    fs.writeFileSync(entered, read(site, 'referrals/2025/r-2025-06-03-cv4zgx.yaml').replace(/^id: .*\n/m, ''))
    const r = lead(site, ['new', 'referral', '--file', entered])
    expect(r.code, r.stderr).toBe(0)
    for (const k of ['referral', 'consent', 'meeting', 'training']) {
      dropAnswers(site)
      const m = output(site, ['list', k, '--limit', '2'])
      expect(m).toBe(fresh(site, ['list', k, '--limit', '2']))
    }
  })
})

describe('status from the validation\'s basis', () => {
  it('S1 after a set, after a record added by hand (untracked) and one deleted by hand: as a run with no memo', () => {
    const site = exampleSite(env, {warm: true})
    const args = ['status', '--as-of', '2026-11-27']
    output(site, ['validate'])
    const r = lead(site, ['set', idOf(referrals(site)[2]!), 'district=D2'])
    expect(r.code, r.stderr).toBe(0)
    const afterSet = output(site, args)
    expect(afterSet).toBe(fresh(site, args))
    output(site, ['validate'])
    fs.copyFileSync(path.join(site, referrals(site)[3]!), path.join(site, 'referrals', '2026', 'r-2026-11-26-zzzzzz.yaml'))
    const s2 = output(site, args)
    expect(s2).toBe(fresh(site, args))
    output(site, ['validate'])
    fs.rmSync(path.join(site, referrals(site)[4]!))
    const s3 = output(site, args)
    expect(s3).toBe(fresh(site, args))
  })
})

/** Run lead without waiting (several at once). */
function leadAsync(site: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, '--dir', site], {env, stdio: ['ignore', 'pipe', 'pipe']})
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    child.on('close', (code) => resolve(`${out}exit ${code}`))
  })
}

const COMMANDS = [['status', '--as-of', '2026-11-27'], ['validate'], LIST, ['report', 'referrals', '--by', 'officer'], ['list', 'consent', '--limit', '2']]

describe('results in a file each', () => {
  it('R1 a result file replaced by a link, a FIFO, a folder, or cut short: computed again, the link\'s target untouched, nothing world-readable', () => {
    const site = exampleSite(env, {warm: true})
    const want = COMMANDS.map((a) => fresh(site, a))
    const dir = gitStateHome(site)!.dir
    const results = () => fs.readdirSync(dir).filter((f) => /^memo-[a-z-]+-[0-9a-f]{40}-[0-9a-f]{12}\.json$/.test(f))
    const outside = path.join(tempDir(), 'target.json')
    for (const attack of ['link', 'fifo', 'folder', 'cut'] as const) {
      COMMANDS.forEach((a, i) => expect(output(site, a)).toBe(want[i]))
      for (const f of results()) {
        const abs = path.join(dir, f)
        const st = fs.lstatSync(abs)
        if (!st.isFile()) continue
        expect(st.mode & 0o077).toBe(0)
        const bytes = fs.readFileSync(abs)
        fs.rmSync(abs)
        if (attack === 'link') {
          fs.writeFileSync(outside, bytes)
          fs.symlinkSync(outside, abs)
        } else if (attack === 'fifo') spawnSyncOk('mkfifo', [abs])
        else if (attack === 'folder') fs.mkdirSync(abs)
        else fs.writeFileSync(abs, bytes.subarray(0, bytes.length >> 1), {mode: 0o600})
      }
      dropAnswers(site)
      COMMANDS.forEach((a, i) => expect(output(site, a), `${attack}: ${a.join(' ')}`).toBe(want[i]))
      if (attack === 'link') expect(fs.lstatSync(outside).isFile()).toBe(true)
      for (const f of results()) {
        const st = fs.lstatSync(path.join(dir, f))
        if (st.isFile()) expect(st.mode & 0o077).toBe(0)
        if (st.isDirectory()) fs.rmSync(path.join(dir, f), {recursive: true})
      }
    }
  })

  it('R2 five commands run at once, three times over a set: each prints what a run with no memo prints', async () => {
    const site = exampleSite(env, {warm: true})
    for (let round = 0; round < 3; round++) {
      const want = COMMANDS.map((a) => fresh(site, a))
      // Each twice, all at once: writes and prunes of one name's files interleave.
      const got = await Promise.all([...COMMANDS, ...COMMANDS].map((a) => leadAsync(site, a)))
      got.forEach((g, i) => expect(g, COMMANDS[i % COMMANDS.length]!.join(' ')).toBe(want[i % COMMANDS.length]))
      const again = await Promise.all(COMMANDS.map((a) => leadAsync(site, a)))
      again.forEach((g, i) => expect(g).toBe(want[i]))
      const r = lead(site, ['set', idOf(referrals(site)[round]!), `district=D${round + 1}`])
      expect(r.code, r.stderr).toBe(0)
    }
  })

  it('R3 keptResults is read by validation\'s pruning: a foreign file named like a result, with a future time, does not keep or break anything', () => {
    const root = tempDir('lead-results-')
    git(root, ['init', '-q'])
    const home = gitStateHome(root)!
    fs.mkdirSync(home.dir, {recursive: true})
    const foreign = path.join(home.dir, `memo-validate-${'0'.repeat(40)}-${home.key}.json`)
    fs.writeFileSync(foreign, '{"not":"checked"}\n')
    const future = new Date(Date.now() + 86_400_000)
    fs.utimesSync(foreign, future, future)
    for (let i = 0; i < 5; i++) writeResult(root, 'validate', `k${i}`, {n: i}, 3)
    expect(readResult(root, 'validate', 'k4')).toEqual({n: 4})
    expect(keptResults(root, 'validate')).toContainEqual({n: 4})
    const names = fs.readdirSync(home.dir).filter((f) => f.startsWith('memo-validate-'))
    expect(names.length).toBeLessThanOrEqual(3)
    // Names carry the key's SHA-1, never the key or a value.
    expect(names.join(' ')).not.toMatch(/k[0-4]/)
    expect(names).toContain(`memo-validate-${createHash('sha1').update('k4').digest('hex')}-${home.key}.json`)
  })
})

function spawnSyncOk(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args)
  if (r.status !== 0) throw new Error(`${cmd} failed`)
}
