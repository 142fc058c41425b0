#!/usr/bin/env node
// Trainers' imports at big-city scale, as whole `lead` processes with their peak memory:
// re-importing a 12,000- and a 40,000-officer HR export into a roster of the same size (2% moved,
// badges reissued and changed, every rank losing its job code), one platform export of 2,500
// attendances across 120 sessions, and a sign-in sheet of 8,600 officers.
// Targets (2 cores): 12,000 ≤ 3 s and ≤ 300 MB; 40,000 ≤ 8 s; attendance ≤ 5 s; sign-in ≤ 3 s and ≤ 300 MB.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'
import {nodeArgs} from '../lib/node-args.mjs'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const bin = path.join(repo, 'bin', 'run.js')
const preload = path.join(repo, 'test', 'bench', 'lib', 'report-rss.mjs')
const {renderRosterYaml} = await import(path.join(repo, 'dist', 'core/training/roster-yaml.js'))

let seed = 7
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
const pick = (list) => list[Math.floor(rand() * list.length)]
const FAMILY = ['Garcia', 'Smith', 'Nguyen', 'Johnson', "O'Brien", 'Kowalski', 'Okafor', 'Rivera', 'Chen', 'Murphy', 'Patel', 'de la Cruz']
const GIVEN = ['Ann', 'Bo', 'Carlos', 'Dana', 'Ed', 'Fatima', 'Gus', 'Hana', 'Ivan', 'Jo', 'Kim', 'Luis']
const RANKS = [['9161', 'POLICE OFFICER'], ['9171', 'SERGEANT'], ['9173', 'LIEUTENANT']]
const git = (cwd, ...args) => spawnSync('git', args, {cwd, env: {...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@x'}})

function lead(cwd, args) {
  const tag = `${process.pid}-${Math.random().toString(36).slice(2)}`
  const rssFile = path.join(os.tmpdir(), `lead-bench-rss-${tag}`)
  const cpuFile = path.join(os.tmpdir(), `lead-bench-cpu-${tag}`)
  const start = performance.now()
  const r = spawnSync(process.execPath, [...nodeArgs, '--import', preload, bin, ...args], {cwd, encoding: 'utf8', env: {...process.env, BENCH_RSS_FILE: rssFile, BENCH_CPU_FILE: cpuFile, NO_COLOR: '1', CI: '1'}, maxBuffer: 256 * 1024 * 1024})
  const seconds = (performance.now() - start) / 1000
  const last = (file) => Number(fs.readFileSync(file, 'utf8').trim().split('\n').at(-1))
  const rss = last(rssFile) / 1024 / 1024
  const cpu = last(cpuFile) / 1000
  fs.rmSync(rssFile, {force: true})
  fs.rmSync(cpuFile, {force: true})
  if (r.status !== 0) throw new Error(`lead ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 2000)}`)
  return {seconds, cpu, rss, stdout: r.stdout}
}

/** A site whose metro-pd roster has `n` officers (HR ids), committed. */
function site(n) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-bench-imports-'))
  fs.writeFileSync(path.join(root, 'lead.yaml'), 'site: {name: Bench County LEAD, timezone: America/Chicago}\ncourses:\n  - {id: cit, name: Crisis intervention, valid_months: never}\nschema_version: 1\n')
  fs.mkdirSync(path.join(root, 'partners'))
  fs.writeFileSync(path.join(root, 'partners/metro-pd.yaml'), 'id: metro-pd\nname: Metro Police Department\ntype: law_enforcement\n')
  const officers = []
  for (let i = 0; i < n; i++) {
    const [code, title] = pick(RANKS)
    const family = pick(FAMILY)
    const given = pick(GIVEN)
    officers.push({id: String(100000 + i), badge: String(1000 + i), name: `${given} ${family}`, family_name: family, given_name: given, rank: `${code} - ${title}`, unit: `Unit ${i % 25}`, district: `D${(i % 25) + 1}`, status: 'active', since: `${2000 + (i % 25)}-0${1 + (i % 9)}-1${i % 10}`})
  }
  fs.mkdirSync(path.join(root, 'rosters'))
  fs.writeFileSync(path.join(root, 'rosters/metro-pd.yaml'), renderRosterYaml({id: 'metro-pd', agency: 'metro-pd', as_of: '2026-07-01', tracked_since: '2025-01-01', officers}))
  git(root, 'init', '-q')
  git(root, 'add', '-A')
  git(root, 'commit', '-qm', 'bench site')
  return {root, officers}
}

/** The next export: ranks without job codes, 2% moved, 4 badges reissued to new hires, 10 badge changes. */
function nextExport(officers) {
  const lines = ['Employee ID,Star,Last Name,First Name,Title,Unit,District,Active,Hire Date']
  officers.forEach((o, i) => {
    const reissued = i < 4
    const changed = i >= 4 && i < 14
    const id = reissued ? String(900000 + i) : o.id
    const badge = changed ? String(90000 + i) : o.badge
    const moved = i % 50 === 0
    const [m, d, y] = reissued ? ['09', '10', '2018'] : [o.since.slice(5, 7), o.since.slice(8, 10), o.since.slice(0, 4)]
    lines.push([id, `${badge}.0`, reissued ? 'Newhire' : o.family_name, reissued ? 'Ed' : o.given_name, o.rank.split(' - ')[1], moved ? 'Unit 99' : o.unit, o.district, 'Y', `${m}/${d}/${y}`].map((c) => (/[,"']/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
  })
  return `${lines.join('\r\n')}\r\n`
}

// `node test/bench/cases/training-imports.mjs sign-in` runs only the parts whose name holds a word given.
const only = process.argv.slice(2)
const want = (name) => only.length === 0 || only.some((o) => name.includes(o))
const results = []
const row = (name, r, target) => results.push({name, seconds: r.seconds.toFixed(2), cpu: r.cpu.toFixed(2), rss: Math.round(r.rss), target})
try {
  for (const [n, target] of [[12_000, '≤ 3 s, ≤ 300 MB'], [40_000, '≤ 8 s']]) {
    if (!want('re-import') && !(n === 12_000 && want('attendance'))) continue
    const {root, officers} = site(n)
    const csv = path.join(root, '..', `export-${n}.csv`)
    fs.writeFileSync(csv, nextExport(officers))
    const r = lead(root, ['training', 'import-roster', csv, '--agency', 'metro-pd', '--date', '2026-11-01', '--value', 'status:Y=active,N=separated', '--json'])
    const j = JSON.parse(r.stdout)
    if (j.counts.added !== 4 || j.reissued.length !== 4 || j.reformatted[0]?.count < n * 0.5) throw new Error(`unexpected result: ${JSON.stringify(j.counts)}`)
    row(`re-import ${n.toLocaleString('en')} officers (${j.counts.changed} changed, ${j.counts.added} reissued)`, r, target)
    if (n === 12_000 && want('attendance')) {
      // 2,500 attendances over 120 sessions of one platform export.
      const lines = ['Course,Session Date,Star,Officer Name']
      for (let s = 0; s < 120; s++) {
        const date = new Date(Date.UTC(2025, 2, 1 + s * 3)).toISOString().slice(0, 10)
        for (let k = 0; k < (s < 100 ? 21 : 20); k++) {
          const o = officers[20 + ((s * 97 + k * 13) % (n - 20))]
          lines.push(`CIT,${date},${o.badge},${o.given_name} ${o.family_name}`)
        }
      }
      const att = path.join(root, '..', 'platform.csv')
      fs.writeFileSync(att, `${lines.slice(0, 2501).join('\n')}\n`)
      git(root, 'add', '-A')
      const a = lead(root, ['training', 'import-attendance', att, '--agency', 'metro-pd', '--value', 'course:CIT=cit', '--json'])
      const aj = JSON.parse(a.stdout)
      row(`attendance: ${aj.counts.added + aj.counts.already} rows in ${aj.sessions.length} sessions, one commit`, a, '≤ 5 s')
      fs.rmSync(root, {recursive: true, force: true})
    }
  }
  // A sign-in sheet listing 8,600 officers.
  if (want('sign-in')) {
    const {root} = site(8_600)
    fs.mkdirSync(path.join(root, 'trainings'))
    fs.writeFileSync(path.join(root, 'trainings/2026-12-01-metro-cit.yaml'), 'id: "2026-12-01-metro-cit"\ncourse: cit\ndate: "2026-12-01"\nagency: metro-pd\n')
    git(root, 'add', '-A')
    git(root, 'commit', '-qm', 'session')
    const out = path.join(root, '..', 'sign-in.pdf')
    row('sign-in sheet of 8,600 officers (PDF)', lead(root, ['form', 'sign-in', '2026-12-01-metro-cit', '--out', out]), '≤ 3 s, ≤ 300 MB')
    fs.rmSync(out, {force: true})
    fs.rmSync(root, {recursive: true, force: true})
  }
} finally {
  // seconds: wall time, inflated when other work shares the cores; CPU s: this process's own CPU time.
  console.log('case'.padEnd(72), 'seconds'.padStart(8), 'CPU s'.padStart(8), 'peak MB'.padStart(8), '  target')
  for (const r of results) console.log(r.name.padEnd(72), String(r.seconds).padStart(8), String(r.cpu).padStart(8), String(r.rss).padStart(8), ` ${r.target}`)
}
