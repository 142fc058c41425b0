// The identifier scan on hostile input: one 1 MB word in a referral's notes, through `lead validate`
// as a whole process (wall time and peak RSS), and the scan alone on words that made the old
// e-mail pattern quadratic (160,000 characters: 26 s before).
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const bin = path.join(repo, 'bin', 'run.js')
const preload = path.join(repo, 'test', 'bench', 'lib', 'report-rss.mjs')
const {scanText} = await import(path.join(repo, 'dist', 'core', 'privacy', 'identifiers.js'))
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-bench-privacy-'))
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)

function timed(args) {
  const rssFile = path.join(tmp, 'rss.txt')
  fs.rmSync(rssFile, {force: true})
  const started = performance.now()
  const r = spawnSync(process.execPath, ['--import', preload, bin, ...args], {encoding: 'utf8', env: {...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1', CI: '1'}, maxBuffer: 64 * 1024 * 1024})
  const ms = performance.now() - started
  const rss = Math.max(...fs.readFileSync(rssFile, 'utf8').trim().split('\n').map(Number))
  return {ms, rss, status: r.status, stdout: r.stdout}
}

try {
  const site = path.join(tmp, 'site')
  const init = spawnSync(process.execPath, [bin, 'init', site, '--example', '--as-of', '2026-11-27'], {encoding: 'utf8', env: {...process.env, CI: '1'}})
  if (init.status !== 0) throw new Error(init.stderr)
  const dir = path.join(site, 'referrals', '2026')
  const file = path.join(dir, fs.readdirSync(dir).sort()[0])
  const rows = []
  timed(['validate', '--json', '-C', site, '--as-of', '2026-11-27']) // fill the parse cache
  const base = timed(['validate', '--json', '-C', site, '--as-of', '2026-11-27'])
  rows.push(['lead validate, nothing changed (the baseline)', base, JSON.parse(base.stdout).diagnostics.map((d) => d.code)])
  for (const [label, word] of [
    ['letters', 'x'.repeat(1_000_000)],
    ['e-mail-like (. - _ % + and letters)', 'a.b-c_d%e+f'.repeat(90_909)],
    ['look-alikes for digits (O, 1, l)', 'O1l'.repeat(333_333)],
  ]) {
    const original = fs.readFileSync(file, 'utf8')
    fs.writeFileSync(file, original.replace(/^notes:.*$/m, '').trimEnd() + `\nnotes: ${word}\n`)
    const cold = timed(['validate', '--json', '-C', site, '--as-of', '2026-11-27'])
    const codes = JSON.parse(cold.stdout).diagnostics.map((d) => d.code)
    rows.push([`lead validate, one ${(word.length / 1e6).toFixed(1)} M-character word of ${label} in notes`, cold, codes])
    fs.writeFileSync(file, original)
  }
  console.log('whole process (example site, parse cache warm except for the changed file):')
  const width = Math.max(...rows.map((r) => r[0].length))
  for (const [label, r, codes] of rows) console.log(`  ${label.padEnd(width)}  ${fmt(r.ms).padStart(8)}  peak RSS ${(r.rss / 1024 / 1024).toFixed(0)} MiB  (exit ${r.status}${codes.length ? `: ${[...new Set(codes)].join(', ')}` : ''})`)

  console.log('the scan alone (in process, best of 3):')
  const best = (text) => {
    let min = Infinity
    for (let i = 0; i < 3; i++) {
      const t = performance.now()
      scanText(text)
      min = Math.min(min, performance.now() - t)
    }
    return min
  }
  for (const [label, text] of [
    ['160,000-character e-mail-like word (26 s before)', 'a.b-c_d%e+f'.repeat(14_545)],
    ['1 MB word of letters', 'x'.repeat(1_000_000)],
    ['1 MB e-mail-like word', 'a.b-c_d%e+f'.repeat(90_909)],
    ['1 MB of "John Smith " (90,909 names)', 'John Smith '.repeat(90_909)],
    ['1 MB of ordinary notes', 'Met the client near the transit center; will call back Monday. '.repeat(15_625)],
  ]) console.log(`  ${label.padEnd(52)}  ${fmt(best(text)).padStart(8)}`)
} finally {
  fs.rmSync(tmp, {recursive: true, force: true})
}
