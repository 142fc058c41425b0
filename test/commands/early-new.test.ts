/**
 * bin/run.js runs `lead new KIND` without oclif when the line asks no questions (src/cli/early-new.ts).
 * Each line here is run on one of two copies of the same committed site by the early path and, on
 * the other, by oclif (LEAD_EARLY=off); the two must print the same bytes, exit alike and leave the
 * same files and commits (git's dates are fixed, so the same record makes the same commit hash; a
 * minted ID is random, so where lead mints one the ID is written <id> before comparing). An error
 * before the write is oclif's to report; from the write on, the early path reports it, once. The
 * two copies are run at once: they share no file.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readNewLine} from '../../src/cli/early-new.js'
import {BIN, cleanupTemp, exampleSite, git, runLeadAsync, spawnAsync, tempDir, testEnv} from '../support/cli.js'
import {clockAtNoon} from '../support/shifted-clock.js'
import {noting} from '../support/which-path.js'

afterAll(cleanupTemp)

// At noon on the example site's clock: both runs of a line judged on one day, whenever the tests run.
const env = clockAtNoon(testEnv({GIT_AUTHOR_DATE: '2026-12-02T05:00:00Z', GIT_COMMITTER_DATE: '2026-12-02T05:00:00Z'}), 'America/Los_Angeles')
const FIRST = 'referrals/2026/r-2026-01-08-z66mn9.yaml'
const ID = 'r-2026-01-08-aaaaaa'
const MINTED = /r-2026-01-08-[a-z0-9]{6}/g

/** The example's first referral as a file to enter: its id replaced (or left out), and `edit` applied. */
function entered(id: string | undefined, edit: (text: string) => string = (t) => t): string {
  const text = fs.readFileSync(path.join(site, FIRST), 'utf8')
    .replace(/^id: .*\n/m, id ? `id: ${id}\n` : '')
    .replace(/^consent: .*\n/m, '')
  const file = path.join(tempDir('lead-entered-'), 'entered.yaml')
  fs.writeFileSync(file, edit(text))
  return file
}

interface Outcome {
  path: string
  code: number
  stdout: string
  stderr: string
  /** The new referrals' files (name and text), git's status and log. */
  added: string
  status: string
  log: string
}

const site = exampleSite(env, {warm: true})
const before = new Set(fs.readdirSync(path.join(site, 'referrals', '2026')))

async function runIn(args: string[], extra: NodeJS.ProcessEnv = {}, prepare?: (site: string) => void, options: {cwd?: (site: string) => string; input?: string} = {}): Promise<Outcome> {
  const root = exampleSite(env, {warm: true})
  prepare?.(root)
  const log = path.join(tempDir('lead-early-new-'), 'path.txt')
  const cwd = options.cwd?.(root) ?? root
  const r = options.input === undefined ? await runLeadAsync(args, {cwd, env: noting({...env, ...extra}, log)}) : await piped(options.input, args, cwd, noting({...env, ...extra}, log))
  const folder = path.join(root, 'referrals', '2026')
  const added = fs.readdirSync(folder).filter((f) => !before.has(f)).map((f) => `${f}\n${fs.readFileSync(path.join(folder, f), 'utf8')}`).join('\n')
  const plain = (text: string) => text.split(root).join('<site>')
  return {
    path: fs.readFileSync(log, 'utf8').trim(),
    code: r.code,
    stdout: plain(r.stdout),
    stderr: plain(r.stderr),
    added,
    status: git(root, ['status', '--porcelain', '--untracked-files=all'], env),
    log: git(root, ['log', '--format=%H %s'], env),
  }
}

/** lead with `input` on standard input through a pipe, as `cat F | lead …` gives it (Node's own stdin for a child is a socket, which /dev/stdin cannot open). */
function piped(input: string, args: string[], cwd: string, childEnv: NodeJS.ProcessEnv): Promise<{code: number; stdout: string; stderr: string}> {
  const file = path.join(tempDir('lead-piped-'), 'input.txt')
  fs.writeFileSync(file, input)
  return spawnAsync('sh', ['-c', 'f=$1; shift; cat "$f" | "$@"', 'sh', file, process.execPath, BIN, ...args], {cwd, env: childEnv})
}

/** The line both ways, each on its own copy, at once; they must come out alike (minted IDs, and so the commits' hashes, aside). */
async function both(args: string[], options: {prepare?: (site: string) => void; extra?: NodeJS.ProcessEnv; minted?: boolean; cwd?: (site: string) => string; input?: string} = {}): Promise<Outcome> {
  const [early, oclif] = await Promise.all([runIn(args, options.extra, options.prepare, options), runIn(args, {...options.extra, LEAD_EARLY: 'off'}, options.prepare, options)])
  expect(oclif.path, 'LEAD_EARLY=off').toBe('oclif')
  const same = (o: Outcome): Outcome => {
    if (!options.minted) return {...o, path: ''}
    const ids = (text: string) => text.replace(MINTED, '<id>').replace(/\b[0-9a-f]{7,40}\b/g, '<hash>')
    return {...o, path: '', stdout: ids(o.stdout), stderr: ids(o.stderr), added: ids(o.added), status: ids(o.status), log: ids(o.log)}
  }
  expect(same(early), args.join(' ')).toEqual(same(oclif))
  return early
}

describe('lead new without prompts: the early path does what oclif\'s does', () => {
  it('a record entered whole, --json, -m, --no-commit, --set on top, -f/--file=, -C: early, and the same files and commits', async () => {
    const file = entered(ID)
    const lines: Array<[string[], number]> = [
      [['new', 'referral', '--file', file], 1],
      [['new', 'referral', '--file', file, '--json'], 1],
      [['--json', 'new', 'referral', `--file=${file}`], 1],
      [['new', 'referral', '-f', file, '-m', 'referral from the police export'], 1],
      [['new', 'referral', '--file', file, '--no-commit'], 0],
      [['new', 'referral', '--file', file, '--set', 'notes=called back', '-s', 'handoff.method=phone', '--commit'], 1],
      // oclif gives the words after --set to it: the second is one more value.
      [['new', 'referral', '--set', 'notes=called back', 'handoff.method=phone', '--file', file], 1],
      [['new', 'referral', '--file', file, '-C', '.'], 1],
      [['new', 'partner', '--id', 'harbor-fire', '--set', 'name=Harbor Fire Department', '--set', 'type=other'], 1],
    ]
    const start = Number(git(site, ['rev-list', '--count', 'HEAD'], env))
    const outcomes: Outcome[] = []
    for (const [args, made] of lines) {
      const early = await both(args)
      expect(early.path, args.join(' ')).toBe('early')
      expect(early.code, `${args.join(' ')}: ${early.stderr}`).toBe(0)
      expect(early.log.trim().split('\n').length - start, args.join(' ')).toBe(made)
      outcomes.push(early)
    }
    // The first two lines again (the same line on a fresh copy, fixed git dates: the same outcome, compared both ways above).
    const json = outcomes[1]!
    expect(lines[1]![0]).toEqual(['new', 'referral', '--file', file, '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({ok: true, id: ID, file: `referrals/2026/${ID}.yaml`, committed: true})
    const text = outcomes[0]!
    expect(lines[0]![0]).toEqual(['new', 'referral', '--file', file])
    expect(text.stdout).toBe(`${ID}\n`)
    expect(text.stderr).toMatch(new RegExp(`^✔ created referrals/2026/${ID}\\.yaml — committed [0-9a-f]{7} "referral: add ${ID}"\\n`))
  })

  it('an ID lead mints: the same output with the ID it minted', async () => {
    const file = entered(undefined)
    for (const json of [[], ['--json']]) {
      const early = await both(['new', 'referral', '--file', file, ...json], {minted: true})
      expect([early.path, early.code]).toEqual(['early', 0])
      expect(early.added).toMatch(/^r-2026-01-08-[a-z0-9]{6}\.yaml\n/)
    }
  })

  it('a record the site\'s rules refuse (enrolled without a quantity): the same error and exit status, nothing written', async () => {
    const file = entered(ID, (t) => t.replace(/^quantity: .*\n/m, ''))
    for (const json of [[], ['--json']]) {
      const refused = await both(['new', 'referral', '--file', file, ...json])
      expect([refused.path, refused.code]).toEqual(['early', 1])
      expect(refused.stdout + refused.stderr).toContain('INVALID_CHANGE')
      expect(refused.stderr).toContain('QUANTITY_MISSING')
      expect(refused.added).toBe('')
      expect(refused.status).toBe('')
      if (json.length > 0) expect(JSON.parse(refused.stdout).error.code).toBe('INVALID_CHANGE')
    }
  })

  it('a bad file, an unknown kind or field, a missing value (known from the line alone), outside a site: oclif runs the line; an ID taken (found under the write\'s lock): the early path reports it; both say the same', async () => {
    const missing = path.join(tempDir('lead-entered-'), 'nowhere.yaml')
    const lines: Array<[string[], 'early' | 'oclif', number, RegExp]> = [
      [['new', 'referral', '--file', missing], 'oclif', 2, /error IO_ERROR cannot read .*nowhere\.yaml/],
      [['new', 'referral', '--file', entered(ID, () => 'pathway: [unclosed\n')], 'oclif', 2, /entered\.yaml:\d+:\d+: error /],
      [['new', 'referral', '--file', entered(ID, () => '- a list\n')], 'oclif', 2, /error NOT_A_RECORD/],
      [['new', 'referal', '--file', entered(ID)], 'oclif', 2, /error UNKNOWN_KIND unknown kind "referal"/],
      [['new', 'referral', '--file', entered(ID), '--set', 'no_such_field=1'], 'oclif', 2, /error UNKNOWN_FIELD/],
      [['new', 'referral', '--file', entered(undefined, (t) => t.replace(/^received: .*\n/m, ''))], 'oclif', 2, /error MISSING_FIELDS a new referral needs received/],
      [['new', 'referral', '--file', entered(ID, (t) => t.replace(/^pathway: .*\n/m, '')), '--json'], 'oclif', 2, /"code": "MISSING_FIELDS"[^]*error MISSING_FIELDS a new referral needs pathway/],
      // A required field misspelt: said without the name typed (a field name of a referral is not printed).
      [['new', 'referral', '--file', entered(ID, (t) => t.replace(/^status:/m, 'stauts:'))], 'oclif', 2, /error MISSING_FIELDS a new referral needs status \(the record has a field of 6 characters that is not a referral's: "status" misspelt\?\)/],
      [['new', 'referral', '--file', entered('r-2026-01-08-z66mn9')], 'early', 2, /error RECORD_EXISTS referral r-2026-01-08-z66mn9 already exists/],
    ]
    for (const [args, way, code, said] of lines) {
      const early = await both(args)
      expect(early.path, args.join(' ')).toBe(way)
      expect(early.code, `${args.join(' ')}: ${early.stderr}`).toBe(code)
      expect(early.stdout + early.stderr, args.join(' ')).toMatch(said)
      expect(early.added).toBe('')
      expect(early.status).toBe('')
    }
    const nowhere = tempDir('lead-nowhere-')
    for (const json of [[], ['--json']]) {
      const outside = await both(['new', 'referral', '--file', entered(ID), ...json], {cwd: () => nowhere})
      expect([outside.path, outside.code]).toEqual(['oclif', 3])
      expect(outside.stdout + outside.stderr).toContain('NOT_A_SITE')
    }
  })

  it('what the line alone lacks (a value, a date to mint from, an ID) is a usage error at once, even while another writer holds the lock', async () => {
    // A live process's lock: a writer that takes it waits, then says SITE_BUSY (exit 3).
    const hold = (root: string) => {
      fs.mkdirSync(path.join(root, '.lead'), {recursive: true})
      fs.writeFileSync(path.join(root, '.lead', 'lock'), JSON.stringify({pid: process.pid, host: os.hostname(), since: '2026-12-02T05:00:00.000Z', token: 'held'}))
    }
    const lines: Array<[string[], RegExp]> = [
      [['new', 'partner', '--set', 'name=Harbor Fire Department'], /error MISSING_FIELDS a new partner needs id, type/],
      [['new', 'partner', '--id', 'Harbor_Fire', '--set', 'name=Harbor Fire Department', '--set', 'type=other'], /error BAD_ID "Harbor_Fire" is not a partner ID/],
      [['new', 'referral', '--file', entered(undefined, (t) => t.replace(/^pathway: .*\n/m, '')), '--json'], /"code": "MISSING_FIELDS"[^]*error MISSING_FIELDS a new referral needs pathway/],
      [['new', 'referral', '--file', entered(ID.replace('aaaaaa', 'AAAAAA'))], /error BAD_ID ‹text of 19 characters, not shown› is not a referral ID/],
      [['new', 'consent', '--set', 'participant=P-000001', '--set', 'disclosers[]=harbor-pd', '--set', 'recipients[]=harbor-pd', '--set', 'information=x', '--set', 'purpose=x'], /error MISSING_FIELDS a new consent needs signed/],
    ]
    for (const [args, said] of lines) {
      const r = await both(args, {prepare: hold, extra: {LEAD_LOCK_WAIT_MS: '300'}})
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2)
      expect(r.stdout + r.stderr, args.join(' ')).toMatch(said)
      expect(r.stderr).not.toContain('SITE_BUSY')
      expect([r.added, r.status]).toEqual(['', ''])
    }
  })

  it('--file naming standard input or a pipe (/dev/stdin): read once, so oclif\'s to run; its errors are the record\'s, not "holds nothing"', async () => {
    const text = fs.readFileSync(entered(ID), 'utf8')
    const lines: Array<[string[], string, number, RegExp]> = [
      [['new', 'referral', '--file', '/dev/stdin', '--set', 'no_such_field=1'], text, 2, /error UNKNOWN_FIELD/],
      [['new', 'referral', '--file', '/dev/stdin', '--json'], text.replace(/^pathway: .*\n/m, ''), 2, /error MISSING_FIELDS a new referral needs pathway/],
      [['new', 'referral', '--file', '/dev/stdin'], text, 0, new RegExp(`^${ID}\n$`)],
    ]
    for (const [args, input, code, said] of lines) {
      const r = await both(args, {input})
      expect(r.path, args.join(' ')).toBe('oclif')
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code)
      expect(code === 0 ? r.stdout : r.stderr, args.join(' ')).toMatch(said)
      expect(r.stderr).not.toContain('holds nothing')
    }
  })

  it('an ID a record in another year\'s folder already has: RECORD_EXISTS (found by the whole load under the lock), alike, nothing written', async () => {
    const moved = FIRST.replace('/2026/', '/2025/')
    const misplace = (root: string) => {
      fs.mkdirSync(path.join(root, path.dirname(moved)), {recursive: true})
      git(root, ['mv', FIRST, moved], env)
      git(root, ['commit', '-q', '-m', 'misfiled'], env)
    }
    const id = path.basename(FIRST, '.yaml')
    for (const json of [[], ['--json']]) {
      const r = await both(['new', 'referral', '--file', entered(id), ...json], {prepare: misplace})
      expect([r.path, r.code]).toEqual(['early', 2])
      expect(r.stderr).toContain(`error RECORD_EXISTS referral ${id} already exists (${moved})`)
      expect([r.added, r.status]).toEqual(['', ''])
    }
  })

  it('a commit that fails after the file is written (a pre-commit hook refuses): reported once, the write not run again', async () => {
    const file = entered(ID)
    for (const json of [[], ['--json']]) {
      let hookRuns = ''
      const refusingHook = (root: string) => {
        hookRuns = path.join(tempDir('lead-hook-'), 'runs.txt')
        const hook = path.join(root, '.git', 'hooks', 'pre-commit')
        fs.mkdirSync(path.dirname(hook), {recursive: true})
        fs.writeFileSync(hook, `#!/bin/sh\necho ran >> ${JSON.stringify(hookRuns)}\necho "refused by the site's policy" >&2\nexit 1\n`, {mode: 0o755})
      }
      const early = await runIn(['new', 'referral', '--file', file, ...json], {}, refusingHook)
      const runs = fs.readFileSync(hookRuns, 'utf8')
      const oclif = await runIn(['new', 'referral', '--file', file, ...json], {LEAD_EARLY: 'off'}, refusingHook)
      expect({...early, path: ''}).toEqual({...oclif, path: ''})
      expect([early.path, early.code, runs]).toEqual(['early', 4, 'ran\n'])
      expect(early.stderr.match(/error /g)).toHaveLength(1)
      // A hook ran on a referral's commit: its words are withheld, whatever they say (write/git-words.ts).
      expect(early.stderr).toContain("error GIT_FAILED the change is written but not committed: git's words are not shown")
      expect(early.status).toBe(`A  referrals/2026/${ID}.yaml\n`)
    }
  })
})

describe('the early path reads a new line only in the forms oclif reads the same way', () => {
  it('reads KIND, -f/--file, -s/--set (repeatable, and the words after it), --id, -m/--message, --commit/--no-commit, --json, -C/--dir', () => {
    expect(readNewLine(['referral', '-f', 'r.yaml', '-s', 'a=1', '--set=b=2', '--id', 'x', '-m', 'msg', '--no-commit', '--json', '-C', 'site'])).toEqual({kind: 'referral', file: 'r.yaml', set: ['a=1', 'b=2'], id: 'x', message: 'msg', commit: false, dir: 'site', json: true})
    expect(readNewLine(['--set', 'a=1', 'b=2', '--json', 'c=3', '--file=f', 'partner', '--dir=s'])).toEqual({kind: 'partner', file: 'f', set: ['a=1', 'b=2', 'c=3'], dir: 's', json: true})
    expect(readNewLine(['partner', '--message=a=b', '--commit'])).toEqual({kind: 'partner', set: [], message: 'a=b', commit: true, json: false})
  })

  it('leaves anything else to oclif', () => {
    for (const tokens of [[], ['referral', 'partner'], ['--set', 'a=1', 'referral'], ['referral', '--file', '-'], ['referral', '-f', '-'], ['referral', '--file=-'], ['referral', '-fx.yaml'], ['referral', '-f=x.yaml'], ['referral', '-sa=1'], ['referral', '--file'], ['referral', '--file='], ['referral', '--file', 'a', '--file', 'b'], ['referral', '--id', 'a', '--id=b'], ['referral', '-m', 'a', '--message', 'b'], ['referral', '--dir', 'a', '-C', 'b'], ['referral', '--json', '--json'], ['referral', '--commit', '--no-commit'], ['referral', '--commit=true'], ['referral', '--json=true'], ['referral', '--'], ['referral', '-'], ['referral', '--help'], ['referral', '-h'], ['referral', '--nope'], ['referral', '--set', '-1'], ['referral', '--interactive']]) {
      expect(readNewLine(tokens), tokens.join(' ')).toBeUndefined()
    }
  })

  it('a line at a terminal without --json may ask questions: oclif\'s (CI or --json: early)', async () => {
    const {runEarlyNew} = await import('../../src/cli/early-new.js')
    const tty = {stdin: process.stdin.isTTY, stdout: process.stdout.isTTY}
    const root = exampleSite(env, {warm: true})
    const written = () => fs.existsSync(path.join(root, 'referrals', '2026', `${ID}.yaml`))
    try {
      Object.assign(process.stdin, {isTTY: true})
      Object.assign(process.stdout, {isTTY: true})
      expect(await runEarlyNew(['referral', '--file', entered(ID), '-C', root, '--no-commit'], {})).toBe(false)
      expect(written()).toBe(false)
      expect(await runEarlyNew(['referral', '--file', entered(ID), '-C', root, '--no-commit'], {CI: 'true'})).toBe(true)
      expect(written()).toBe(true)
    } finally {
      Object.assign(process.stdin, {isTTY: tty.stdin})
      Object.assign(process.stdout, {isTTY: tty.stdout})
    }
  })
})
