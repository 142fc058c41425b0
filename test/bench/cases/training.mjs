#!/usr/bin/env node
// Training coverage at department scale: a generated 40,000-officer roster with 5,000 sessions.
// Reports the wall time of `lead training coverage` and `lead training due` as whole processes
// (cold: parse cache empty; warm: the cache in .git/lead/ filled by the first run) and of the compute alone.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const dist = (p) => import(path.join(repo, 'dist', p))
const {renderRosterYaml} = await dist('core/training/roster-yaml.js')
const {readSite} = await dist('core/site.js')
const {loadRecords} = await dist('core/records/load.js')
const {trainingData} = await dist('core/training/training-data.js')
const {computeCoverage} = await dist('core/training/coverage.js')
const {computeDue} = await dist('core/training/due.js')
const {computeTrend} = await dist('core/training/trend.js')
const {TrainingIndex} = await dist('core/training/training-validity.js')

// BENCH_OFFICERS / BENCH_SESSIONS: a smaller site (test/core/bench-cases.test.ts runs this case so, to keep it running).
const OFFICERS = Number(process.env.BENCH_OFFICERS ?? 40_000)
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 5_000)
const PER_SESSION = 20
const AS_OF = '2026-11-27'

// Deterministic pseudo-random numbers, so every run measures the same site.
let seed = 42
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
const pick = (list) => list[Math.floor(rand() * list.length)]
const pad = (n, w) => String(n).padStart(w, '0')
const dateBetween = (fromYear, years) => {
  const d = new Date(Date.UTC(fromYear, 0, 1) + Math.floor(rand() * years * 365) * 86_400_000)
  return d.toISOString().slice(0, 10)
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-bench-training-'))
try {
  fs.writeFileSync(path.join(root, 'lead.yaml'), 'site: {name: Bench County LEAD, timezone: America/Los_Angeles}\ncourses:\n  - {id: lead-initial, name: LEAD initial training, valid_months: 24}\n  - {id: roll-call, name: Roll-call refresher, valid_months: 12}\nschema_version: 1\n')
  fs.mkdirSync(path.join(root, 'partners'))
  fs.writeFileSync(path.join(root, 'partners/metro-pd.yaml'), 'id: metro-pd\nname: Metro Police Department\ntype: law_enforcement\n')
  const districts = Array.from({length: 24}, (_, i) => `D${i + 1}`)
  const units = ['Patrol', 'Bike', 'Traffic', 'Narcotics', 'Community Policing', 'K-9', 'Mounted', 'Harbor']
  const shifts = ['day', 'swing', 'night', 'relief', 'admin']
  const officers = []
  for (let i = 0; i < OFFICERS; i++) {
    const district = pick(districts)
    const status = rand() < 0.9 ? 'active' : pick(['leave', 'transferred', 'separated'])
    const o = {badge: pad(i + 1, 6), name: `Officer ${i + 1}`, rank: 'Officer', unit: pick(units), district, shift: pick(shifts), status, catchment: Number(district.slice(1)) <= 6, since: dateBetween(2000, 25)}
    if (rand() < 0.3) o.history = [{date: dateBetween(2025, 1.9), field: 'district', from: pick(districts), to: district}]
    if (status !== 'active') (o.history ??= []).push({date: dateBetween(2025, 1.9), field: 'status', from: 'active', to: status})
    o.history?.sort((a, b) => (a.date < b.date ? -1 : 1))
    officers.push(o)
  }
  fs.mkdirSync(path.join(root, 'rosters'))
  fs.writeFileSync(path.join(root, 'rosters/metro-pd.yaml'), renderRosterYaml({id: 'metro-pd', agency: 'metro-pd', as_of: AS_OF, officers}))
  fs.mkdirSync(path.join(root, 'trainings'))
  for (let s = 0; s < SESSIONS; s++) {
    const date = dateBetween(2023, 3.9)
    const attendees = new Set()
    while (attendees.size < PER_SESSION) attendees.add(pad(1 + Math.floor(rand() * OFFICERS), 6))
    const id = `s${pad(s, 5)}`
    const lines = [`id: ${id}`, `course: ${rand() < 0.5 ? 'lead-initial' : 'roll-call'}`, `date: "${date}"`, 'agency: metro-pd', 'attendees:', ...[...attendees].map((b) => `  - {badge: "${b}"}`)]
    fs.writeFileSync(path.join(root, `trainings/${id}.yaml`), `${lines.join('\n')}\n`)
  }
  const rosterBytes = fs.statSync(path.join(root, 'rosters/metro-pd.yaml')).size
  spawnSync('git', ['init', '-q'], {cwd: root}) // the parse cache lives in the git directory

  const runCli = (args) => {
    const t = performance.now()
    const r = spawnSync(process.execPath, [path.join(repo, 'bin/run.js'), ...args, '-C', root, '--as-of', AS_OF, '--json'], {encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: {...process.env, CI: '1', NO_COLOR: '1'}})
    const ms = performance.now() - t
    if (r.status !== 0) throw new Error(`lead ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
    return {ms, json: JSON.parse(r.stdout)}
  }
  const rows = []
  const coverageCold = runCli(['training', 'coverage', '--by', 'district'])
  rows.push(['lead training coverage --by district (process, cold cache)', coverageCold.ms])
  rows.push(['lead training coverage --by district (process, warm cache)', runCli(['training', 'coverage', '--by', 'district']).ms])
  const dueRun = runCli(['training', 'due', '--within', '90'])
  rows.push(['lead training due --within 90 (process, warm cache)', dueRun.ms])

  // The compute alone, on data already loaded (best of 3, as a report or form would call it).
  const site = readSite(root)
  let t = performance.now()
  const data = trainingData(site, await loadRecords(site))
  rows.push(['  load + schema-check records (in process, warm cache)', performance.now() - t])
  const best = (fn) => {
    let min = Infinity
    for (let i = 0; i < 3; i++) {
      const s = performance.now()
      fn()
      min = Math.min(min, performance.now() - s)
    }
    return min
  }
  rows.push(['  computeCoverage --by district (index + count)', best(() => computeCoverage(data, {asOf: AS_OF, by: 'district'}))])
  rows.push(['  computeDue --within 90 (index + list)', best(() => computeDue(data, {asOf: AS_OF, withinDays: 90}))])
  rows.push(['  computeTrend --months 12', best(() => computeTrend(data, {asOf: AS_OF, months: 12}))])
  rows.push(['  TrainingIndex alone', best(() => new TrainingIndex(data.trainings, data.courses, data.rosters))])

  const cov = coverageCold.json.total
  console.log(`site: ${OFFICERS.toLocaleString('en')} officers (roster ${(rosterBytes / 1024 / 1024).toFixed(1)} MiB), ${SESSIONS.toLocaleString('en')} sessions × ${PER_SESSION} attendees`)
  console.log(`result: ${cov.trained}/${cov.total} active officers trained (${cov.percent}%), ${dueRun.json.counts.total} due within 90 days`)
  const width = Math.max(...rows.map((r) => r[0].length))
  for (const [label, ms] of rows) console.log(`${label.padEnd(width)}  ${ms.toFixed(0).padStart(6)} ms`)
} finally {
  fs.rmSync(root, {recursive: true, force: true})
}
