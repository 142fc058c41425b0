// The CI gate on a committed site of 10,000 records: what judging a change by the base's policy
// costs next to a plain run (validate --policy-from against validate), a one-line policy change
// (validate --since), and a retroactive protocol version, the one review that reads every
// recorded referral at the base (diff --check).
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {makeSite} from '../lib/make-site.mjs'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const bin = path.join(repo, 'bin', 'run.js')
const preload = path.join(repo, 'test', 'bench', 'lib', 'report-rss.mjs')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-bench-gate-'))
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const env = {...process.env, NO_COLOR: '1', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.org'}

function timed(args, cwd) {
  const rssFile = path.join(tmp, 'rss.txt')
  fs.rmSync(rssFile, {force: true})
  const started = process.hrtime.bigint()
  const r = spawnSync(process.execPath, ['--import', preload, bin, ...args], {cwd, encoding: 'utf8', env: {...env, BENCH_RSS_FILE: rssFile}, maxBuffer: 256 * 1024 * 1024})
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  const rss = fs.existsSync(rssFile) ? Math.max(...fs.readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) : NaN
  return {ms, rss, status: r.status, stdout: r.stdout}
}
const git = (cwd, ...args) => spawnSync('git', args, {cwd, env, encoding: 'utf8'})
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)

const site = path.join(tmp, 'site')
makeSite(site, 10000)
git(site, 'init', '-q', '-b', 'main')
git(site, 'add', '-A')
git(site, 'commit', '-q', '-m', 'bench site')

function measure(label, args, expectStatus) {
  timed(args, site) // warm the parse cache, as CI's second step would find it
  const runs = Array.from({length: RUNS}, () => timed(args, site))
  const bad = runs.find((r) => r.status !== expectStatus)
  if (bad) console.error(`warning: ${label} exited ${bad.status}, expected ${expectStatus}`)
  return {case: label, median: fmt(median(runs.map((r) => r.ms))), 'peak RSS': `${(Math.max(...runs.map((r) => r.rss)) / 1024 / 1024).toFixed(0)} MiB`}
}

const rows = []
rows.push(measure('validate (own policy)', ['validate', '--json'], 1))
rows.push(measure('validate --policy-from main (nothing changed)', ['validate', '--json', '--policy-from', 'main'], 1))

// A branch that loosens min_cell: every file is in scope, judged by main's policy.
git(site, 'checkout', '-q', '-b', 'loosen')
fs.writeFileSync(path.join(site, 'lead.yaml'), fs.readFileSync(path.join(site, 'lead.yaml'), 'utf8').replace('min_cell: 11', 'min_cell: 1'))
git(site, 'commit', '-q', '-am', 'loosen')
rows.push(measure('validate --since main (min_cell 11 → 1)', ['validate', '--json', '--since', 'main'], 1))

// A retroactive version: the review counts every recorded referral it re-judges.
git(site, 'checkout', '-q', 'main')
git(site, 'checkout', '-q', '-b', 'retro')
const v2file = path.join(site, 'protocols', '2026-v2.yaml')
const v2 = fs.readFileSync(v2file, 'utf8')
fs.writeFileSync(v2file, v2.replace('status: adopted', 'status: superseded').replace('effective: {from: "2026-03-01"}', 'effective: {from: "2026-03-01", to: "2026-05-31"}'))
fs.writeFileSync(path.join(site, 'protocols', '2026-v3.yaml'), v2.replace('id: "2026-v2"', 'id: "2026-v3"').replace('version: 2', 'version: 3').replace('effective: {from: "2026-03-01"}', 'effective: {from: "2026-06-01"}').replace('supersedes: "2025-v1"', 'supersedes: "2026-v2"'))
git(site, 'add', '-A')
git(site, 'commit', '-q', '-m', 'retro')
rows.push(measure('diff main...retro --check (retroactive version)', ['diff', 'main...retro', '--check', '--json'], 1))
rows.push(measure('validate --since main (retroactive version)', ['validate', '--json', '--since', 'main'], 1))
const doc = JSON.parse(timed(['diff', 'main...retro', '--json'], site).stdout)
const retro = doc.review.diagnostics.find((d) => d.code === 'PROTOCOL_RETROACTIVE')

console.log(`machine: ${os.cpus().length} cores, node ${process.version}; medians of ${RUNS} warm runs, 10,000 records`)
console.table(rows)
console.log(`retroactive finding: ${retro ? retro.message.slice(0, 120) : 'MISSING'}`)
fs.rmSync(tmp, {recursive: true, force: true})
