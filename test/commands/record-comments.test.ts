/**
 * A comment in a referral, consent or meeting is text outside every field that git keeps in the file
 * and its history: it is scanned for identifiers as a value is, in every check (validation cold and
 * warm, a write, the CI gate, a commit the change brings), and never printed.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'
import type {LeadError} from '../../src/core/errors.js'
import {readSite} from '../../src/core/site.js'
import {writeRecords} from '../../src/core/write/record-writer.js'

const env = testEnv()
const AS_OF = ['--as-of', '2026-11-27']
const TYPED = ['Maria Lopez', '555-0134', '1984-03-02']

afterAll(cleanupTemp)

const noneTyped = (text: string) => {
  for (const t of TYPED) expect(text).not.toContain(t)
}

const firstOf = (root: string, folder: string) => git(root, ['ls-files', folder], env).split('\n')[0]!

/** Append `lines` to `file` of `root`; the line number of the first appended. */
function append(root: string, file: string, lines: string): number {
  const text = fs.readFileSync(path.join(root, file), 'utf8')
  fs.writeFileSync(path.join(root, file), text + lines)
  return text.split('\n').length
}

describe('comments in participant records', () => {
  it('are scanned in validation, cold, warm and after the context changed, each finding at its line and column', () => {
    const root = exampleSite(env, {warm: true})
    const referral = firstOf(root, 'referrals')
    const consent = firstOf(root, 'consents')
    const at = append(root, referral, '# talked to Maria Lopez, cell 555-0134\n')
    const consentAt = append(root, consent, 'notes_ok: true # DOB: 1984-03-02\n'.replace('notes_ok: true ', ''))
    const expected = [`${referral}:${at}:13: error PII_NAME`, `${referral}:${at}:31: error PII_PHONE`, `${consent}:${consentAt}:3: error PII_DOB`]
    const check = () => {
      const r = runLead(['validate', ...AS_OF], {cwd: root, env})
      expect(r.code, r.stdout + r.stderr).toBe(1)
      for (const e of expected) expect(r.stdout).toContain(e)
      expect(r.stdout).toContain('a comment on this line looks like it holds')
      noneTyped(r.stdout + r.stderr)
      const json = runLead(['validate', '--json', ...AS_OF], {cwd: root, env})
      noneTyped(json.stdout)
    }
    check() // parsed afresh
    // What was found is remembered as a digest (Diagnostic.subject), as a value's finding is: the
    // memos of findings hold none of it (the index, journal and values hold the record's own text).
    const state = path.join(root, '.git', 'lead')
    const memos = fs.readdirSync(state).filter((f) => !/^(index|journal|values)-/.test(f))
    expect(memos.some((f) => f.startsWith('validations-'))).toBe(true)
    for (const f of memos) noneTyped(fs.readFileSync(path.join(state, f), 'latin1'))
    check() // from the parse cache
    // A roster changed: every referral judged again, from the cache's entries.
    fs.appendFileSync(path.join(root, 'rosters', 'harbor-pd.yaml'), '# reviewed\n')
    check()
  })

  it('are scanned in a referral first read in another kind\'s folder, then moved (the cache\'s parse of it looked for none)', () => {
    const root = exampleSite(env, {warm: true})
    const referral = firstOf(root, 'referrals')
    const name = path.basename(referral).replace(/-[a-z0-9]{6}\.yaml$/, '-zz9zz9.yaml')
    const text = fs.readFileSync(path.join(root, referral), 'utf8').replace(/^id: .*$/m, `id: ${name.slice(0, -5)}`)
    fs.writeFileSync(path.join(root, 'partners', name), `${text}# called Maria Lopez\n`)
    expect(runLead(['validate', ...AS_OF], {cwd: root, env}).stdout).not.toContain('PII_NAME')
    fs.renameSync(path.join(root, 'partners', name), path.join(root, path.dirname(referral), name))
    for (const run of ['moved', 'again']) {
      const r = runLead(['validate', ...AS_OF], {cwd: root, env})
      expect(r.stdout, run).toContain(`${path.dirname(referral)}/${name}:${text.split('\n').length}:3: error PII_NAME`)
      noneTyped(r.stdout + r.stderr)
    }
  })

  it('past ten findings in a record\'s comments, or in an unreadable file\'s lines, the last listed says how many more there are', () => {
    const root = exampleSite(env, {warm: true})
    const [referral, other] = git(root, ['ls-files', 'referrals'], env).split('\n') as [string, string]
    const first = append(root, referral, Array.from({length: 12}, () => '# cell 555-0134\n').join(''))
    // Not YAML (a tab before a key), then eleven lines holding a phone number.
    fs.writeFileSync(path.join(root, other), `id: x\n\tbad: [\n${'notes: call 555-0134\n'.repeat(11)}`)
    const r = runLead(['validate', '--json', ...AS_OF], {cwd: root, env})
    noneTyped(r.stdout + r.stderr)
    const found = (r.json() as {diagnostics: Array<{file: string; code: string; line: number; message: string}>}).diagnostics.filter((d) => d.code === 'PII_PHONE')
    const inComments = found.filter((d) => d.file === referral)
    expect(inComments.map((d) => d.line)).toEqual(Array.from({length: 10}, (_, i) => first + i))
    expect(inComments.slice(0, 9).every((d) => !d.message.includes('more'))).toBe(true)
    expect(inComments[9]!.message).toMatch(/; 2 more in this record's comments are not listed$/)
    const inLines = found.filter((d) => d.file === other)
    expect(inLines).toHaveLength(10)
    expect(inLines[9]!.message).toMatch(/cannot be read as YAML.*; 1 more in this file's lines is not listed$/)
  })

  it('a write that adds one is refused, and one already there does not stop another change', async () => {
    const root = exampleSite(env, {warm: true})
    const referral = firstOf(root, 'referrals')
    const id = path.basename(referral, '.yaml')
    const base = fs.readFileSync(path.join(root, referral), 'utf8')
    // As lead edit writes what the editor saved: the text whole.
    const write = writeRecords(readSite(root), [{kind: 'referral', id, file: referral, text: `${base}# Maria Lopez asked for a callback\n`, base}], {message: 'edit', asOf: AS_OF[1]})
    const refused = await write.then(() => undefined, (e: unknown) => e as LeadError)
    expect(refused?.code).toBe('INVALID_CHANGE')
    expect(JSON.stringify(refused?.details)).toContain('PII_NAME')
    noneTyped(`${refused?.message} ${refused?.hint} ${JSON.stringify(refused?.details)}`)
    expect(fs.readFileSync(path.join(root, referral), 'utf8')).toBe(base)
    // A record entered whole is written from its value: the comments of the file given are not kept.
    const entered = path.join(root, '..', 'entered.yaml')
    fs.writeFileSync(entered, `${base.replace(/^id: .*\n/m, '')}# Maria Lopez asked for a callback\n`)
    const made = runLead(['new', 'referral', '--file', entered, '--json'], {cwd: root, env})
    expect(made.code, made.stdout + made.stderr).toBe(0)
    noneTyped(fs.readFileSync(path.join(root, (made.json() as {file: string}).file), 'utf8') + made.stdout)
    // Committed by hand: lead's next write of the record is not held to it, and keeps it.
    append(root, referral, '# Maria Lopez\n')
    git(root, ['commit', '-q', '--no-verify', '-am', 'by hand'], env)
    const set = runLead(['set', id, 'notes=Housing referral made'], {cwd: root, env})
    expect(set.code, set.stdout + set.stderr).toBe(0)
    expect(fs.readFileSync(path.join(root, referral), 'utf8')).toContain('# Maria Lopez')
  })

  it('fail the CI gate, in the change\'s last state and in a commit that a later one undoes', () => {
    const root = exampleSite(env, {warm: true})
    git(root, ['branch', 'base'], env)
    const referral = firstOf(root, 'referrals')
    const meeting = firstOf(root, 'meetings')
    // A comment written by one commit and taken out by the next.
    const before = fs.readFileSync(path.join(root, referral), 'utf8')
    append(root, referral, '# cell 555-0134\n')
    git(root, ['commit', '-q', '--no-verify', '-am', 'one'], env)
    fs.writeFileSync(path.join(root, referral), `${before}# tidy\n`)
    // And one left in a meeting.
    const at = append(root, meeting, '# Maria Lopez attended\n')
    git(root, ['commit', '-q', '--no-verify', '-am', 'two'], env)
    for (const args of [['validate', '--since', 'base', ...AS_OF], ['validate', '--since', 'base', '--json', ...AS_OF], ['diff', 'base...HEAD', '--check']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(1)
      expect(r.stdout).toContain('PII_COMMIT_CONTENT')
      // The last state's findings are validation's (diff --check gives the review's alone).
      if (args[0] === 'validate' && !args.includes('--json')) expect(r.stdout).toContain(`${meeting}:${at}:3: error PII_NAME`)
      noneTyped(r.stdout + r.stderr)
    }
  })
})
