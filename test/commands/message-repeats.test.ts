/**
 * A commit message typed with -m that repeats a referral's own free text (its notes, an override's
 * reason) is refused before anything is written: git would keep in every clone the text every lead
 * output conceals. lead's own messages, and messages about other records, are not compared.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv, writeSiteFile} from '../support/cli.js'

afterAll(cleanupTemp)
const env = testEnv()
const REFERRAL = 'r-2026-11-03-k3f9q2'
const FILE = `referrals/2026/${REFERRAL}.yaml`
const NOTES = 'Staying with his sister near the Elm Street underpass'
const LEAKED = /sister|underpass|elm street/i

function unchanged(root: string, head: string, text: string): void {
  expect(git(root, ['rev-parse', 'HEAD'], env)).toBe(head)
  expect(git(root, ['status', '--porcelain'], env)).toBe('')
  expect(fs.readFileSync(path.join(root, FILE), 'utf8')).toBe(text)
}

describe('lead set -m repeating the referral\'s text', {timeout: 120_000}, () => {
  it.each([['early path', {}], ['oclif', {LEAD_EARLY: 'off'}]])('the new notes retyped in the message are refused unechoed, nothing written (%s)', (_, extra) => {
    const root = exampleSite(env)
    const head = git(root, ['rev-parse', 'HEAD'], env)
    const text = fs.readFileSync(path.join(root, FILE), 'utf8')
    for (const [message, commit] of [['Notes: staying with his SISTER', []], ['stayingwithhissister', ['--no-commit']]] as const) {
      const r = runLead(['set', REFERRAL, `notes=${NOTES}`, '-m', message, ...commit], {cwd: root, env: {...env, ...extra}})
      expect(r.code, r.stderr).toBe(2)
      expect(r.stderr).toMatch(/^error MESSAGE_REPEATS_RECORD the commit message repeats the referral's notes \(characters \d+–\d+\); nothing was written/m)
      expect(r.stderr).toContain('hint: say what changed')
      expect(r.stdout + r.stderr).not.toMatch(LEAKED)
      unchanged(root, head, text)
    }
    const json = runLead(['set', REFERRAL, `notes=${NOTES}`, '-m', 'the sister near the Elm', '--json'], {cwd: root, env: {...env, ...extra}})
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout).error.code).toBe('MESSAGE_REPEATS_RECORD')
    expect(json.stdout + json.stderr).not.toMatch(LEAKED)
    unchanged(root, head, text)
  })

  it('the notes being replaced count too; a message saying what changed is committed as given', () => {
    const root = exampleSite(env)
    expect(runLead(['set', REFERRAL, `notes=${NOTES}`], {cwd: root, env}).code).toBe(0)
    const head = git(root, ['rev-parse', 'HEAD'], env)
    const text = fs.readFileSync(path.join(root, FILE), 'utf8')
    const r = runLead(['set', REFERRAL, 'notes=Moved to the shelter', '-m', 'no longer near the Elm Street underpass'], {cwd: root, env})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('MESSAGE_REPEATS_RECORD')
    unchanged(root, head, text)
    const ok = runLead(['set', REFERRAL, 'notes=Moved to the shelter', '-m', 'notes updated after the call'], {cwd: root, env})
    expect(ok.code, ok.stderr).toBe(0)
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe('notes updated after the call')
  })

  it('lead\'s own message is not compared, even when the notes read like it', () => {
    const root = exampleSite(env)
    const r = runLead(['set', REFERRAL, 'notes=referral set notes'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe(`referral: set ${REFERRAL} notes`)
  })

  it('a message may name a partner the notes name too (the site declared it)', () => {
    const root = exampleSite(env)
    expect(runLead(['set', REFERRAL, 'notes=Referred on to harbor-housing-coalition for a shelter bed.'], {cwd: root, env}).code).toBe(0)
    for (const message of ['referral: handed to harbor-housing-coalition', 'referral: handoff to Harbor Housing Coalition']) {
      const r = runLead(['set', REFERRAL, `intake.completed=2026-11-0${message.length % 5 + 4}`, '-m', message], {cwd: root, env})
      expect(r.code, r.stderr).toBe(0)
    }
    expect(runLead(['set', REFERRAL, 'intake.completed=2026-11-10', '-m', 'waiting for a shelter bed'], {cwd: root, env}).code).toBe(2)
  })

  it('a change to a partner may repeat the partner\'s own text (it is no participant record)', () => {
    const root = exampleSite(env)
    const r = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor Police Department North', '-m', 'Harbor Police Department North is its new name'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
  })
})

describe('lead new -m repeating the new referral\'s text', {timeout: 120_000}, () => {
  it.each([['early path', {}], ['oclif', {LEAD_EARLY: 'off'}]])('is refused and no record is created (%s)', (_, extra) => {
    const root = exampleSite(env)
    const head = git(root, ['rev-parse', 'HEAD'], env)
    const entered = fs.readFileSync(path.join(root, FILE), 'utf8').replace(/^id: .*\n/m, '').replace(/^consent: .*\n/m, '') + `notes: ${NOTES}\n`
    const input = writeSiteFile(root, '.lead/entered.yaml', entered)
    const before = fs.readdirSync(path.join(root, 'referrals', '2026')).sort()
    const r = runLead(['new', 'referral', '--file', input, '-m', 'new referral, staying with his sister'], {cwd: root, env: {...env, ...extra}})
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toContain('MESSAGE_REPEATS_RECORD')
    expect(r.stdout + r.stderr).not.toMatch(LEAKED)
    expect(git(root, ['rev-parse', 'HEAD'], env)).toBe(head)
    expect(fs.readdirSync(path.join(root, 'referrals', '2026')).sort()).toEqual(before)
    const ok = runLead(['new', 'referral', '--file', input, '-m', 'new referral from the night shift'], {cwd: root, env: {...env, ...extra}})
    expect(ok.code, ok.stderr).toBe(0)
  })
})

describe('git commit -m repeating a staged referral\'s text (the commit-msg hook)', {timeout: 120_000}, () => {
  const commit = (root: string, message: string) => spawnSync('git', ['commit', '-q', '-m', message], {cwd: root, env, encoding: 'utf8'})

  it('is refused unechoed, for the notes as staged and as they were; a message naming declared values passes', () => {
    const root = exampleSite(env, {warm: true})
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    const file = path.join(root, FILE)
    fs.appendFileSync(file, `notes: ${NOTES}\n`)
    git(root, ['add', FILE], env)
    const head = git(root, ['rev-parse', 'HEAD'], env)
    const bad = commit(root, 'notes: staying with his sister')
    expect(bad.status).not.toBe(0)
    expect(bad.stderr).toContain("error MESSAGE_REPEATS_RECORD the commit message repeats the referral's notes (characters 8–23); nothing was committed")
    expect(bad.stderr).toContain('`git commit --no-verify` skips this check')
    expect(bad.stdout + bad.stderr).not.toMatch(LEAKED)
    expect(git(root, ['rev-parse', 'HEAD'], env)).toBe(head)
    // The referral's agency, district and catchment are the site's declared words.
    const ok = commit(root, 'harbor-pd referral in D1 downtown: notes added')
    expect(ok.status, ok.stderr).toBe(0)
    // Removing the notes: the text as it was counts.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(`notes: ${NOTES}\n`, ''))
    git(root, ['add', FILE], env)
    const removed = commit(root, 'removed: near the Elm Street underpass')
    expect(removed.status).not.toBe(0)
    expect(removed.stderr).toContain('MESSAGE_REPEATS_RECORD')
    expect(commit(root, 'notes removed').status).toBe(0)
  })

  it('a commit of other records only is not compared', () => {
    const root = exampleSite(env, {warm: true})
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    fs.appendFileSync(path.join(root, 'partners', 'harbor-pd.yaml'), '# Harbor Police Department North office\n')
    git(root, ['add', '-A'], env)
    const r = commit(root, 'Harbor Police Department North office noted')
    expect(r.status, r.stderr).toBe(0)
  })
})

describe('a commit brought by a change whose message repeats a referral\'s text (the CI gate)', {timeout: 120_000}, () => {
  it('is PII_COMMIT_MESSAGE at validate --since and in lead diff, the text shown in no format; a message naming declared values is not', () => {
    const root = exampleSite(env, {warm: true})
    git(root, ['branch', 'base'], env)
    fs.appendFileSync(path.join(root, FILE), `notes: ${NOTES}\n`)
    git(root, ['commit', '-q', '--no-verify', '-am', 'harbor-pd referral, D1: notes added'], env)
    fs.writeFileSync(path.join(root, FILE), fs.readFileSync(path.join(root, FILE), 'utf8').replace(NOTES, 'Moved to the shelter'))
    git(root, ['commit', '-q', '--no-verify', '-am', 'was near the Elm Street underpass'], env)
    const r = runLead(['validate', '--since', 'base', '--as-of', '2026-11-27'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`${FILE}:1:1: error PII_COMMIT_MESSAGE the message of commit`)
    expect(r.stdout).toContain("repeats the referral's notes (characters 5–16; not shown)")
    expect(r.stdout.match(/PII_COMMIT_MESSAGE/g)).toHaveLength(1)
    for (const args of [['validate', '--since', 'base', '--as-of', '2026-11-27', '--json'], ['validate', '--since', 'base', '--as-of', '2026-11-27', '--format', 'github'], ['diff', 'base']]) {
      const out = runLead(args, {cwd: root, env})
      expect(out.stdout + out.stderr, args.join(' ')).toContain('PII_COMMIT_MESSAGE')
      expect(out.stdout + out.stderr, args.join(' ')).not.toMatch(/sister|underpass|elm street|shelter/i)
    }
  })
})

describe('a partner the change adds, named after a referral\'s notes (the CI gate judges declared words by its base)', {timeout: 120_000}, () => {
  const PARTNER = 'id: blue-tent\nname: Blue Tent Under The Overpass\ntype: community\n'
  const TENT = 'sleeps in the blue tent under the overpass'
  const MESSAGE = 'notes: blue tent under the overpass'
  const checks = [['validate', '--since', 'base', '--as-of', '2026-11-27'], ['validate', '--since', 'base', '--as-of', '2026-11-27', '--json'], ['diff', 'base...HEAD', '--check']]

  it('cannot make a commit message repeating the notes pass; declared by the base, the name is the site\'s words', () => {
    const root = exampleSite(env, {warm: true})
    git(root, ['branch', 'base'], env)
    fs.writeFileSync(path.join(root, 'partners', 'blue-tent.yaml'), PARTNER)
    git(root, ['add', '-A'], env)
    fs.appendFileSync(path.join(root, FILE), `notes: ${TENT}\n`)
    git(root, ['commit', '-q', '--no-verify', '-am', MESSAGE], env)
    for (const args of checks) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(1)
      expect(r.stdout, args.join(' ')).toContain('PII_COMMIT_MESSAGE')
      expect(r.stdout, args.join(' ')).toContain("repeats the referral's notes")
      // The notes and the message, never (the partner is a public record: its name, capitalised, may be shown).
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(/sleeps|blue tent under/)
    }
    // The partner merged on its own first: the same commit on top of it passes.
    git(root, ['reset', '-q', '--hard', 'base'], env)
    fs.writeFileSync(path.join(root, 'partners', 'blue-tent.yaml'), PARTNER)
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'partner: blue-tent'], env)
    git(root, ['branch', '-f', 'base', 'HEAD'], env)
    fs.appendFileSync(path.join(root, FILE), `notes: ${TENT}\n`)
    git(root, ['commit', '-q', '--no-verify', '-am', MESSAGE], env)
    for (const args of checks) {
      const r = runLead(args, {cwd: root, env})
      expect(r.stdout, args.join(' ')).not.toContain('PII_COMMIT_MESSAGE')
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0)
    }
  })

  it('a local write has no base: the site\'s partners declare their names, as before', () => {
    const root = exampleSite(env, {warm: true})
    fs.writeFileSync(path.join(root, 'partners', 'blue-tent.yaml'), PARTNER)
    fs.appendFileSync(path.join(root, FILE), `notes: ${TENT}\n`)
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'partner and notes'], env)
    const r = runLead(['set', REFERRAL, 'intake.completed=2026-11-05', '-m', MESSAGE], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
  })
})

describe('a meeting\'s case-conference notes, and merges (second read of d26c4e8)', {timeout: 120_000}, () => {
  const MEETING = 'meetings/2026/owg-2026-01-13.yaml'
  const CONFERENCE = 'Aunt Dolores drives him to court on Tuesdays'

  it('git commit -m repeating them is refused by the commit-msg hook, and found by the CI gate when made with --no-verify', () => {
    const root = exampleSite(env, {warm: true})
    git(root, ['branch', 'base'], env)
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    const file = path.join(root, MEETING)
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('notes: Engaged; attending weekly appointments.', `notes: ${CONFERENCE}`))
    git(root, ['add', MEETING], env)
    const bad = spawnSync('git', ['commit', '-q', '-m', 'meeting: aunt dolores drives him'], {cwd: root, env, encoding: 'utf8'})
    expect(bad.status).not.toBe(0)
    expect(bad.stderr).toContain("error MESSAGE_REPEATS_RECORD the commit message repeats the meeting's case_conferences[0].notes")
    expect(bad.stdout + bad.stderr).not.toMatch(/dolores/i)
    git(root, ['commit', '-q', '--no-verify', '-m', 'meeting: aunt dolores drives him'], env)
    const r = runLead(['validate', '--since', 'base', '--as-of', '2026-11-27'], {cwd: root, env})
    expect(r.stdout).toContain(`${MEETING}:1:1: error PII_COMMIT_MESSAGE`)
    expect(r.stdout + r.stderr).not.toMatch(/dolores/i)
  })

  it('the CI gate reads a merge commit\'s message with what the merge brings', () => {
    const root = exampleSite(env)
    const base = git(root, ['rev-parse', 'HEAD'], env).trim()
    git(root, ['checkout', '-q', '-b', 'side'], env)
    fs.appendFileSync(path.join(root, FILE), 'notes: waits by the ferry terminal each morning\n')
    git(root, ['commit', '-qam', 'notes updated'], env)
    git(root, ['checkout', '-q', '-'], env)
    fs.appendFileSync(path.join(root, 'lead.yaml'), '# x\n')
    git(root, ['commit', '-qam', 'config'], env)
    git(root, ['merge', '-q', '--no-ff', 'side', '-m', 'merge: waits by the ferry terminal'], env)
    const r = runLead(['validate', '--since', base], {cwd: root, env})
    expect(r.stdout).toContain(`${FILE}:1:1: error PII_COMMIT_MESSAGE the message of commit`)
    expect(r.stdout.match(/PII_COMMIT_MESSAGE/g)).toHaveLength(1)
    expect(r.stdout + r.stderr).not.toMatch(/ferry/i)
  })
})
