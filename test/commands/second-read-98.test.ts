/**
 * Second reader, helper-98: attacks on the masking of records saved into another kind's folder
 * (privacy/disclosable.ts shownAsParticipant), on the hints that tell where such a file belongs,
 * and on lead's folder in the git directory (core/state-folder.ts). Each test is named for its
 * attack and runs the built CLI against a temporary git repository.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {BIN, cleanupTemp, exampleSite, git, runLead, tempDir, testEnv} from '../support/cli.js'
import {EXAMPLE_DAY} from '../support/example-site.js'

afterAll(cleanupTemp)
const env = testEnv()
const REFERRAL = 'r-2026-11-03-k3f9q2'
const REFERRAL_FILE = `referrals/2026/${REFERRAL}.yaml`
const CONSENT_FILE = 'consents/c-2025-06-03-5el0oe.yaml'
const SECRETS = /quennell|zavorski|1987-06-05/i
const VALIDATE = [['validate', '--as-of', EXAMPLE_DAY], ['validate', '--as-of', EXAMPLE_DAY, '--json'], ['validate', '--as-of', EXAMPLE_DAY, '--format', 'github']]

describe('a referral saved into another kind\'s folder that the masking could miss', {timeout: 240_000}, () => {
  it.each(['partners', 'protocols', 'mous'])('in %s/, with no id and no participant field, a name in its other fields: no output names it', (folder) => {
    const root = exampleSite(env)
    const text = fs
      .readFileSync(path.join(root, REFERRAL_FILE), 'utf8')
      .replace(/^id: .*\n/m, '')
      .replace(/^participant: .*$/m, 'person: Quennell Zavorski')
      .replace('status: enrolled', 'status: Quennell Zavorski\nnotes: Quennell Zavorski DOB 1987-06-05\nQuennell Zavorski born 1987-06-05: yes')
    fs.writeFileSync(path.join(root, folder, 'harbor-outreach.yaml'), text)
    for (const args of VALIDATE) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, args.join(' ')).toBe(1)
      // A legal ID of its folder, but the file holds a referral: its name is concealed like one (misfiled-file-names.test.ts).
      expect(r.stdout + r.stderr, args.join(' ')).toContain(`${folder}/‹file name of 15 characters, not shown›.yaml`)
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(SECRETS)
    }
    git(root, ['add', '-A'], env)
    const r = runLead(['diff', '--staged', '--json'], {cwd: root, env})
    expect(r.stdout + r.stderr).not.toMatch(SECRETS)
  })

  it('a consent in trainings/ with its id and participant removed: no output names the person in its witness or information', () => {
    const root = exampleSite(env)
    const text = fs
      .readFileSync(path.join(root, CONSENT_FILE), 'utf8')
      .replace(/^id: .*\n/m, 'id: harbor-roi\n')
      .replace(/^participant: .*\n/m, '')
      .replace(/^witness: .*$/m, 'witness: Quennell Zavorski 1987-06-05')
    fs.writeFileSync(path.join(root, 'trainings', 'harbor-roi.yaml'), text)
    for (const args of VALIDATE) {
      const r = runLead(args, {cwd: root, env})
      expect(r.stdout + r.stderr, args.join(' ')).toContain('trainings/')
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(SECRETS)
    }
  })
})

describe('a real partner masked as a referral (a stray participant field): the reviewer still reads the finding', {timeout: 120_000}, () => {
  it('partners/harbor-pd.yaml with participant: and a wrong type: the finding names the field "type" and the allowed fields, unmasked', () => {
    const root = exampleSite(env)
    const file = path.join(root, 'partners', 'harbor-pd.yaml')
    fs.writeFileSync(file, `${fs.readFileSync(file, 'utf8').replace(/^type: .*$/m, 'type: policing')}participant: none\n`)
    for (const args of VALIDATE) {
      const r = runLead(args, {cwd: root, env})
      const out = r.stdout + r.stderr
      expect(r.code, args.join(' ')).toBe(1)
      expect(out, args.join(' ')).toMatch(/type is the text/)
      expect(out, args.join(' ')).toMatch(/allowed fields here: id, name, type, pcg_member, owg_member, contacts, phone, website, notes/)
      // A mask is never masked again (‹a field ‹a field name …› of 10 characters›).
      expect(out, args.join(' ')).not.toMatch(/‹[^›]*‹/)
    }
  })
})

describe('BAD_ID and ID_MISMATCH on a referral or consent saved into another kind\'s folder point to its own folder', {timeout: 120_000}, () => {
  it('partners/<a name>.yaml holding a referral, rosters/<a name>.yaml holding a consent, meetings/2026/<a name>.yaml holding a referral', () => {
    const root = exampleSite(env)
    fs.copyFileSync(path.join(root, REFERRAL_FILE), path.join(root, 'partners', 'Jane Doe.yaml'))
    fs.copyFileSync(path.join(root, CONSENT_FILE), path.join(root, 'rosters', 'Jane Doe 1984.yaml'))
    fs.copyFileSync(path.join(root, REFERRAL_FILE), path.join(root, 'meetings', '2026', 'Jane Roe.yaml'))
    const r = runLead(['validate', '--as-of', EXAMPLE_DAY, '--json'], {cwd: root, env})
    const found = (r.json() as {diagnostics: {code: string; file: string; hint?: string}[]}).diagnostics
    const hints = (folder: string, code: string) => found.filter((d) => d.code === code && d.file.startsWith(`${folder}/`)).map((d) => d.hint ?? '')
    for (const code of ['BAD_ID', 'ID_MISMATCH']) {
      for (const hint of hints('partners', code)) expect(hint, code).toContain(`referrals/2026/${REFERRAL}.yaml`)
      for (const hint of hints('rosters', code)) expect(hint, code).toContain('consents/c-2025-06-03-5el0oe.yaml')
      for (const hint of [...hints('partners', code), ...hints('rosters', code)]) expect(hint, code).not.toMatch(/partners\/r-|rosters\/c-/)
    }
    expect(hints('partners', 'BAD_ID')).toHaveLength(1)
    expect(hints('rosters', 'BAD_ID')).toHaveLength(1)
    expect(hints('meetings', 'BAD_ID')).toHaveLength(1)
    expect(hints('meetings', 'BAD_ID')[0]).toContain('it is a referral: move it to referrals/2026/')
  })

  it('a consent without its id, in protocols/ under a name: sent to consents/ itself, which has no year folders', () => {
    const root = exampleSite(env)
    fs.writeFileSync(path.join(root, 'protocols', 'Jane Doe.yaml'), fs.readFileSync(path.join(root, CONSENT_FILE), 'utf8').replace(/^id: .*\n/m, ''))
    const r = runLead(['validate', '--as-of', EXAMPLE_DAY, '--json'], {cwd: root, env})
    const bad = (r.json() as {diagnostics: {code: string; hint?: string}[]}).diagnostics.filter((d) => d.code === 'BAD_ID')
    expect(bad).toHaveLength(1)
    expect(bad[0]!.hint).toContain('it is a consent: move it to consents/, named by a legal consent ID')
    expect(r.stdout).not.toContain('Jane Doe')
  })
})

describe('a commit message on a change to a referral saved into another kind\'s folder', {timeout: 120_000}, () => {
  it('lead set partner r-… notes=… -m "Called Quennell Zavorski DOB 1987-06-05" on partners/r-….yaml is refused like one on the referral, and nothing is committed', () => {
    const root = exampleSite(env)
    fs.copyFileSync(path.join(root, REFERRAL_FILE), path.join(root, 'partners', `${REFERRAL}.yaml`))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'a referral saved in the wrong folder'], env)
    const before = git(root, ['rev-parse', 'HEAD'], env)
    for (const json of [[], ['--json']]) {
      const r = runLead(['set', 'partner', REFERRAL, 'notes=called back', '-m', 'Called Quennell Zavorski DOB 1987-06-05', ...json], {cwd: root, env})
      expect(r.code).toBe(2)
      expect(r.stdout + r.stderr).toContain('MESSAGE_HOLDS_IDENTIFIER')
      expect(r.stdout + r.stderr).not.toMatch(SECRETS)
    }
    expect(git(root, ['rev-parse', 'HEAD'], env)).toBe(before)
    expect(git(root, ['log', '--format=%B'], env)).not.toMatch(SECRETS)
    // An ordinary message on a real partner still goes through.
    const r = runLead(['set', 'partner', 'harbor-pd', 'notes=new contact', '-m', 'Update contact per Casey Ruiz on 2026-12-04'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
  })
})

describe('lead\'s folder in the git directory under attacks that hold (core/state-folder.ts)', {timeout: 120_000}, () => {
  const mode = (p: string) => fs.statSync(p).mode & 0o777
  it('umask 000: the folder lead makes is 0700 and its files 0600; one an older lead left 0755 with 0644 files is made 0700 again', () => {
    const root = exampleSite(env)
    const lead = path.join(root, '.git', 'lead')
    fs.rmSync(lead, {recursive: true, force: true})
    const r = spawnSync('sh', ['-c', `umask 000 && exec "${process.execPath}" "${BIN}" validate --as-of ${EXAMPLE_DAY}`], {cwd: root, env, encoding: 'utf8'})
    expect(r.status, r.stderr).toBe(0)
    expect(mode(lead)).toBe(0o700)
    for (const f of fs.readdirSync(lead)) expect(mode(path.join(lead, f)), f).toBe(0o600)
    fs.chmodSync(lead, 0o755)
    for (const f of fs.readdirSync(lead)) fs.chmodSync(path.join(lead, f), 0o644)
    const again = runLead(['validate', '--as-of', EXAMPLE_DAY], {cwd: root, env})
    expect(again.code).toBe(0)
    expect(again.stderr).not.toContain('LEAD_FOLDER_REFUSED')
    expect(mode(lead)).toBe(0o700)
  })

  it('a linked worktree (.git a file): its own git directory\'s lead folder is judged, a link there to a folder others can read is refused', () => {
    const root = exampleSite(env)
    const linked = path.join(fs.realpathSync(tempDir('lead-wt-')), 'linked')
    git(root, ['worktree', 'add', '-q', linked], env)
    expect(runLead(['validate', '--as-of', EXAMPLE_DAY], {cwd: linked, env}).code).toBe(0)
    const own = path.join(root, '.git', 'worktrees', 'linked', 'lead')
    expect(mode(own)).toBe(0o700)
    fs.rmSync(own, {recursive: true})
    const open = path.join(fs.realpathSync(tempDir('lead-open-')), 'cache')
    fs.mkdirSync(open, {mode: 0o755})
    fs.chmodSync(open, 0o755)
    fs.symlinkSync(open, own)
    const r = runLead(['validate', '--as-of', EXAMPLE_DAY], {cwd: linked, env})
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^warning LEAD_FOLDER_REFUSED .*a folder others can read/m)
    expect(fs.readdirSync(open)).toEqual([])
  })
})
