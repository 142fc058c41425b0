/**
 * Attacks on the CI gate (`lead validate --since`, `lead diff --check`) a pull request can make,
 * found by a second engineer's read: each is failed closed, and no value typed into a referral,
 * consent or meeting (nor the name of such a file) reaches any output.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'

const env = testEnv()
const AS_OF = ['--as-of', '2026-11-27']
const TYPED = ['Zebulon', 'Quackenbush', '555-0134']

afterAll(cleanupTemp)

const noneTyped = (text: string) => {
  for (const t of TYPED) expect(text).not.toContain(t)
}

/** The example site with branch `base` at its first commit. */
function site(): string {
  const root = exampleSite(env, {warm: true})
  git(root, ['branch', 'base'], env)
  return root
}

const firstReferral = (root: string) => git(root, ['ls-files', 'referrals'], env).split('\n')[0]!

describe('a change of many commits', () => {
  it('a name in the message of the oldest of 2,001 commits is still found', () => {
    const root = site()
    const file = firstReferral(root)
    fs.appendFileSync(path.join(root, file), '# edited\n')
    git(root, ['commit', '-q', '--no-verify', '-am', 'Zebulon Quackenbush called from 555-0134'], env)
    // 2,001 commits that change nothing on top, in one git fast-import.
    const branch = git(root, ['symbolic-ref', 'HEAD'], env).trim()
    const stream = [`reset ${branch}`, `from ${git(root, ['rev-parse', 'HEAD'], env).trim()}`, '']
    for (let i = 0; i < 2001; i++) stream.push(`commit ${branch}`, `committer A <a@example.org> ${1_700_000_000 + i} +0000`, `data ${`tidy ${i}`.length}`, `tidy ${i}`, '')
    const imported = spawnSync('git', ['fast-import', '--quiet'], {cwd: root, env, input: stream.join('\n')})
    expect(imported.status).toBe(0)
    git(root, ['reset', '-q', '--hard'], env)
    expect(git(root, ['rev-list', '--count', 'base..HEAD'], env).trim()).toBe('2002')
    for (const args of [['validate', '--since', 'base', ...AS_OF], ['validate', '--since', 'base', '--json', ...AS_OF], ['diff', 'base...HEAD', '--check']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stdout).toContain('PII_COMMIT_MESSAGE')
      noneTyped(r.stdout + r.stderr)
    }
  }, 60_000)
})

describe('a referral saved outside the record folders', () => {
  it('is an error in every check, its folder and name concealed; other YAML there stays a warning', () => {
    const root = site()
    const text = fs.readFileSync(path.join(root, firstReferral(root)), 'utf8').replace(/^notes: .*$/m, 'notes: Zebulon Quackenbush, 555-0134')
    fs.mkdirSync(path.join(root, 'Zebulon Quackenbush'))
    fs.writeFileSync(path.join(root, 'Zebulon Quackenbush', 'Quackenbush.yaml'), text)
    fs.writeFileSync(path.join(root, 'docker-compose.yml'), 'services: {}\n')
    git(root, ['add', '-A'], env)
    const summary = path.join(root, '..', 'summary.md')
    const check = (args: string[]) => {
      const r = runLead([...args, ...AS_OF], {cwd: root, env: {...env, GITHUB_ACTIONS: 'true'}})
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(1)
      expect(r.stdout, args.join(' ')).toContain('PII_UNCHECKED_FILE')
      expect(r.stdout, args.join(' ')).toContain('docker-compose.yml')
      noneTyped(r.stdout + r.stderr)
    }
    // Staged (the pre-commit hook), then committed (the CI gate, a full run).
    for (const args of [['validate', '--staged', '--since', 'HEAD'], ['validate', '--staged']]) check(args)
    git(root, ['commit', '-q', '--no-verify', '-m', 'archive'], env)
    for (const args of [['validate', '--since', 'base'], ['validate', '--since', 'base', '--json'], ['validate', '--since', 'base', '--format', 'github', '--summary', summary], ['validate']]) check(args)
    noneTyped(fs.readFileSync(summary, 'utf8'))
    expect(fs.readFileSync(summary, 'utf8')).toContain('PII_UNCHECKED_FILE')
  })
})

describe('what a commit of the change leaves on the way', () => {
  const checks = [['validate', '--since', 'base', ...AS_OF], ['validate', '--since', 'base', '--json', ...AS_OF], ['validate', '--since', 'base', '--format', 'github', ...AS_OF], ['diff', 'base...HEAD', '--check'], ['diff', 'base...HEAD', '--format', 'markdown', '--check']]
  const failsEveryCheck = (root: string, shown: string) => {
    for (const args of checks) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(1)
      expect(r.stdout).toContain('PII_COMMIT_CONTENT')
      expect(r.stdout).toContain(shown)
      noneTyped(r.stdout + r.stderr)
    }
  }

  it('a phone number written into a referral by one commit and taken out by the next fails the gate', () => {
    const root = site()
    const file = firstReferral(root)
    const before = fs.readFileSync(path.join(root, file), 'utf8')
    fs.appendFileSync(path.join(root, file), 'notes: Zebulon Quackenbush, 555-0134\n')
    git(root, ['commit', '-q', '--no-verify', '-am', 'notes'], env)
    fs.writeFileSync(path.join(root, file), before)
    git(root, ['commit', '-q', '--no-verify', '-am', 'notes again'], env)
    failsEveryCheck(root, file)
  })

  it('a referral saved under a name and renamed to its ID fails the gate, the name not shown', () => {
    const root = site()
    const file = firstReferral(root)
    const named = path.join(path.dirname(file), 'Zebulon Quackenbush.yaml')
    git(root, ['mv', file, named], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'file'], env)
    git(root, ['mv', named, file], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'rename'], env)
    failsEveryCheck(root, `${path.dirname(file)}/‹file name of 19 characters`)
  })

  it('a scan saved into consents/ by one commit and removed by the next fails the gate, its name not shown', () => {
    const root = site()
    fs.writeFileSync(path.join(root, 'consents', 'Zebulon Quackenbush.pdf'), '%PDF-1.4\n')
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'scan'], env)
    git(root, ['rm', '-q', 'consents/Zebulon Quackenbush.pdf'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'no scan'], env)
    failsEveryCheck(root, 'consents/‹file name of')
  })

  it('a submodule committed into referrals/ under a name (the checkout holds no file there) fails the gate, its name not shown', () => {
    const root = site()
    const commit = git(root, ['rev-parse', 'HEAD'], env).trim()
    git(root, ['update-index', '--add', '--cacheinfo', `160000,${commit},referrals/2026/Zebulon Quackenbush`], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'link'], env)
    failsEveryCheck(root, 'referrals/2026/‹file name of 19 characters')
  })

  it('a change whose commits leave nothing the scan finds passes', () => {
    const root = site()
    const file = firstReferral(root)
    fs.appendFileSync(path.join(root, file), '# one\n')
    git(root, ['commit', '-q', '--no-verify', '-am', 'one'], env)
    fs.appendFileSync(path.join(root, file), '# two\n')
    git(root, ['commit', '-q', '--no-verify', '-am', 'two'], env)
    for (const args of checks) expect(runLead(args, {cwd: root, env}).stdout).not.toContain('PII_COMMIT_CONTENT')
  })
})

describe('staff names the change declares itself', () => {
  it('a name made a partner contact by the change, and written into a referral\'s notes, fails the gate', () => {
    const root = site()
    const partner = path.join(root, 'partners', 'harbor-pd.yaml')
    fs.writeFileSync(partner, fs.readFileSync(partner, 'utf8').replace('  - name: Marisol Vega\n', '  - name: Maria Lopez\n    role: Volunteer\n  - name: Marisol Vega\n'))
    const file = firstReferral(root)
    fs.appendFileSync(path.join(root, file), 'notes: Maria Lopez was arrested again.\n')
    git(root, ['commit', '-q', '--no-verify', '-am', 'contact'], env)
    for (const args of [['validate', '--since', 'base', ...AS_OF], ['validate', '--since', 'base', '--json', ...AS_OF], ['diff', 'base...HEAD', '--check']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(1)
      expect(r.stdout).toContain(`${file}`)
      expect(r.stdout).toContain('PII_NAME')
      expect(r.stdout).toContain('passes only as a staff name this change itself declares')
      expect(r.stdout).not.toContain('was arrested')
    }
    expect(runLead(['validate', '--since', 'base', ...AS_OF], {cwd: root, env}).stdout).toContain("hint: add the person (a partner's contact, an officer, an MOU signatory, a trainer) or the partner in a change of its own, merge it, then the referral that names them")
    // Once the base knows the contact, the same notes pass the scan as a staff name.
    git(root, ['branch', '-f', 'base', 'HEAD'], env)
    fs.appendFileSync(path.join(root, file), '# edited\n')
    git(root, ['commit', '-q', '--no-verify', '-am', 'edit'], env)
    expect(runLead(['validate', '--since', 'base', ...AS_OF], {cwd: root, env}).stdout).not.toContain('PII_NAME')
  })
})

describe('the field a finding that passes only by the change is in', () => {
  /** One commit on `base`: Maria Lopez made a contact of harbor-pd, and the first referral given `lines`. */
  function contactAndReferral(lines: string): {root: string; file: string} {
    const root = site()
    const partner = path.join(root, 'partners', 'harbor-pd.yaml')
    fs.writeFileSync(partner, fs.readFileSync(partner, 'utf8').replace('  - name: Marisol Vega\n', '  - name: Maria Lopez\n    role: Volunteer\n  - name: Marisol Vega\n'))
    const file = firstReferral(root)
    fs.appendFileSync(path.join(root, file), lines)
    git(root, ['commit', '-q', '--no-verify', '-am', 'contact'], env)
    return {root, file}
  }
  const checks = [['validate', '--since', 'base', ...AS_OF], ['validate', '--since', 'base', '--json', ...AS_OF], ['diff', 'base...HEAD', '--check'], ['diff', 'base...HEAD', '--check', '--json']]

  it('is named with a field name the schema does not know concealed', () => {
    // A field named after a participant, holding a name the change declares a staff name.
    const {root} = contactAndReferral('Zebulon Quackenbush: Maria Lopez\n')
    for (const args of checks) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(1)
      expect(r.stdout, args.join(' ')).toContain('passes only as a staff name this change itself declares')
      expect(r.stdout, args.join(' ')).toContain('referral.‹a field name of 19 characters, not shown› looks like it holds')
      noneTyped(r.stdout + r.stderr)
    }
  })

  it('a finding in a field name is said to be in a field name of its map, never naming it', () => {
    const {root} = contactAndReferral('Maria Lopez: called back\n')
    for (const args of checks) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(1)
      const findings = r.stdout.split('\n').filter((l) => l.includes('passes only as a staff name'))
      expect(findings.length, args.join(' ')).toBeGreaterThan(0)
      for (const l of findings) {
        expect(l).toContain('a field name in referral looks like it holds a person\'s name (not shown)')
        expect(l).not.toContain('Maria')
      }
    }
  })
})

/** One commit on `base`: an officer with `badge` added to a roster, and the first referral made by them. */
function officerAddedAndReferring(badge: string): {root: string; file: string} {
  const root = site()
  const roster = path.join(root, 'rosters', 'harbor-pd.yaml')
  const officer = `  - {id: lead-${badge.replace(/-/g, '')}, badge: "${badge}", name: Robin Hale, rank: Officer, unit: Patrol, district: D1, shift: day, status: active, catchment: true, since: "2020-01-06"}\n`
  fs.writeFileSync(roster, fs.readFileSync(roster, 'utf8').replace('officers:\n', `officers:\n${officer}`))
  const file = firstReferral(root)
  const referral = path.join(root, file)
  fs.writeFileSync(referral, fs.readFileSync(referral, 'utf8').replace(/badge: "[^"]*"/, `badge: "${badge}"`))
  git(root, ['commit', '-q', '--no-verify', '-am', 'an officer added'], env)
  return {root, file}
}

describe('other values the change declares itself', () => {
  type Found = {file?: string; code?: string; message?: string}
  /** Every object with a `code` in a JSON document (the findings, wherever a command puts them). */
  const findingsIn = (doc: unknown): Found[] =>
    Array.isArray(doc) ? doc.flatMap(findingsIn) : doc !== null && typeof doc === 'object' ? [...('code' in doc ? [doc as Found] : []), ...Object.values(doc).flatMap(findingsIn)] : []
  /** A JSON document without what it says of protocols and rosters (the change's own public records, shown by design). */
  const withoutPublic = (doc: unknown): unknown =>
    Array.isArray(doc)
      ? doc.filter((v) => !(v !== null && typeof v === 'object' && /^(protocols|rosters)\//.test(String((v as Found).file)))).map(withoutPublic)
      : doc !== null && typeof doc === 'object'
        ? Object.fromEntries(Object.entries(doc).filter(([k]) => k !== 'protocols').map(([k, v]) => [k, withoutPublic(v)]))
        : doc

  /**
   * Every check of the gate fails the change with the scan's `code` for `file`, and prints what was
   * typed only about the change's own protocols and rosters (`about`: their lines in the text
   * output), which are summarised for reviewers as they are.
   */
  const failsEveryCheck = (root: string, file: string, code: string, as: string, about: RegExp) => {
    for (const args of [['validate', '--since', 'base', ...AS_OF], ['validate', '--since', 'base', '--json', ...AS_OF], ['diff', 'base...HEAD', '--check'], ['diff', 'base...HEAD', '--check', '--json']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(1)
      const said = `passes only as ${as} this change itself declares`
      if (args.includes('--json')) {
        const doc: unknown = JSON.parse(r.stdout)
        expect(findingsIn(doc).some((d) => d.file === file && d.code === code && d.message?.includes(said))).toBe(true)
        noneTyped(JSON.stringify(withoutPublic(doc)) + r.stderr)
      } else {
        expect(r.stdout).toMatch(new RegExp(`${file}[^\\n]*${code}[^\\n]*${said}`))
        noneTyped((r.stdout + r.stderr).split('\n').filter((l) => !about.test(l)).join('\n'))
      }
    }
  }

  it('a name and phone number made a charge code by the change, and cited in a referral, fail the gate', () => {
    const root = site()
    for (const p of ['2025-v1', '2026-v2']) {
      const protocol = path.join(root, 'protocols', `${p}.yaml`)
      fs.writeFileSync(protocol, fs.readFileSync(protocol, 'utf8').replace('divertible_charges:\n', 'divertible_charges:\n  - code: Zebulon Quackenbush 555-0134\n    label: Possession of a controlled substance\n    category: drug\n'))
    }
    const file = firstReferral(root)
    const referral = path.join(root, file)
    fs.writeFileSync(referral, fs.readFileSync(referral, 'utf8').replace(/^charges: \[(.*)\]$/m, 'charges: [$1, Zebulon Quackenbush 555-0134]'))
    git(root, ['commit', '-q', '--no-verify', '-am', 'charges'], env)
    failsEveryCheck(root, file, 'PII_PHONE', 'a charge code', /divertible(_| )charge/)
  })

  it('a phone number made an officer\'s badge by the change, and given as a referral\'s badge, fails the gate', () => {
    const {root, file} = officerAddedAndReferring('555-0134')
    failsEveryCheck(root, file, 'PII_PHONE', "an officer's badge", /officers\[/)
  })
})

describe('an officer the change adds, named by a referral it brings', () => {
  it('passes when the badge holds no identifier: only what the scan finds fails a change', () => {
    const {root} = officerAddedAndReferring('0913')
    for (const args of [['validate', '--since', 'base', ...AS_OF], ['diff', 'base...HEAD', '--check']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.stdout, args.join(' ')).not.toMatch(/PII_|passes only as a value/)
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0)
    }
  })
})

describe('the records a meeting decision concerns', () => {
  it('an ID no record declares is not shown in the diff\'s decisions; a protocol the change adds is', () => {
    const root = site()
    const meeting = path.join(root, 'meetings', '2026', 'pcg-2026-02-18.yaml')
    const text = fs.readFileSync(meeting, 'utf8')
    // A slug the schema takes, typed where a partner's ID belongs.
    fs.writeFileSync(meeting, text.replace('    text: Approve the fourth-quarter 2025 referral and training report.\n', '$&    concerns: [{kind: partner, id: zebulon-quackenbush-555-0134}]\n'))
    const v3 = fs.readFileSync(path.join(root, 'protocols', '2026-v2.yaml'), 'utf8').replace('id: "2026-v2"', 'id: "2026-v3"').replace('status: adopted', 'status: draft')
    fs.writeFileSync(path.join(root, 'protocols', '2026-v3.yaml'), v3)
    fs.writeFileSync(meeting.replace('02-18', '11-26'), text.replaceAll('2026-02-18', '2026-11-26').replace('id: 2026-v2', 'id: 2026-v3'))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'decisions'], env)
    for (const format of ['text', 'json', 'markdown']) {
      const r = runLead(['diff', 'base...HEAD', '--format', format], {cwd: root, env})
      noneTyped(r.stdout + r.stderr)
      const concerns = format === 'json' ? (JSON.parse(r.stdout) as {decisions: Array<{kind: string; concerns: Array<{id: string}>}>}).decisions.map((d) => `${d.kind} ${d.concerns.map((c) => c.id).join()}`).join('\n') : r.stdout
      expect(concerns, format).toMatch(/approve(\\)?_report[^\n]*‹text of 28 characters, not shown›/)
      expect(concerns, format).toMatch(/adopt(\\)?_protocol[^\n]*2026-v3/)
    }
  })

  it('a meeting file the change saves under a name that is no meeting ID declares no ID: a decision concerning it shows it concealed', () => {
    const root = site()
    const meeting = path.join(root, 'meetings', '2026', 'pcg-2026-02-18.yaml')
    const text = fs.readFileSync(meeting, 'utf8')
    // Meetings hold case conferences: their file names are concealed unless they are meeting IDs.
    fs.writeFileSync(path.join(root, 'meetings', '2026', 'zebulon-quackenbush-555-0134.yaml'), text.replaceAll('2026-02-18', '2026-11-26'))
    fs.writeFileSync(meeting, text.replace('    text: Approve the fourth-quarter 2025 referral and training report.\n', '$&    concerns: [{kind: meeting, id: zebulon-quackenbush-555-0134}]\n'))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'decisions'], env)
    for (const args of [['diff', 'base...HEAD'], ['diff', 'base...HEAD', '--format', 'json'], ['diff', 'base...HEAD', '--format', 'markdown'], ['diff', 'base...HEAD', '--check'], ['validate', '--since', 'base', ...AS_OF]]) {
      const r = runLead(args, {cwd: root, env})
      noneTyped(r.stdout + r.stderr)
      if (args.length === 2) expect(r.stdout).toMatch(/approve_report[^\n]*‹text of 28 characters, not shown›/)
    }
  })
})
