// Generates a realistic site of N records for benchmarks: the example site's partners, protocols,
// MOU and rosters, plus trainings, consents and referrals cloned from the example's own records
// with fresh IDs and participant codes. About 1% of referrals carry one schema error.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {parse, stringify} from 'yaml'

const EXAMPLE = fileURLToPath(new URL('../../../fixtures/example-site/', import.meta.url))

function readAll(folder) {
  const dir = path.join(EXAMPLE, folder)
  const out = []
  for (const entry of fs.readdirSync(dir, {withFileTypes: true})) {
    if (entry.isDirectory()) out.push(...readAll(path.join(folder, entry.name)))
    else if (entry.name.endsWith('.yaml')) out.push({rel: path.join(folder, entry.name), data: parse(fs.readFileSync(path.join(dir, entry.name), 'utf8'))})
  }
  return out
}

/** Deterministic PRNG so every run benchmarks the same site. */
function prng(seed) {
  let s = seed >>> 0
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'
const CODE = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'
const pick = (rand, s, n) => Array.from({length: n}, () => s[Math.floor(rand() * s.length)]).join('')

/**
 * `records`: how many records in all (5% trainings, 20% consents, the rest referrals), or
 * `{referrals: N}`: exactly N referrals, with trainings and consents in the same proportions.
 */
export function makeSite(root, records, seed = 42) {
  const rand = prng(seed)
  fs.rmSync(root, {recursive: true, force: true})
  fs.mkdirSync(root, {recursive: true})
  const write = (rel, text) => {
    const abs = path.join(root, rel)
    fs.mkdirSync(path.dirname(abs), {recursive: true})
    fs.writeFileSync(abs, text)
  }
  write('lead.yaml', fs.readFileSync(path.join(EXAMPLE, 'lead.yaml'), 'utf8'))
  let count = 0
  for (const folder of ['partners', 'protocols', 'mous', 'rosters']) {
    for (const r of readAll(folder)) {
      write(r.rel, fs.readFileSync(path.join(EXAMPLE, r.rel), 'utf8'))
      count++
    }
  }
  // The PCG meetings (protocols name the decisions that adopted them); OWG meetings discuss the
  // example's own participants, whom this site does not have.
  for (const r of readAll('meetings').filter((m) => m.data.body === 'pcg')) {
    write(r.rel, fs.readFileSync(path.join(EXAMPLE, r.rel), 'utf8'))
    count++
  }
  const trainings = readAll('trainings').map((r) => r.data)
  const consents = readAll('consents').map((r) => r.data)
  const referrals = readAll('referrals').map((r) => r.data)
  const header = (kind) => `# ${kind} generated for benchmarks\n`
  const byReferrals = typeof records === 'object'
  const remaining = byReferrals ? Math.round(records.referrals / 0.75) : records - count
  const nTrainings = Math.round(remaining * 0.05)
  const nConsents = Math.round(remaining * 0.2)
  const nReferrals = byReferrals ? records.referrals : remaining - nTrainings - nConsents
  for (let i = 0; i < nTrainings; i++) {
    const t = structuredClone(trainings[i % trainings.length])
    t.id = `${t.date}-bench-${i}`
    write(`trainings/${t.id}.yaml`, header('training') + stringify(t, {compat: 'yaml-1.1'}))
  }
  for (let i = 0; i < nConsents; i++) {
    const c = structuredClone(consents[i % consents.length])
    c.id = `c-${c.signed}-${pick(rand, ALNUM, 6)}`
    c.participant = `P-${pick(rand, CODE, 6)}`
    write(`consents/${c.id}.yaml`, header('consent') + stringify(c, {compat: 'yaml-1.1'}))
  }
  for (let i = 0; i < nReferrals; i++) {
    const r = structuredClone(referrals[i % referrals.length])
    delete r.previous
    delete r.consent
    r.id = `r-${r.received.slice(0, 10)}-${pick(rand, ALNUM, 6)}`
    r.participant = `P-${pick(rand, CODE, 6)}`
    if (i % 100 === 99) r.status = 'pending-review' // one schema error in 1% of referrals
    write(`referrals/${r.id.slice(2, 6)}/${r.id}.yaml`, header('referral') + stringify(r, {compat: 'yaml-1.1'}))
  }
  return {records: count + nTrainings + nConsents + nReferrals, referrals: nReferrals, invalid: Math.floor(nReferrals / 100)}
}

/** JSON copies of every record for ajv-cli (which reads YAML through YAML 1.1 and misreads dates). */
export function jsonCopies(root, out) {
  fs.rmSync(out, {recursive: true, force: true})
  const byKind = {}
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(root, rel), {withFileTypes: true})) {
      const r = path.join(rel, e.name)
      if (e.isDirectory()) walk(r)
      else if (e.name.endsWith('.yaml') && rel) {
        const kind = r.split(path.sep)[0].replace(/s$/, '')
        const dest = path.join(out, kind, e.name.replace(/\.yaml$/, '.json'))
        fs.mkdirSync(path.dirname(dest), {recursive: true})
        fs.writeFileSync(dest, JSON.stringify(parse(fs.readFileSync(path.join(root, r), 'utf8'))))
        ;(byKind[kind] ??= 0), byKind[kind]++
      }
    }
  }
  walk('')
  return byKind
}

export const hash = (s) => crypto.createHash('sha1').update(s).digest('hex').slice(0, 8)
