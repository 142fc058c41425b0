// `lead validate` on generated sites of 1,000 and 10,000 records: cold (no cache), warm (cache,
// nothing changed) and one record changed; next to ajv-cli on JSON copies of the same records.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {jsonCopies, makeSite} from '../lib/make-site.mjs'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const bin = path.join(repo, 'bin', 'run.js')
const preload = path.join(repo, 'test', 'bench', 'lib', 'report-rss.mjs')
const ajvCli = path.join(repo, 'node_modules', 'ajv-cli', 'dist', 'index.js')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-bench-'))
const RUNS = Number(process.env.BENCH_RUNS ?? 3)

function timed(args, cwd) {
  const rssFile = path.join(tmp, 'rss.txt')
  fs.rmSync(rssFile, {force: true})
  const started = process.hrtime.bigint()
  const r = spawnSync(process.execPath, ['--import', preload, ...args], {cwd, encoding: 'utf8', env: {...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1'}, maxBuffer: 256 * 1024 * 1024})
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  const rss = fs.existsSync(rssFile) ? Math.max(...fs.readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) : NaN
  return {ms, rss, status: r.status, stdout: r.stdout, stderr: r.stderr}
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)

const rows = []
for (const n of [1000, 10000]) {
  const site = path.join(tmp, `site-${n}`)
  const {invalid} = makeSite(site, n)
  // The parse cache lives in the git directory: a bench site is a repository, as real sites are.
  spawnSync('git', ['init', '-q'], {cwd: site})
  const json = path.join(tmp, `json-${n}`)
  const kinds = jsonCopies(site, json)

  const cold = []
  const warm = []
  const changed = []
  let lastCold
  for (let i = 0; i < RUNS; i++) {
    fs.rmSync(path.join(site, '.git', 'lead'), {recursive: true, force: true})
    lastCold = timed([bin, 'validate', '--json', '-C', site], repo)
    cold.push(lastCold)
    warm.push(timed([bin, 'validate', '--json', '-C', site], repo))
    // Touch one referral: a changed record must be parsed again, the rest come from the cache.
    const dir = path.join(site, 'referrals', '2026')
    const file = path.join(dir, fs.readdirSync(dir)[i])
    fs.appendFileSync(file, `notes: "bench edit ${i}"\n`.replace('notes', `# edit ${i}\n#`))
    changed.push(timed([bin, 'validate', '--json', '-C', site], repo))
  }
  const result = JSON.parse(lastCold.stdout)
  const found = result.diagnostics.filter((d) => d.code === 'NOT_ALLOWED').length
  if (found !== invalid) console.error(`warning: expected ${invalid} invalid referrals, lead found ${found}`)

  // ajv-cli, schema checks only, one process per kind as a user would script it.
  const ajvTimes = []
  for (let i = 0; i < RUNS; i++) {
    let total = 0
    for (const kind of Object.keys(kinds)) {
      const schema = path.join(repo, 'schemas', `${kind}.schema.json`)
      const r = timed([ajvCli, 'validate', '--spec=draft2020', '-c', 'ajv-formats', '--all-errors', '--errors=no', '-s', schema, '-d', `${path.join(json, kind)}/*.json`], repo)
      total += r.ms
    }
    ajvTimes.push(total)
  }
  const c = median(cold.map((r) => r.ms))
  rows.push({
    records: n,
    cold: fmt(c),
    'records/s (cold)': Math.round(n / (c / 1000)),
    warm: fmt(median(warm.map((r) => r.ms))),
    'one changed': fmt(median(changed.map((r) => r.ms))),
    'peak RSS': `${(Math.max(...cold.map((r) => r.rss)) / 1024 / 1024).toFixed(0)} MiB`,
    'ajv-cli (JSON)': fmt(median(ajvTimes)),
    'lead cold / ajv-cli': (c / median(ajvTimes)).toFixed(2),
    errors: `${result.errors} (expected ${invalid})`,
  })
}

// Startup: help and version against bare node.
const startup = (args) => median(Array.from({length: 7}, () => timed(args, repo).ms))
const nodeMs = startup(['-e', '0'])
const helpMs = startup([bin, '--help'])
const versionMs = startup([bin, '--version'])

console.log(`machine: ${os.cpus().length} cores, node ${process.version}; medians of ${RUNS} runs`)
console.table(rows)
console.log(`startup: node -e 0 ${fmt(nodeMs)}, lead --help ${fmt(helpMs)} (${(helpMs / nodeMs).toFixed(1)}×), lead --version ${fmt(versionMs)} (${(versionMs / nodeMs).toFixed(1)}×)`)
fs.rmSync(tmp, {recursive: true, force: true})
