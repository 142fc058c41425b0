#!/usr/bin/env node
// `npm run bench`: runs every benchmark case in test/bench/cases/ (each a standalone node script
// that prints its own table) one after another, in separate processes so none warms another's caches.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cases')
const only = process.argv.slice(2)
const cases = fs.readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort().filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
let failed = 0
for (const c of cases) {
  console.log(`\n=== ${c.replace(/\.mjs$/, '')} ===`)
  const r = spawnSync(process.execPath, [path.join(dir, c)], {stdio: 'inherit'})
  if (r.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
