/**
 * The cache fuzzer's site and its two views (cache-differential.mjs): a site made from the example,
 * lead and git run on it under a fixed clock, and each command compared with the same on a copy
 * without .git/lead.
 */
import {spawn, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

export const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
const SITE_ZONE = 'America/Los_Angeles'
export const EXAMPLE_DAY = '2026-11-27'

// mulberry32, as test/support/seeded-random.ts (which plain node, running the fuzzer, cannot import).
export function seeded(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  const int = (n) => Math.floor(next() * n)
  return {next, int, pick: (xs) => xs[int(xs.length)], chance: (p) => next() < p}
}

/** A clock ahead to about noon in the site's zone: `set`, `new` and a date-less command judge one day. */
function noonClock(dir, days = 0) {
  const [h, m] = new Intl.DateTimeFormat('en-US', {timeZone: SITE_ZONE, hour: 'numeric', minute: 'numeric', hourCycle: 'h23'}).format(new Date()).split(':').map(Number)
  const shift = ((12 * 60 - (h * 60 + m) + 1440) % 1440) * 60_000 + days * 86_400_000
  const file = path.join(dir, `clock${days}.mjs`)
  fs.writeFileSync(file, `const shift = ${shift}\nconst Real = Date\nclass Shifted extends Real {\n  constructor(...a) { if (a.length === 0) super(Real.now() + shift); else super(...a) }\n  static now() { return Real.now() + shift }\n}\nglobalThis.Date = Shifted\n`)
  return `--import=${pathToFileURL(file).href}`
}

export function makeEnv(dir, days = 0) {
  const home = path.join(dir, 'home')
  fs.mkdirSync(home, {recursive: true})
  return {
    PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', TZ: 'UTC', CI: 'true', NO_COLOR: '1',
    GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'),
    GIT_AUTHOR_NAME: 'Fuzz', GIT_AUTHOR_EMAIL: 'fuzz@example.org', GIT_COMMITTER_NAME: 'Fuzz', GIT_COMMITTER_EMAIL: 'fuzz@example.org',
    NODE_OPTIONS: noonClock(dir, days),
  }
}

export function lead(site, args, env) {
  const r = spawnSync(process.execPath, [BIN, ...args], {cwd: site, env, input: '', encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20})
  return {code: r.status ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '')}
}

export function leadAsync(site, args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {cwd: site, env})
    let stdout = ''
    child.stdout.on('data', (b) => (stdout += b))
    child.stderr.on('data', () => {})
    child.on('close', (code) => resolve({code: code ?? -1, stdout}))
    child.stdin.end('')
  })
}

export function git(site, args, env) {
  const r = spawnSync('git', args, {cwd: site, env, encoding: 'utf8'})
  return {code: r.status ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '')}
}

/** Record files of the site (relative paths), in a stable order. */
export function recordFiles(site, folder) {
  const out = []
  const walk = (rel) => {
    let entries
    try {
      entries = fs.readdirSync(path.join(site, rel), {withFileTypes: true})
    } catch {
      return
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = path.join(rel, e.name)
      if (e.isDirectory()) walk(r)
      else if (e.name.endsWith('.yaml')) out.push(r)
    }
  }
  walk(folder)
  return out
}

export const idOf = (rel) => path.basename(rel, '.yaml')
export const randomCode = (rng, n) => Array.from({length: n}, () => rng.pick('abcdefghijklmnopqrstuvwxyz0123456789'.split(''))).join('')
export const randomParticipant = (rng) => 'P-' + Array.from({length: 6}, () => rng.pick('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'.split(''))).join('')
export const pad = (n) => String(n).padStart(2, '0')

/** The commands compared, as a step asks them (its --as-of, report's --by, list's kind and flags). */
export const COMMANDS = {
  validate: (step) => ['validate', '--json', ...(step.asOf ? ['--as-of', step.asOf] : [])],
  status: (step) => ['status', '--json', ...(step.asOf ? ['--as-of', step.asOf] : [])],
  report: (step) => ['report', 'referrals', '--json', ...(step.by && step.by !== 'month' ? ['--by', step.by] : [])],
  list: (step) => ['list', ...(step.list ?? ['referral']), '--json'],
  staged: () => ['validate', '--staged', '--json'],
  since: (step) => ['validate', '--since', 'HEAD~1', '--json', ...(step.asOf ? ['--as-of', step.asOf] : [])],
  show: (step) => ['show', 'referral', step.record ?? 'r-2026-11-22-6aa27b', '--json'],
  check: (step) => ['referral', 'check', step.record ?? 'r-2026-11-22-6aa27b', '--json', ...(step.asOf ? ['--as-of', step.asOf] : [])],
  trainingStatus: (step) => ['training', 'due', '--json', ...(step.asOf ? ['--as-of', step.asOf] : [])],
}

/** What must differ between the two copies: the cold copy's path. Nothing else. */
export const normalise = (text, from, to) => text.split(from).join(to)

/** A copy of the site with no .git/lead: lead as on a fresh clone of this state (links copied as they are: a relative one made absolute would differ to git). */
export function coldCopy(site, work) {
  const cold = path.join(work, 'cold')
  fs.rmSync(cold, {recursive: true, force: true})
  fs.cpSync(site, cold, {recursive: true, verbatimSymlinks: true, filter: (src) => src !== path.join(site, '.git', 'lead')})
  return cold
}

/** What a write left: its exit status and output, the committed tree, what git lists as changed. */
export function writeResult(site, r, env, from = site) {
  const out = normalise(r.stdout, from, site).replace(/\b[0-9a-f]{7,40}\b/g, 'COMMIT')
  const tree = git(site, ['rev-parse', 'HEAD^{tree}'], env).stdout.trim()
  const changed = git(site, ['status', '--porcelain', '-uall'], env).stdout
  return {code: r.code, stdout: `${out}\ntree ${tree}\n${changed}`}
}

/**
 * A `lead set` run on the site and on a cold copy of it: the same answer, the same commit (its
 * tree) and the same files left changed, or the write's caches decided something the state does not say.
 */
export function writeBothWays(step, site, env, work) {
  const cold = step.compareWrite ? coldCopy(site, work) : undefined
  const args = [...step.args, '--json']
  const warm = writeResult(site, lead(site, args, env), env)
  if (!cold) return []
  const c = writeResult(cold, lead(cold, args, env), env)
  const coldSeen = {code: c.code, stdout: normalise(c.stdout, cold, site)}
  return coldSeen.code === warm.code && coldSeen.stdout === warm.stdout ? [] : [{command: `lead ${args.join(' ')}`, warm, cold: coldSeen}]
}

/** Every command of the step on the warm site, then on a fresh copy with no .git/lead (removed before each command). */
export function compare(step, site, env, work, doCold = true) {
  const warm = {}
  for (const name of step.order) warm[name] = lead(site, COMMANDS[name](step), env)
  if (!doCold) return []
  const cold = coldCopy(site, work)
  const diffs = []
  for (const name of step.order) {
    fs.rmSync(path.join(cold, '.git', 'lead'), {recursive: true, force: true})
    const c = lead(cold, COMMANDS[name](step), env)
    const w = warm[name]
    const cOut = normalise(c.stdout, cold, site)
    if (c.code !== w.code || cOut !== w.stdout) diffs.push({command: COMMANDS[name](step).join(' '), warm: {code: w.code, stdout: w.stdout}, cold: {code: c.code, stdout: cOut}})
  }
  return diffs
}

/**
 * The example site, with `extra` more referrals (copies of its own with new IDs, committed) so that
 * the paths of a bigger site are taken: a cold run past 600 files reads on worker threads.
 */
export function newSite(work, env, extra = 0) {
  fs.rmSync(work, {recursive: true, force: true})
  fs.mkdirSync(work, {recursive: true})
  const site = path.join(work, 'site')
  const r = lead(work, ['init', site, '--example', '--as-of', EXAMPLE_DAY], env)
  if (r.code !== 0) throw new Error(`lead init failed: ${r.stderr}`)
  if (extra > 0) {
    const rng = seeded(extra)
    const refs = recordFiles(site, 'referrals')
    for (let i = 0; i < extra; i++) {
      const from = refs[i % refs.length]
      const id = `${idOf(from).slice(0, -6)}${randomCode(rng, 6)}`
      const text = fs.readFileSync(path.join(site, from), 'utf8').replace(/^id: .*$/m, `id: ${id}`).replace(/^previous: .*\n/m, '')
      fs.writeFileSync(path.join(site, path.dirname(from), `${id}.yaml`), text)
    }
    git(site, ['add', '-A'], env)
    git(site, ['commit', '-qm', `${extra} more referrals`], env)
  }
  lead(site, ['validate'], env) // warm, as a site in use is
  return site
}
