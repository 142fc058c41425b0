// Mints N referral files in a site with lead's own minting (dist/), as N `lead new referral` runs
// on one clone would, and commits them once. Usage: node mint-referrals.mjs SITE N DATE
import fs from 'node:fs'
import path from 'node:path'
import {spawnSync} from 'node:child_process'
import {mintRecordId} from '../../dist/core/records/id-minting.js'

const [root, count, date] = [process.argv[2], Number(process.argv[3]), process.argv[4]]
const folder = path.join(root, 'referrals', date.slice(0, 4))
fs.mkdirSync(folder, {recursive: true})
const taken = new Set(fs.readdirSync(folder).map((f) => f.replace(/\.yaml$/, '')))
for (let i = 0; i < count; i++) {
  const id = mintRecordId('r', date, (x) => taken.has(x))
  taken.add(id)
  fs.writeFileSync(path.join(folder, `${id}.yaml`), `id: ${id}\n`, {flag: 'wx'})
}
const r = spawnSync('git', ['add', '--', 'referrals'], {cwd: root})
const c = spawnSync('git', ['commit', '-q', '-m', `mint ${count}`], {cwd: root})
process.exit(r.status || c.status)
