#!/usr/bin/env node
// `lead import referrals`: 5,000 rows of a police-style export (local date and time columns, the
// export's own charge codes mapped with --value, a report number as the source key) into a
// generated site that already holds about 10,000 referrals (issue 12: ≤ 10 s, ≤ 400 MB). Whole
// processes; the site's parse cache is warm (as after any earlier lead command) and, separately,
// cold. Then the same file again: every row recognised as imported, nothing written. Then `lead
// import consents`: 5,000 rows of a provider's ROI log (partner names mapped item by item in
// multi-partner cells, a form number as the source key) for the site's participants. CPU time (of lead,
// and of lead with the git it ran) is shown beside wall time (a shared machine stretches the wall). BENCH_KEEP=1 keeps the site.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {nodeArgs} from '../lib/node-args.mjs'
import {makeSite} from '../lib/make-site.mjs'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const bin = path.join(repo, 'bin', 'run.js')
const preload = path.join(repo, 'test', 'bench', 'lib', 'report-rss.mjs')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-bench-import-'))
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 5000)
const env = {...process.env, NO_COLOR: '1', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.org', GIT_CONFIG_NOSYSTEM: '1'}

/** CPU ms of this process's waited-for children and theirs (lead and the git it ran); Linux only. */
function childrenCpuMs() {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
    return (Number(fields[13]) + Number(fields[14])) * 10 // cutime + cstime, 100 ticks a second
  } catch {
    return NaN
  }
}

function timed(args, cwd) {
  const rssFile = path.join(tmp, 'rss.txt')
  const cpuFile = path.join(tmp, 'cpu.txt')
  fs.rmSync(rssFile, {force: true})
  fs.rmSync(cpuFile, {force: true})
  const started = process.hrtime.bigint()
  const cpuBefore = childrenCpuMs()
  const r = spawnSync(process.execPath, [...nodeArgs, '--import', preload, ...args], {cwd, encoding: 'utf8', env: {...env, BENCH_RSS_FILE: rssFile, BENCH_CPU_FILE: cpuFile}, maxBuffer: 256 * 1024 * 1024})
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  const read = (f) => (fs.existsSync(f) ? Math.max(...fs.readFileSync(f, 'utf8').trim().split('\n').map(Number)) : NaN)
  return {ms, rss: read(rssFile), cpu: read(cpuFile), cpuAll: childrenCpuMs() - cpuBefore, status: r.status, stdout: r.stdout, stderr: r.stderr}
}
const git = (cwd, ...args) => spawnSync('git', args, {cwd, env, encoding: 'utf8'})
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)
const mib = (b) => `${(b / 1024 / 1024).toFixed(0)} MiB`

/** A police export: local date and time (no offset), the department's charge codes, beats, badges, report numbers. */
function exportCsv(rows) {
  let s = 7
  const rand = () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
  const pick = (xs) => xs[Math.floor(rand() * xs.length)]
  const codes = ['THEFT3', 'TRESP2', 'MISCH3', 'DISORD', 'PSP3']
  const badges = ['0412', '0577', '0891', '0356']
  const lines = ['Report Number,Arrest Date,Arrest Time,Offense,Beat,Officer Badge,Outcome,Notes']
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2026, 3, 1) + Math.floor(rand() * 200) * 86_400_000).toISOString().slice(0, 10)
    const time = `${String(8 + Math.floor(rand() * 12)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}`
    lines.push(`RD-${String(2_600_000 + i)},${day},${time},${pick(codes)},${pick(['D1', 'D2', 'D3'])},${pick(badges)},R,${i % 10 === 0 ? 'Prefers afternoon check-ins.' : ''}`)
  }
  return `${lines.join('\r\n')}\r\n`
}

const site = path.join(tmp, 'site')
makeSite(site, 13_400)
const countReferrals = () => fs.readdirSync(path.join(site, 'referrals'), {recursive: true}).filter((f) => String(f).endsWith('.yaml')).length
let referrals = countReferrals()
git(site, 'init', '-q')
git(site, 'add', '-A')
git(site, 'commit', '-qm', 'bench site')
const csv = path.join(tmp, 'arrests.csv')
fs.writeFileSync(csv, exportCsv(ROWS))
const args = ['import', 'referrals', csv, '-C', site, '--json', '--set', 'pathway=arrest_diversion', '--set', 'referrer.agency=harbor-pd', '--map', 'badge=Officer Badge', '--map', 'status=Outcome', '--value', 'status:R=received', '--value', 'charges:THEFT3=RCW 9A.56.050,TRESP2=RCW 9A.52.080,MISCH3=RCW 9A.48.090,DISORD=RCW 9A.84.030,PSP3=RCW 9A.56.170']

/** A provider's ROI log for `codes` (participants the site has): partner names several to a cell, form numbers. */
function roiCsv(rows, codes) {
  let s = 11
  const rand = () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
  const pick = (xs) => xs[Math.floor(rand() * xs.length)]
  const names = ['Evergreen CM', 'Harbor PD', 'County Prosecutor', 'Public Defense']
  const lines = ['ROI Form #,Client Name,LEAD Code,Date Signed,Expiration Date,May Disclose,May Receive']
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2025, 9, 1) + Math.floor(rand() * 360) * 86_400_000)
    const end = new Date(day.getTime() + 365 * 86_400_000)
    lines.push(`ROI-${100_000 + i},"DOE, JANE",${pick(codes)},${day.toISOString().slice(0, 10)},${end.toISOString().slice(0, 10)},"Evergreen CM; ${pick(names.slice(1))}",Evergreen CM | ${pick(names.slice(1))}`)
  }
  return `${lines.join('\r\n')}\r\n`
}
const partnerMap = (field) => `${field}:Evergreen CM=evergreen-case-management,Harbor PD=harbor-pd,County Prosecutor=harbor-county-prosecutor,Public Defense=harbor-public-defense`

const rows = []
const run = (label, extra = [], base = args) => {
  const r = timed([bin, ...base, ...extra], repo)
  if (r.status !== 0) {
    console.error(`${label}: exit ${r.status}\n${r.stderr.slice(0, 2000)}`)
    process.exitCode = 1
  }
  const j = r.status === 0 ? JSON.parse(r.stdout) : undefined
  rows.push({case: label, rows: ROWS, 'site referrals': referrals, wall: fmt(r.ms), 'CPU lead': fmt(r.cpu), 'CPU with git': fmt(r.cpuAll), 'peak RSS': mib(r.rss), created: j?.created.length ?? '—', 'already imported': j?.alreadyImported.length ?? '—'})
  return j
}

// Warm: an earlier lead command filled the parse cache (as a project manager's site has).
git(site, 'status')
timed([bin, 'validate', '--json', '-C', site], repo)
run('dry run (warm cache)', ['--dry-run'])
run('import, one commit (warm cache)')
run('same file again (nothing new)')
// The parse cache (records/parse-cache.ts: index-… and values-… in .git/lead/), not the import key.
for (const f of fs.readdirSync(path.join(site, '.git', 'lead')).filter((f) => /^(index|values)-/.test(f))) fs.rmSync(path.join(site, '.git', 'lead', f), {force: true})
run('same file again, cold cache')

// Into the site as the referral import left it (its 5,000 referrals too).
referrals = countReferrals()
const codes = []
for (const f of fs.readdirSync(path.join(site, 'referrals'), {recursive: true})) {
  if (!String(f).endsWith('.yaml')) continue
  const m = /^participant: (P-[0-9A-Z]{6})$/m.exec(fs.readFileSync(path.join(site, 'referrals', String(f)), 'utf8'))
  if (m) codes.push(m[1])
}
const roi = path.join(tmp, 'roi.csv')
fs.writeFileSync(roi, roiCsv(ROWS, codes))
const consentArgs = ['import', 'consents', roi, '-C', site, '--json', '--value', partnerMap('disclosers'), '--value', partnerMap('recipients'), '--set', 'purpose=Coordinating LEAD case management', '--set', 'information=LEAD enrollment status and attendance']
run('consents: dry run', ['--dry-run'], consentArgs)
run('consents: import, one commit', [], consentArgs)
run('consents: same file again', [], consentArgs)
const log = git(site, 'log', '--oneline').stdout.trim().split('\n')
console.table(rows)
console.log(`commits: ${log.length} (the import is one: "${log[0]}")`)
console.log(`machine: ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
if (process.env.BENCH_KEEP) console.log(`kept: ${tmp}`)
else fs.rmSync(tmp, {recursive: true, force: true, maxRetries: 5}) // git may still be finishing a background gc
