/**
 * A statute's section number can read as a phone number: Michigan's `MCL 333.7403(2)(a)(v)` holds
 * `333.7403`. In the CI gate a charge code passes in a referral, consent or meeting only when the
 * change's base declares it too (review/self-declared.ts), so a change that adds the charge to a
 * protocol and cites it at once fails, saying which declaration and what to do; a charge declared
 * first passes, in `charges` and in free text (privacy/record-scan.ts chargeTerms), and a phone
 * number declared as a charge (`MCL 555.0123(a)`) never does.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'

const env = testEnv()
const MCL = 'MCL 333.7403(2)(a)(v)'
const PHONE = 'MCL 555.0123(a)'
// Days to come, so that lead diff (judged today) finds no retroactive adoption.
const DAY = '2030-01-07'
const AS_OF = ['--as-of', DAY]
const REFERRAL = `referrals/2030/r-${DAY}-mclaaa.yaml`
const MEETING = 'meetings/2030/pcg-2030-01-02.yaml'
const SAID = 'passes only as a charge code this change itself declares'
const FIRST = 'add the charge to its protocol in a change of its own (a draft version will do), merge it, then the referral that cites it'

afterAll(cleanupTemp)

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8')
function write(root: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), {recursive: true})
  fs.writeFileSync(path.join(root, file), text)
}
function commit(root: string, message: string): void {
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-q', '--no-verify', '-m', message], env)
}

/** The example site with branch `base` at its first commit. */
function site(): string {
  const root = exampleSite(env, {warm: true})
  git(root, ['branch', 'base'], env)
  return root
}

/** Protocol version 3, a draft adding the charge `code`, copied from version 2. */
function draftVersion3(root: string, code: string): void {
  const v2 = read(root, 'protocols/2026-v2.yaml')
  const v3 = v2
    .replace('id: "2026-v2"', 'id: "2026-v3"')
    .replace('version: 2', 'version: 3')
    .replace('status: adopted', 'status: draft')
    .replace(/^adopted:\n(?: {2}.*\n)+/m, '')
    .replace('effective: {from: "2026-03-01"}', `effective: {from: "${DAY}"}`)
    .replace('supersedes: "2025-v1"', 'supersedes: "2026-v2"')
    .replace('divertible_charges:\n', `divertible_charges:\n  - code: ${code}\n    label: Possession of marihuana\n    category: drug\n`)
  expect(v3).not.toContain('adopted:')
  write(root, 'protocols/2026-v3.yaml', v3)
}

/** Version 3 adopted by the PCG on 2030-01-02, whose decision names the charge, version 2 closed the day before it takes effect. */
function adoptVersion3(root: string, code: string): void {
  const v3 = read(root, 'protocols/2026-v3.yaml').replace('status: draft', `status: adopted\nadopted:\n  date: "2030-01-02"\n  by: pcg\n  decision: "pcg-2030-01-02#1"`)
  write(root, 'protocols/2026-v3.yaml', v3)
  write(root, 'protocols/2026-v2.yaml', read(root, 'protocols/2026-v2.yaml').replace('effective: {from: "2026-03-01"}', 'effective: {from: "2026-03-01", to: "2030-01-06"}'))
  const meeting = read(root, 'meetings/2026/pcg-2026-02-18.yaml')
    .replaceAll('2026-02-18', '2030-01-02')
    .replace(/Adopt protocol version 2 as drafted[^\n]*\n[^\n]*\n/, `Adopt protocol version 3 as drafted by the OWG, in force from January 7, 2030: it adds\n      ${code} to the divertible charges.\n`)
    .replace('id: 2026-v2}', 'id: 2026-v3}')
  expect(meeting).toContain(code)
  write(root, MEETING, meeting)
}

/** An arrest diversion on DAY charged with `code`, under version 3. */
function referralCiting(root: string, code: string): void {
  write(
    root,
    REFERRAL,
    [`id: r-${DAY}-mclaaa`, 'pathway: arrest_diversion', `received: "${DAY}T07:50:00-08:00"`, 'referrer: {agency: harbor-county-sheriff, badge: "2290"}', 'district: "N"', 'catchment: north-county', 'participant: P-MCLAAA', `charges: [${code}]`, 'screening:', '  age_ok: true', '  criteria_met: true', '  exclusions_hit: []', '  overrides: []', '  consent_to_participate: true', 'status: received', ''].join('\n'),
  )
}

/** A site on `base` with one commit on top: version 3 adding the charge `code`, adopted, and a referral citing it. */
function declaredAndCitedAtOnce(code: string): string {
  const root = site()
  draftVersion3(root, code)
  adoptVersion3(root, code)
  referralCiting(root, code)
  commit(root, 'adoption and a referral')
  return root
}

type Finding = {file: string; code: string; message: string; hint?: string}
const gate = (root: string) => runLead(['validate', '--since', 'base', '--json', ...AS_OF], {cwd: root, env})
const findings = (root: string): Finding[] => (gate(root).json() as {diagnostics: Finding[]}).diagnostics

describe('a charge code that reads as a phone number (Michigan: MCL 333.7403(2)(a)(v))', () => {
  it('added to a protocol and cited in the same change fails, saying it passes only as a charge code the change declares and what to do', () => {
    const root = declaredAndCitedAtOnce(MCL)
    const r = gate(root)
    expect(r.code, r.stdout + r.stderr).toBe(1)
    const found = (r.json() as {diagnostics: Finding[]}).diagnostics.filter((d) => d.code.startsWith('PII_'))
    expect(found.map((d) => [d.file, d.code]).sort()).toEqual([[MEETING, 'PII_PHONE'], [REFERRAL, 'PII_PHONE']])
    for (const d of found) expect(d.message).toContain(SAID)
    expect(found.find((d) => d.file === REFERRAL)!.hint).toContain(FIRST)
    expect(found.find((d) => d.file === MEETING)!.hint).toContain(FIRST.replace('the referral', 'the meeting'))
    // The text output and the review say the same.
    const text = runLead(['validate', '--since', 'base', ...AS_OF], {cwd: root, env}).stdout
    expect(text).toMatch(new RegExp(`${REFERRAL}:1:1: error PII_PHONE referral.charges looks like it holds a phone number \\(not shown\\) that ${SAID}`))
    expect(text).toContain(`hint: ${FIRST};`)
    const diff = runLead(['diff', 'base...HEAD', '--check'], {cwd: root, env})
    expect(diff.code).toBe(1)
    expect(diff.stdout).toMatch(new RegExp(`${REFERRAL}:1:1: error PII_PHONE [^\\n]*${SAID}`))
  })

  it('declared by a change of its own first (a draft version), then adopted and cited, passes', () => {
    const root = site()
    draftVersion3(root, MCL)
    commit(root, 'a draft')
    for (const args of [['validate', '--since', 'base', ...AS_OF], ['diff', 'base...HEAD', '--check']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0)
    }
    git(root, ['branch', '-f', 'base', 'HEAD'], env)
    adoptVersion3(root, MCL)
    referralCiting(root, MCL)
    // A referral already recorded may name the statute in its notes, and a subdivision the protocol does not list.
    const notes = git(root, ['ls-files', 'referrals'], env).split('\n')[0]!
    fs.appendFileSync(path.join(root, notes), 'notes: first charged under MCL 333.7403(2)(d), then MCL 333.7403(2)(a)(v)\n')
    commit(root, 'adoption and a referral')
    const r = gate(root)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(JSON.stringify(r.json())).not.toContain('PII_')
    // The review shows the PCG's decision as written: the charge it adopts is the base's.
    const review = runLead(['diff', 'base...HEAD'], {cwd: root, env})
    expect(review.stdout).toContain(`${MCL} to the divertible charges`)
    expect(review.stdout).not.toContain('it looks like it holds an identifier')
  })
})

describe('a phone number declared as a charge code (MCL 555.0123(a))', () => {
  it('fails in the same change as the referral that cites it, never shown from the referral', () => {
    const root = declaredAndCitedAtOnce(PHONE)
    const found = findings(root).filter((d) => d.code === 'PII_PHONE')
    expect(found.map((d) => d.file).sort()).toEqual([MEETING, REFERRAL])
    for (const d of found) expect(d.message).toContain(SAID)
    for (const args of [['validate', '--since', 'base', ...AS_OF], ['validate', '--since', 'base', '--json', ...AS_OF]]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code).toBe(1)
      expect(r.stdout + r.stderr, args.join(' ')).not.toContain('555.0123')
    }
  })

  it('fails when the base declares another subdivision of a real statute: only the statute the base cites passes', () => {
    const root = site()
    draftVersion3(root, MCL)
    commit(root, 'a draft')
    git(root, ['branch', '-f', 'base', 'HEAD'], env)
    // The draft gains the phone number as a charge, and a referral already recorded cites it in its notes.
    write(root, 'protocols/2026-v3.yaml', read(root, 'protocols/2026-v3.yaml').replace(`  - code: ${MCL}\n`, `  - code: ${PHONE}\n    label: Possession\n    category: drug\n$&`))
    const referral = git(root, ['ls-files', 'referrals'], env).split('\n')[0]!
    fs.appendFileSync(path.join(root, referral), `notes: charged under ${PHONE}\n`)
    commit(root, 'a charge; notes')
    const found = findings(root).filter((d) => d.file === referral)
    expect(found.map((d) => d.code)).toEqual(['PII_PHONE'])
    expect(found[0]!.message).toMatch(new RegExp(`^referral.notes looks like it holds a phone number \\(not shown\\) that ${SAID.replace(/[()]/g, '\\$&')}`))
    // Without the charge in any protocol, the notes are a phone number as any text is.
    git(root, ['reset', '-q', '--hard', 'base'], env)
    fs.appendFileSync(path.join(root, referral), 'notes: call 555.0123 or MCL 333.7403\n')
    commit(root, 'notes')
    const plain = findings(root).filter((d) => d.file === referral)
    expect(plain.map((d) => d.code)).toEqual(['PII_PHONE'])
    expect(plain[0]!.message).not.toContain(SAID)
  })
})

describe('a charge code in a commit message (lead set -m, the commit-msg hook, the gate, lead history)', () => {
  it('passes once its protocol lists it; a phone number beside it, or a charge only the change declares, does not', () => {
    const root = site()
    draftVersion3(root, MCL)
    commit(root, 'a draft')
    git(root, ['branch', '-f', 'base', 'HEAD'], env)
    const referral = git(root, ['ls-files', 'referrals'], env).split('\n')[0]!
    const id = path.basename(referral, '.yaml')
    // lead's own -m, then git's commit through lead's hook.
    const said = `referral: charge corrected to ${MCL}`
    const set = runLead(['set', id, 'notes=Reviewed at intake', '-m', said], {cwd: root, env})
    expect(set.code, set.stdout + set.stderr).toBe(0)
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe(said)
    const phone = runLead(['set', id, 'notes=Reviewed twice', '-m', `referral: ${MCL}, call 360-555-0142`], {cwd: root, env})
    expect(phone.code).toBe(2)
    expect(phone.stderr).toContain('MESSAGE_HOLDS_IDENTIFIER')
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    fs.appendFileSync(path.join(root, referral), '# statute checked\n')
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '-m', 'referral: statute checked, MCL 333.7403'], env)
    // lead history prints both messages as written.
    const history = runLead(['history', id], {cwd: root, env})
    expect(history.stdout).toContain(said)
    expect(history.stdout).toContain('referral: statute checked, MCL 333.7403')
    expect(history.stdout).not.toContain('message not shown')
    // The gate: both commits pass, their base lists the charge.
    expect(findings(root).filter((d) => d.code === 'PII_COMMIT_MESSAGE')).toEqual([])
    // A charge the change itself declares does not make a message citing it pass.
    git(root, ['reset', '-q', '--hard', 'base'], env)
    write(root, 'protocols/2026-v3.yaml', read(root, 'protocols/2026-v3.yaml').replace(`  - code: ${MCL}\n`, `  - code: ${PHONE}\n    label: Possession\n    category: drug\n$&`))
    fs.appendFileSync(path.join(root, referral), '# checked\n')
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', `referral: charged under ${PHONE}`], env)
    const messages = findings(root).filter((d) => d.code === 'PII_COMMIT_MESSAGE')
    expect(messages.map((d) => d.file)).toEqual([referral])
    expect(JSON.stringify(messages)).not.toContain('555.0123')
  })
})
