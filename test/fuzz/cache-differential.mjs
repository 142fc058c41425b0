#!/usr/bin/env node
/**
 * Differential fuzzer of lead's caches: a site worked on by a seeded random sequence of steps,
 * and after each step every read command's JSON on it (warm: its .git/lead as the steps left it)
 * against the same command on a copy of it whose .git/lead is deleted before each command (cold:
 * no parse cache, memo, basis, carry note). Any difference but the copy's path is a wrong answer
 * some cache gave.
 *
 *   node test/fuzz/cache-differential.mjs [--seed N] [--steps N] [--seeds K] [--referrals N]
 *                                         [--keep] [--quiet] [--no-minimise] [--replay FILE.json]
 *
 * --referrals N adds N referrals (copies with new IDs, committed) before the first step, so the
 * paths of a bigger site are taken (a cold run past 600 files reads on worker threads).
 *
 * Needs the built CLI (npm run build). Steps (planned and performed in fuzz-steps.mjs; the site
 * and the comparisons are fuzz-site.mjs): `lead set` of referrals and consents (valid values,
 * refused ones, consent/participant/previous/status/received), `lead new referral --file`, hand
 * edits of records and of the context (valid, broken YAML, schema errors, a referral's
 * consent/participant/previous, protocols, rosters, trainings, meetings, lead.yaml's zone,
 * districts, courses and `rules:`, the schema copies), same-size edits in the same second with
 * the mtime put back (git's "racily clean"), also right after a lead run or during one; files
 * deleted, renamed, copied, misfiled, linked, garbled; stray files and .gitignore lines; git
 * commit -am / of what is staged / --amend, add of some files, rm --cached, stash and pop,
 * branches, an orphan branch, merges, reset --hard and --soft, assume-unchanged, skip-worktree,
 * eol=crlf; `lead hooks install`; up to four lead commands at once; the clock days on.
 * Compared: validate, status, report referrals and list (kinds, --limit, --where, --sort), now
 * and then validate --staged / --since, show, referral check and training due, with and without
 * `--as-of`; and each `lead set` and some git commits (which lead's hooks judge) are also made on a
 * cold copy: the same answer, the same committed tree, the same files left changed. Every lead
 * runs with TZ=UTC and a clock shifted to about noon in the site's zone, so both sides judge the
 * same "today".
 *
 * A discrepancy is minimised (steps dropped while it stays) and written, with its steps, to
 * `cache-fuzz-SEED.json` in the working folder; `--replay FILE` runs such a file's steps again.
 * Exit status 1 when a seed found one. `fuzz()` is what test/fuzz/cache-differential.test.ts runs.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {compare, makeEnv, newSite, seeded} from './fuzz-site.mjs'
import {applyStep, describe, planStep} from './fuzz-steps.mjs'

export {describe}

/** Runs `steps` (planned already) on a new site; the first discrepancy, or undefined. With `onlyLast`, cold copies only after the last step. */
export async function replay(steps, {work, onlyLast = false, extra = 0} = {}) {
  const state = {days: 0, env: makeEnv(work)}
  const site = newSite(path.join(work, 'r'), state.env, extra)
  for (let i = 0; i < steps.length; i++) {
    const written = await applyStep(steps[i], site, state, work)
    if (written?.length && (!onlyLast || i === steps.length - 1)) return {at: i, diffs: written}
    const last = i === steps.length - 1
    if (steps[i].check || last) {
      const diffs = compare(last ? {...steps[i], check: true} : steps[i], site, state.env, work, !onlyLast || last)
      if (diffs.length) return {at: i, diffs}
    }
  }
  return undefined
}

/** Drops steps while the discrepancy stays (cold copies only at the last step). */
async function minimise(steps, work, log, extra = 0) {
  let current = steps
  const still = async (candidate) => (await replay(candidate, {work, onlyLast: true, extra})) !== undefined
  if (!(await still(current))) return current // needs a check in between: keep as found
  for (let chunk = Math.max(1, current.length >> 1); chunk >= 1; chunk >>= 1) {
    for (let i = current.length - 1 - chunk; i >= 0; i -= chunk) {
      const candidate = [...current.slice(0, i), ...current.slice(i + chunk)]
      if (await still(candidate)) {
        current = candidate
        log(`  minimised to ${current.length} steps`)
      }
    }
  }
  return current
}

/** One seed: `steps` steps, each checked as it says. */
export async function fuzz({seed = 1, steps = 20, extra = 0, work = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-cache-fuzz-')), log = () => {}, minimiseFound = true, keep = false} = {}) {
  const rng = seeded(seed)
  const state = {days: 0, env: makeEnv(work)}
  const site = newSite(path.join(work, 'w'), state.env, extra)
  const done = []
  let checked = 0
  try {
    for (let i = 0; i < steps; i++) {
      const step = planStep(rng, site)
      const written = await applyStep(step, site, state, work)
      done.push(step)
      const last = i === steps - 1
      if (written?.length) {
        log(`seed ${seed}: a write differs at step ${i + 1} (${describe(step)})`)
        const minimal = minimiseFound ? await minimise(done, path.join(work, 'min'), log, extra) : done
        return {seed, steps: i + 1, checked, discrepancy: {diffs: written, steps: minimal}}
      }
      if (step.check || last) {
        checked++
        const diffs = compare(step, site, state.env, work)
        if (diffs.length) {
          log(`seed ${seed}: discrepancy after step ${i + 1} (${describe(step)}): ${diffs.map((d) => d.command).join(', ')}`)
          const minimal = minimiseFound ? await minimise(done, path.join(work, 'min'), log, extra) : done
          return {seed, steps: i + 1, checked, discrepancy: {diffs, steps: minimal}}
        }
      }
      log(`seed ${seed} step ${i + 1}: ${describe(step)}${step.check ? ' ✓' : ''}`)
    }
    return {seed, steps, checked}
  } finally {
    if (!keep) fs.rmSync(work, {recursive: true, force: true})
  }
}


async function main(argv) {
  const flag = (name, dflt) => {
    const i = argv.indexOf(name)
    return i < 0 ? dflt : argv[i + 1]
  }
  const quiet = argv.includes('--quiet')
  const log = (s) => quiet || console.log(s)
  if (argv.includes('--replay')) {
    const file = JSON.parse(fs.readFileSync(flag('--replay'), 'utf8'))
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-cache-replay-'))
    for (const s of file.steps) log(describe(s))
    const found = await replay(file.steps, {work, extra: file.extra ?? 0})
    console.log(found ? JSON.stringify(found, null, 2) : 'no discrepancy')
    fs.rmSync(work, {recursive: true, force: true})
    return found ? 1 : 0
  }
  const first = Number(flag('--seed', '1'))
  const seeds = Number(flag('--seeds', '1'))
  const steps = Number(flag('--steps', '20'))
  const extra = Number(flag('--referrals', '0'))
  let bad = 0
  let total = 0
  for (let seed = first; seed < first + seeds; seed++) {
    const result = await fuzz({seed, steps, extra, log, keep: argv.includes('--keep'), minimiseFound: !argv.includes('--no-minimise')})
    total += result.steps
    if (result.discrepancy) {
      bad++
      const out = path.resolve(`cache-fuzz-${seed}.json`)
      fs.writeFileSync(out, JSON.stringify({seed, extra, steps: result.discrepancy.steps, diffs: result.discrepancy.diffs}, null, 2))
      console.log(`seed ${seed}: DISCREPANCY after ${result.steps} steps; minimal steps:`)
      for (const s of result.discrepancy.steps) console.log(`  ${describe(s)}${s.check ? ' [checked]' : ''}${s.asOf ? ` [as of ${s.asOf}]` : ''}`)
      console.log(`  written to ${out}`)
    } else console.log(`seed ${seed}: ${result.steps} steps clean (${result.checked} checked)`)
  }
  console.log(`${seeds - bad}/${seeds} seeds clean, ${total} steps`)
  return bad ? 1 : 0
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2))
