// Everyday commands on a site of 10,000 referrals (issue 15's table), and `lead validate` cold and
// warm on 50,000, each as a whole `lead` process: wall time (median of BENCH_RUNS), CPU time
// (user + system; steadier than wall time on a loaded machine), peak memory, and the machine's
// load average while the row ran. Cold validate is set next to the floor measured in the same
// run, their runs interleaved: one process that reads, parses and schema-checks the same files and does nothing else
// (test/bench/lib/floor.mjs). Each goal row is set beside two more, their runs interleaved with
// its own: the same command on a site of 24 referrals, and the process floor (one Node process
// doing only git's status, one parse and, for a write, git's commit: test/bench/lib/process-floor.mjs),
// each with the row's ratio to it. BENCH_SIZES=10000 skips the 50,000-referral site.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {leadNode, nodeArgs} from '../lib/node-args.mjs'
import {makeSite} from '../lib/make-site.mjs'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const bin = path.join(repo, 'bin', 'run.js')
const preload = path.join(repo, 'test', 'bench', 'lib', 'report-rss.mjs')
const floor = path.join(repo, 'test', 'bench', 'lib', 'floor.mjs')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-bench-everyday-'))
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const SIZES = (process.env.BENCH_SIZES ?? '10000,50000').split(',').map(Number)
const GOALS = {set: 350, 'new referral --file': 350, show: 350, status: 350, 'validate, one record changed': 350, 'report referrals --by hour': 350, 'validate, warm': 300, 'list referral --limit 5': 300}

function run(args, cwd, ok = [0, 1], unset = []) {
  const rssFile = path.join(tmp, 'rss.txt')
  const cpuFile = path.join(tmp, 'cpu.txt')
  fs.rmSync(rssFile, {force: true})
  fs.rmSync(cpuFile, {force: true})
  const started = process.hrtime.bigint()
  const r = spawnSync(leadNode, [...nodeArgs, '--import', preload, ...args], {cwd, encoding: 'utf8', env: {...withoutVars(unset), BENCH_RSS_FILE: rssFile, BENCH_CPU_FILE: cpuFile, NO_COLOR: '1', LEAD_LOCK_WAIT_MS: '60000'}, maxBuffer: 256 * 1024 * 1024})
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (!ok.includes(r.status)) throw new Error(`${args.slice(1).join(' ')} exited ${r.status}: ${r.stderr.slice(-600)}`)
  const last = (file) => (fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').trim().split('\n').pop()) : NaN)
  return {ms, cpu: last(cpuFile), rss: last(rssFile), stdout: r.stdout}
}

const withoutVars = (names) => Object.fromEntries(Object.entries(process.env).filter(([k]) => !names.includes(k)))

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (ms) => (Number.isNaN(ms) ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)
const load = () => os.loadavg()[0].toFixed(1)

// Node 20 parses the certificates NODE_EXTRA_CA_CERTS names (and its own bundled roots) while it
// starts, before any of lead's code runs: ~80 ms of CPU per process on a machine that sets it to
// the system bundle. A machine that sets it has each goal row measured both ways, alternately (so
// load falls on both alike), and the start-up table shows the bare start without it.
const extraCa = process.env.NODE_EXTRA_CA_CERTS
const UNSET_CA = ['NODE_EXTRA_CA_CERTS']

/**
 * Run `prepare` then `args` RUNS times; the row holds medians, the highest RSS and the load seen.
 * A goal row on a machine with NODE_EXTRA_CA_CERTS set is also run without it (runs RUNS..2·RUNS-1
 * of `prepare` and `args`, interleaved), in two more columns. `beside`: other processes run after
 * each run (interleaved, so the machine's load falls on them alike), each a column of its median
 * wall time and the row's ratio to it: {column, args, prepare, ok}.
 */
function row(label, args, cwd, {prepare, ok, unset, beside = []} = {}) {
  const both = extraCa !== undefined && GOALS[label] !== undefined
  const results = []
  const without = []
  const besides = beside.map(() => [])
  const loads = [load()]
  for (let i = 0; i < RUNS; i++) {
    prepare?.(i)
    results.push(run(args(i), cwd, ok, unset))
    beside.forEach((b, k) => {
      b.prepare?.(i)
      besides[k].push(run(b.args(i), cwd, b.ok ?? [0]))
    })
    if (!both) continue
    prepare?.(RUNS + i)
    without.push(run(args(RUNS + i), cwd, ok, UNSET_CA))
  }
  loads.push(load())
  const out = summary(label, results, without, both, loads)
  beside.forEach((b, k) => {
    const wall = median(besides[k].map((r) => r.ms))
    out[b.column] = `${fmt(wall)} (${(out._wall / wall).toFixed(2)}×)`
  })
  return out
}

/**
 * Rows whose runs alternate (a, b, a, b…), so that the load of the machine falls on each alike:
 * cold validation and its floor, whose ratio is the goal. Each spec is {label, args, cwd, prepare, ok}.
 */
function rowsInterleaved(specs) {
  const results = specs.map(() => [])
  const loads = [load()]
  for (let i = 0; i < RUNS; i++) {
    specs.forEach((spec, k) => {
      spec.prepare?.(i)
      results[k].push(run(spec.args(i), spec.cwd, spec.ok))
    })
  }
  loads.push(load())
  return specs.map((spec, k) => summary(spec.label, results[k], [], false, loads))
}

function summary(label, results, without, both, loads) {
  const wall = median(results.map((r) => r.ms))
  return {
    command: label,
    wall: fmt(wall),
    cpu: fmt(median(results.map((r) => r.cpu))),
    ...(both ? {'wall, CA unset': fmt(median(without.map((r) => r.ms))), 'cpu, CA unset': fmt(median(without.map((r) => r.cpu)))} : {}),
    'peak RSS': `${(Math.max(...results.map((r) => r.rss)) / 1024 / 1024).toFixed(0)} MiB`,
    goal: GOALS[label] ? fmt(GOALS[label]) : '',
    load: loads.join('→'),
    _wall: wall,
    _cpu: median(results.map((r) => r.cpu)),
    _walls: results.map((r) => r.ms),
  }
}

function git(cwd, ...args) {
  const r = spawnSync('git', args, {cwd, encoding: 'utf8'})
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`)
}

function makeRepo(n) {
  const site = path.join(tmp, `site-${n}`)
  const made = makeSite(site, {referrals: n})
  git(site, 'init', '-q', '-b', 'main')
  git(site, 'add', '-A')
  git(site, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', 'commit', '-q', '-m', 'generated site')
  git(site, 'config', 'user.name', 'Bench')
  git(site, 'config', 'user.email', 'bench@example.org')
  return {site, ...made}
}

const referralFiles = (site) => fs.readdirSync(path.join(site, 'referrals', '2026')).map((f) => path.join(site, 'referrals', '2026', f))
const dropCache = (site) => fs.rmSync(path.join(site, '.git', 'lead'), {recursive: true, force: true})
const tables = []

// Beside each goal row, two measures of what it would cost anyway, run interleaved with it:
// - the same command on a site of 24 referrals generated alike (what lead costs on a site of
//   two dozen records on this machine: the part of the row a bigger site does not explain);
// - the process floor (test/bench/lib/process-floor.mjs): one Node process that asks git what
//   changed, parses the record and, for a write, writes and commits it with git, on a clone of
//   the same site (its commits leave the measured site's history as lead left it).
const processFloor = path.join(repo, 'test', 'bench', 'lib', 'process-floor.mjs')
const small = makeRepo(24)
const smallFiles = fs.readdirSync(path.join(small.site, 'referrals')).flatMap((year) => fs.readdirSync(path.join(small.site, 'referrals', year)).map((f) => path.join(small.site, 'referrals', year, f)))
const smallIds = smallFiles.map((f) => path.basename(f, '.yaml'))
const smallEntered = path.join(tmp, 'entered-referral-24.yaml')
fs.writeFileSync(smallEntered, fs.readFileSync(smallFiles[0], 'utf8').replace(/^id: .*\n/m, ''))
run([bin, 'validate', '--json', '-C', small.site], repo) // its cache filled, as the big site's
const SMALL = '24 referrals'
const FLOOR = 'node + git floor'
/** The same lead command on the small site: `args(i)` with the site's folder replaced, a referral ID taken from its own. */
const onSmall = (args, prepare) => ({column: SMALL, args, prepare, ok: [0, 1]})
const onFloor = (args, prepare) => ({column: FLOOR, args: (i) => [processFloor, ...args(i)], prepare})

/** A clone of `site` for the process floor (objects shared, its own index and files). */
function floorClone(site) {
  const clone = `${site}-floor`
  const r = spawnSync('git', ['clone', '-q', '--local', site, clone], {encoding: 'utf8'})
  if (r.status !== 0) throw new Error(`git clone: ${r.stderr}`)
  git(clone, 'config', 'user.name', 'Bench')
  git(clone, 'config', 'user.email', 'bench@example.org')
  return clone
}

for (const n of SIZES) {
  const {site, records, referrals} = makeRepo(n)
  const files = referralFiles(site)
  const rows = []
  const floorSite = floorClone(site)
  const inFloor = (file) => path.join(floorSite, path.relative(site, file))
  const rel = (file) => path.relative(site, file)
  const readingFloor = onFloor(() => ['status', floorSite])
  run([bin, 'validate', '--json', '-C', site], repo) // fill the cache once
  const validate = () => [bin, 'validate', '--json', '-C', site]
  // Interleaved run by run: the ratio is of the two under the same load.
  const [cold, floorRow] = rowsInterleaved([
    {label: 'validate, cold', args: validate, cwd: repo, prepare: () => dropCache(site)},
    {label: 'floor: read + parse + ajv, one process', args: () => [floor, site], cwd: repo, ok: [0]},
  ])
  cold.command = 'validate, cold'
  // The floor is one busy process, the cold run two threads: the machine's minute moves them
  // differently (here the floor's own runs spread by a fifth), so each run's ratio to the floor run
  // beside it is shown too, as their range.
  const pairs = cold._walls.map((ms, i) => ms / floorRow._walls[i]).sort((a, b) => a - b)
  cold['vs floor'] = `${(cold._wall / floorRow._wall).toFixed(2)}× wall (pairs ${pairs[0].toFixed(2)}–${pairs.at(-1).toFixed(2)}), ${(cold._cpu / floorRow._cpu).toFixed(2)}× cpu`
  floorRow['vs floor'] = `1.00× (its runs ${fmt(Math.min(...floorRow._walls))}–${fmt(Math.max(...floorRow._walls))})`
  // The cold runs leave the cache full; a changed record is a comment appended to a referral.
  const smallValidate = () => [bin, 'validate', '--json', '-C', small.site]
  const warm = row('validate, warm', validate, repo, {beside: [onSmall(smallValidate), readingFloor]})
  const changed = row('validate, one record changed', validate, repo, {
    prepare: (i) => fs.appendFileSync(files[i * 7], `# bench edit ${i}\n`),
    beside: [
      onSmall(smallValidate, (i) => fs.appendFileSync(smallFiles[i % smallFiles.length], `# bench edit ${i}\n`)),
      onFloor((i) => ['changed', floorSite, rel(files[i * 7 + 1])], (i) => fs.appendFileSync(inFloor(files[i * 7 + 1]), `# bench edit ${i}\n`)),
    ],
  })
  if (n === SIZES[0]) {
    git(site, 'commit', '-q', '-am', 'bench edits')
    git(small.site, 'commit', '-q', '-am', 'bench edits')
    const ids = files.filter((_, i) => i % 100 !== 99).map((f) => path.basename(f, '.yaml'))
    const smallId = (i) => smallIds[i % smallIds.length]
    rows.push(row('set', (i) => [bin, 'set', ids[i * 13], `notes=Bench note ${i}`, '-C', site], repo, {ok: [0], beside: [onSmall((i) => [bin, 'set', smallId(i), `notes=Bench note ${i}`, '-C', small.site]), onFloor((i) => ['set', floorSite, `referrals/2026/${ids[i * 13]}.yaml`, `Floor note ${i}`])]}))
    // A referral entered whole from a paper form (participant code given, ID minted): lead new --file.
    const entered = path.join(tmp, 'entered-referral.yaml')
    fs.writeFileSync(entered, fs.readFileSync(files[0], 'utf8').replace(/^id: .*\n/m, ''))
    rows.push(row('new referral --file', () => [bin, 'new', 'referral', '--file', entered, '-C', site], repo, {ok: [0], beside: [onSmall(() => [bin, 'new', 'referral', '--file', smallEntered, '-C', small.site]), onFloor((i) => ['new', floorSite, `referrals/2026/r-2026-12-31-floor${i}.yaml`, entered])]}))
    // Commands on one record: the record and what it reads, not the site.
    rows.push(row('show', (i) => [bin, 'show', ids[i * 17], '-C', site], repo, {ok: [0], beside: [onSmall((i) => [bin, 'show', smallId(i), '-C', small.site]), onFloor((i) => ['show', floorSite, `referrals/2026/${ids[i * 17]}.yaml`])]}))
    rows.push(row('referral check', (i) => [bin, 'referral', 'check', ids[i * 19], '-C', site], repo, {ok: [0, 1]}))
    // The first history writes git's changed-path index (a commit-graph, ~1–2 s here); then each keeps it current.
    run([bin, 'history', ids[0], '-C', site], repo, [0])
    rows.push(row('history', (i) => [bin, 'history', ids[i * 23], '-C', site], repo, {ok: [0]}))
    rows.push(row('status', () => [bin, 'status', '-C', site], repo, {ok: [0], beside: [onSmall(() => [bin, 'status', '-C', small.site]), readingFloor]}))
    // A date no run asked for before: what the first command of each new day pays.
    rows.push(row('status --as-of a new day', (i) => [bin, 'status', '--as-of', `2026-08-${String(i + 1).padStart(2, '0')}`, '-C', site], repo, {ok: [0]}))
    rows.push(changed)
    rows.push(row('report referrals --by hour', () => [bin, 'report', 'referrals', '--by', 'hour', '-C', site], repo, {ok: [0], beside: [onSmall(() => [bin, 'report', 'referrals', '--by', 'hour', '-C', small.site]), readingFloor]}))
    rows.push(warm)
    rows.push(row('list referral --limit 5', () => [bin, 'list', 'referral', '--limit', '5', '-C', site], repo, {ok: [0], beside: [onSmall(() => [bin, 'list', 'referral', '--limit', '5', '-C', small.site]), readingFloor]}))
    // What a manager runs next after a change: each run after a set of its own (not timed).
    const setFirst = (i) => run([bin, 'set', ids[i * 29 + 1], `notes=Then ${i}`, '-C', site], repo, [0])
    rows.push(row('status after set', () => [bin, 'status', '-C', site], repo, {ok: [0], prepare: setFirst}))
    rows.push(row('validate after set', () => [bin, 'validate', '--json', '-C', site], repo, {prepare: setFirst}))
    // A referral entered whole, then the status: carried from the status before it (referrals/status-carry.ts).
    rows.push(row('status after new', () => [bin, 'status', '-C', site], repo, {ok: [0], prepare: () => run([bin, 'new', 'referral', '--file', entered, '-C', site], repo, [0])}))
    // A write that adds a file (lead new, imports) leaves its state remembered too.
    rows.push(row('validate after new', () => [bin, 'validate', '--json', '-C', site], repo, {prepare: () => run([bin, 'new', 'referral', '--file', entered, '-C', site], repo, [0])}))
    // A form of one referral (its context and that referral; the site's findings from the last validation).
    run([bin, 'validate', '-C', site], repo)
    rows.push(row('form handoff-slip', (i) => [bin, 'form', 'handoff-slip', ids[i * 31], '-C', site, '-o', path.join(tmp, `slip-${i}.pdf`)], repo, {ok: [0]}))
    // With lead's git hooks installed: its own commits of what it judged as the pre-commit hook
    // would start no second lead (write/hook-check.ts); before, each paid a validate --staged.
    run([bin, 'hooks', 'install', '-C', site], repo, [0])
    rows.push(row('set, lead hooks installed', (i) => [bin, 'set', ids[i * 41 + 3], `notes=Hooked ${i}`, '-C', site], repo, {ok: [0]}))
    run([bin, 'hooks', 'uninstall', '-C', site], repo, [0])
    // Three referrals edited in an editor and not committed (files no set above or here names):
    // each write then judges the commit it makes, HEAD with its file, apart from the working tree.
    const spare = files.filter((_, i) => i % 100 === 99).slice(0, 3)
    for (const file of spare) fs.appendFileSync(file, '# edited, not committed\n')
    if (spare.length > 0) rows.push(row('set, other edits uncommitted', (i) => [bin, 'set', ids[i * 37 + 2], `notes=Beside edits ${i}`, '-C', site], repo, {ok: [0]}))
  } else {
    rows.push(warm, changed)
  }
  rows.push(cold, floorRow)
  tables.push({title: `${referrals.toLocaleString('en')} referrals (${records.toLocaleString('en')} records)`, rows})
}

const start = [row('node -e 0', () => ['-e', '0'], repo), row('--version', () => [bin, '--version'], repo, {ok: [0]}), row('--help', () => [bin, '--help'], repo, {ok: [0]})]
if (extraCa) start.push(row('node -e 0, NODE_EXTRA_CA_CERTS unset', () => ['-e', '0'], repo, {unset: UNSET_CA}), row('--version, NODE_EXTRA_CA_CERTS unset', () => [bin, '--version'], repo, {ok: [0], unset: UNSET_CA}))
tables.push({title: 'start-up', rows: start})

const leadNodeVersion = spawnSync(leadNode, ['--version'], {encoding: 'utf8'}).stdout.trim()
console.log(`machine: ${os.cpus().length} cores, lead and its floors on node ${leadNodeVersion}${leadNode === process.execPath ? ' (the machine\'s)' : ` (${leadNode}; the machine's is ${process.version})`}; medians of ${RUNS} runs; load = 1-minute load average before→after the row${extraCa ? `; NODE_EXTRA_CA_CERTS=${extraCa} (every row pays its parse at Node's start; the goal rows are measured without it too, in the \"CA unset\" columns)` : ''}`)
for (const t of tables) {
  console.log(`\n${t.title}`)
  console.table(t.rows.map(({_wall, _cpu, _walls, ...r}) => r))
}
fs.rmSync(tmp, {recursive: true, force: true})
