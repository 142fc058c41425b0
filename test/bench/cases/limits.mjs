#!/usr/bin/env node
// Hostile and very large inputs, as whole `lead validate` processes: wall time and peak memory.
// - a 60 MiB roster (over the 32 MiB cap: refused from its size) and a 30 MiB one of tiny items
//   (under the cap, refused from its value count before parsing);
// - the worst a file may hold under the value budget (2.85 million values in 15 list items);
// - a legitimate roster of 40,000 officers with their histories (14 MiB), read in pieces;
// - 40,000 findings in one file, rendered as text and as JSON, with the file on many lines and on one.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const bin = path.join(repo, 'bin', 'run.js')
const preload = path.join(repo, 'test', 'bench', 'lib', 'report-rss.mjs')
const example = path.join(repo, 'fixtures', 'example-site')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-bench-limits-'))
const MiB = 1024 * 1024

function site(name) {
  const root = path.join(tmp, name)
  fs.cpSync(example, root, {recursive: true})
  spawnSync('git', ['init', '-q'], {cwd: root})
  return root
}

function timed(root, args) {
  const rssFile = path.join(tmp, 'rss.txt')
  fs.rmSync(rssFile, {force: true})
  fs.rmSync(path.join(root, '.git', 'lead'), {recursive: true, force: true}) // cold: no parse cache
  const started = process.hrtime.bigint()
  const r = spawnSync(process.execPath, ['--import', preload, bin, 'validate', '--as-of', '2026-11-27', '-C', root, ...args], {encoding: 'utf8', env: {...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1', CI: '1'}, maxBuffer: 512 * MiB})
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  const rss = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN
  if (r.status !== 0 && r.status !== 1) throw new Error(`lead validate ${args.join(' ')} crashed (${r.status}, ${r.signal}): ${r.stderr.slice(-400)}`)
  return {ms, rss, stdout: r.stdout}
}

/** Write `head` then `item` repeated until the file reaches `bytes`. */
function fill(file, head, item, bytes) {
  const fd = fs.openSync(file, 'w')
  fs.writeSync(fd, head)
  const block = item.repeat(Math.max(1, Math.floor(1024 * 1024 / item.length)))
  while (fs.fstatSync(fd).size < bytes) fs.writeSync(fd, block)
  fs.closeSync(fd)
}

const rows = []
const row = (label, run, what) => rows.push([label, run.ms, run.rss, what])
const rosterHead = 'id: harbor-pd\nagency: harbor-pd\nas_of: "2026-11-27"\nofficers:\n'

try {
  {
    const root = site('roster-60')
    fill(path.join(root, 'rosters/harbor-pd.yaml'), rosterHead, '  - {badge: "1", name: Officer, status: active, catchment: true}\n', 60 * MiB)
    const run = timed(root, ['rosters/harbor-pd.yaml', '--json'])
    row('60 MiB roster (over the cap)', run, JSON.parse(run.stdout).diagnostics.map((d) => d.code).join(', '))
  }
  {
    const root = site('roster-30')
    fill(path.join(root, 'rosters/harbor-pd.yaml'), rosterHead, '  - a\n', 30 * MiB)
    const run = timed(root, ['rosters/harbor-pd.yaml', '--json'])
    row('30 MiB roster of tiny items (under the cap)', run, JSON.parse(run.stdout).diagnostics.map((d) => d.code).join(', '))
  }
  {
    const root = site('roster-worst')
    const item = `  - [${'a,'.repeat(190_000)}a]\n`
    fs.writeFileSync(path.join(root, 'rosters/harbor-pd.yaml'), rosterHead + item.repeat(15))
    const run = timed(root, ['rosters/harbor-pd.yaml', '--json'])
    row('2.85 million values in 15 items (just under the budget)', run, `${JSON.parse(run.stdout).errors} errors`)
  }
  {
    const root = site('roster-40k')
    const lines = [rosterHead.trimEnd()]
    for (let i = 0; i < 40_000; i++) {
      const d = `D${(i % 24) + 1}`
      lines.push(`  - badge: "${String(i + 1).padStart(6, '0')}"`, `    name: Officer Firstname${i} Lastname-Hyphenated`, '    rank: Officer', '    unit: Community Policing', `    district: ${d}`, '    shift: night', '    status: active', `    catchment: ${i % 3 === 0}`, '    since: "2015-03-01"', '    history:', `      - {date: "2025-01-01", field: district, from: D1, to: ${d}}`, '      - {date: "2025-06-01", field: unit, from: Patrol, to: Community Policing}')
    }
    fs.writeFileSync(path.join(root, 'rosters/harbor-pd.yaml'), `${lines.join('\n')}\n`)
    const size = fs.statSync(path.join(root, 'rosters/harbor-pd.yaml')).size
    const run = timed(root, ['--json'])
    row(`40,000-officer roster, ${(size / MiB).toFixed(1)} MiB, whole site`, run, `${JSON.parse(run.stdout).errors} errors (the example's trainings name badges no longer on it)`)
  }
  for (const layout of ['many lines', 'one line']) {
    const root = site(`findings-${layout.replace(' ', '-')}`)
    const badges = Array.from({length: 40_000}, (_, i) => `{badge: "X${String(i).padStart(6, '0')}"}`)
    const attendees = layout === 'one line' ? `attendees: [${badges.join(', ')}]\n` : `attendees:\n${badges.map((b) => `  - ${b}\n`).join('')}`
    fs.writeFileSync(path.join(root, 'trainings/2026-10-08-big.yaml'), `id: 2026-10-08-big\ncourse: lead-initial\ndate: "2026-10-08"\nagency: harbor-pd\nprotocol: 2026-v2\n${attendees}`)
    for (const format of ['text', 'json']) {
      const run = timed(root, ['trainings/2026-10-08-big.yaml', '--format', format])
      const count = format === 'json' ? JSON.parse(run.stdout).errors : Number(/✖ (\d+) errors/.exec(run.stdout)?.[1])
      row(`40,000 findings in one file (${layout}), --format ${format}`, run, `${count} errors`)
    }
  }
} finally {
  fs.rmSync(tmp, {recursive: true, force: true})
}

const width = Math.max(...rows.map((r) => r[0].length))
console.log(`${'case'.padEnd(width)}  ${'time'.padStart(8)}  ${'peak RSS'.padStart(9)}  result`)
for (const [label, ms, rss, what] of rows) {
  console.log(`${label.padEnd(width)}  ${(ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`).padStart(8)}  ${`${(rss / MiB).toFixed(0)} MiB`.padStart(9)}  ${what}`)
}
