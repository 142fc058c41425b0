import {spawn, spawnSync} from 'node:child_process'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {BIN, cleanupTemp, EXAMPLE_SITE, exampleSite, git, REPO_ROOT, runLead, tempDir, testEnv, writeSiteFile} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv()
const read = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), 'utf8')
const log = (root: string) => git(root, ['log', '--format=%s'], env).trim().split('\n')
const referralArgs = ['--set', 'pathway=arrest_diversion', '--set', 'received=2026-11-20T09:15:00-08:00', '--set', 'referrer.agency=harbor-pd', '--set', 'referrer.badge=0412', '--set', 'status=received', '--set', 'charges[]=RCW 69.50.4013', '--set', 'quantity.amount=1', '--set', 'quantity.unit=g']

describe('lead new', () => {
  const root = exampleSite(env, {warm: true})

  it('creates a referral from --set with a minted ID and participant code, typed by the schema, in its own commit', () => {
    const r = runLead(['new', 'referral', ...referralArgs, '--set', 'charges[]=RCW 9A.52.080', '--set', 'intake.completed=2026-11-21', '--json'], {cwd: root, env})
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const out = r.json()
    expect(out.id).toMatch(/^r-2026-11-20-[a-z0-9]{6}$/)
    expect(out.file).toBe(`referrals/2026/${out.id}.yaml`)
    expect(out.committed).toBe(true)
    const text = read(root, out.file)
    expect(text).toContain('badge: "0412"')
    const data = parse(text)
    expect(data.referrer.badge).toBe('0412')
    expect(data.quantity.amount).toBe(1)
    expect(data.charges).toEqual(['RCW 69.50.4013', 'RCW 9A.52.080'])
    expect(data.intake.completed).toBe('2026-11-21')
    expect(data.participant).toMatch(/^P-[0-9A-Z]{6}$/)
    expect(log(root)[0]).toBe(`referral: add ${out.id}`)
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe(out.file)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })

  it('prints the new ID on stdout and talk on stderr; a re-referral keeps the previous participant', () => {
    const r = runLead(['new', 'referral', ...referralArgs, '--set', 'previous=r-2026-11-03-k3f9q2'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    const id = r.stdout.trim()
    expect(id).toMatch(/^r-2026-11-20-[a-z0-9]{6}$/)
    expect(r.stderr).toContain(`committed`)
    expect(parse(read(root, `referrals/2026/${id}.yaml`)).participant).toBe('P-7K2D9Q')
  })

  it('without a terminal, names every missing field and the flag to pass (exit 2), writing nothing', () => {
    const before = log(root)
    const r = runLead(['new', 'referral', '--set', 'pathway=community'], {cwd: root, env})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('MISSING_FIELDS')
    expect(r.stderr).toContain('received, referrer, status')
    expect(r.stderr).toContain('--set received=VALUE --set referrer.FIELD=VALUE --set status=VALUE')
    const j = runLead(['new', 'partner', '--json'], {cwd: root, env})
    expect(j.code).toBe(2)
    expect(j.json().error.details.missing.map((m: {path: string}) => m.path)).toEqual(['id', 'name', 'type'])
    expect(log(root)).toEqual(before)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })

  it('hints a list of maps one field at a time (parties[].partner=VALUE), and that form works (attendees[].badge=VALUE)', () => {
    const r = runLead(['new', 'mou', '--id', '2027-harbor-lead-mou'], {cwd: root, env})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--set parties[].partner=VALUE')
    expect(r.stderr).not.toContain('--set parties[]=VALUE')
    // A session not held yet needs no attendees.
    const empty = runLead(['new', 'training', '--id', '2026-11-21-pd-refresher', '--set', 'course=lead-initial', '--set', 'date=2026-11-21', '--set', 'agency=harbor-pd', '--no-commit'], {cwd: root, env})
    expect(empty.code, empty.stderr).toBe(0)
    fs.rmSync(path.join(root, 'trainings/2026-11-21-pd-refresher.yaml'))
    const ok = runLead(['new', 'training', '--id', '2026-11-20-pd-refresher', '--set', 'course=lead-initial', '--set', 'date=2026-11-20', '--set', 'agency=harbor-pd', '--set', 'attendees[].badge=0412', '--no-commit'], {cwd: root, env})
    expect(ok.code, ok.stderr).toBe(0)
    expect(parse(read(root, 'trainings/2026-11-20-pd-refresher.yaml')).attendees).toEqual([{badge: '0412'}])
    fs.rmSync(path.join(root, 'trainings/2026-11-20-pd-refresher.yaml'))
  })

  it('reads a record from --file (YAML) and from stdin (JSON); refuses an existing ID', () => {
    const file = path.join(tempDir(), 'fire.yaml')
    fs.writeFileSync(file, '# from a file\nname: Harbor Fire Department\ntype: other\n')
    const a = runLead(['new', 'partner', '--id', 'harbor-fire', '--file', file], {cwd: root, env})
    expect(a.code, a.stderr).toBe(0)
    expect(parse(read(root, 'partners/harbor-fire.yaml'))).toEqual({id: 'harbor-fire', name: 'Harbor Fire Department', type: 'other'})
    const b = runLead(['new', 'partner', '--file', '-', '--set', 'owg_member=true', '--json'], {cwd: root, env, input: JSON.stringify({id: 'harbor-ems', name: 'Harbor EMS', type: 'other'})})
    expect(b.code, b.stdout).toBe(0)
    expect(parse(read(root, 'partners/harbor-ems.yaml')).owg_member).toBe(true)
    const c = runLead(['new', 'partner', '--id', 'harbor-pd', '--set', 'name=X', '--set', 'type=other'], {cwd: root, env})
    expect(c.code).toBe(2)
    expect(c.stderr).toContain('RECORD_EXISTS')
  })

  it('refuses a record that would make the site invalid (exit 1): nothing written, no commit', () => {
    const before = log(root)
    const r = runLead(['new', 'referral', ...referralArgs, '--set', 'consent=c-2099-01-01-aaaaaa'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('INVALID_CHANGE')
    expect(r.stderr).toContain('UNKNOWN_CONSENT')
    expect(log(root)).toEqual(before)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })

  it('--no-commit writes the record and leaves it uncommitted', () => {
    const r = runLead(['new', 'partner', '--id', 'harbor-parks', '--set', 'name=Harbor Parks', '--set', 'type=other', '--no-commit', '--json'], {cwd: root, env})
    expect(r.code, r.stdout).toBe(0)
    expect(r.json().committed).toBe(false)
    expect(git(root, ['status', '--porcelain'], env)).toContain('partners/harbor-parks.yaml')
    fs.rmSync(path.join(root, 'partners/harbor-parks.yaml'))
  })
})

describe('lead set', () => {
  const root = exampleSite(env, {warm: true})

  it("changes fields in place keeping the file's comments and layout, committing 'KIND: set ID FIELDS'", () => {
    const before = read(root, 'partners/harbor-pd.yaml')
    const r = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor City Police Department', 'contacts[0].phone=+1-360-555-0199'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    const after = read(root, 'partners/harbor-pd.yaml')
    expect(after).toBe(before.replace('name: Harbor Police Department', 'name: Harbor City Police Department').replace('"+1-360-555-0142"', '"+1-360-555-0199"'))
    expect(log(root)[0]).toBe('partner: set harbor-pd name, contacts[0].phone')
  })

  it('appends, unsets and types values on a referral addressed by path or bare ID', () => {
    const file = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
    const r = runLead(['set', file, 'charges[]=RCW 9A.52.080', 'quantity.amount=2', '--unset', 'catchment', '--json'], {cwd: root, env})
    expect(r.code, r.stdout).toBe(0)
    expect(r.json().changed).toEqual(['charges[]', 'quantity.amount', 'catchment'])
    const data = parse(read(root, file))
    expect(data.charges).toEqual(['RCW 69.50.4013', 'RCW 9A.52.080'])
    expect(data.quantity.amount).toBe(2)
    expect(data.catchment).toBeUndefined()
    expect(read(root, file).startsWith('# An arrest-diversion referral.')).toBe(true)
    const s = runLead(['set', 'r-2026-11-03-k3f9q2', 'notes=Prefers mornings'], {cwd: root, env})
    expect(s.code, s.stderr).toBe(0)
    expect(log(root)[0]).toBe('referral: set r-2026-11-03-k3f9q2 notes')
    // A mistyped ID alone is refused as that kind's ID (not as an unknown kind), without echoing a referral's.
    for (const [args, says] of [[['set', 'r-2026-11-03-k3f9q2x', 'notes=x'], /^error BAD_ID ‹text of 20 characters, not shown› is not a referral ID: referral IDs look like r-YYYY-MM-DD-xxxxxx/], [['show', 'owg-2026-13'], /^error BAD_ID ‹text of 11 characters, not shown› is not a meeting ID: meeting IDs look like pcg-YYYY-MM-DD/]] as const) {
      const bad = runLead([...args], {cwd: root, env})
      expect(bad.code).toBe(2)
      expect(bad.stderr).toMatch(says)
      expect(bad.stderr).not.toContain('k3f9q2x')
    }
    expect(log(root)[0]).toBe('referral: set r-2026-11-03-k3f9q2 notes')
  })

  it('refuses an invalid change with the diagnostics (exit 1); file and git log unchanged', () => {
    const before = read(root, 'referrals/2026/r-2026-11-03-k3f9q2.yaml')
    const commits = log(root)
    const r = runLead(['set', 'referral', 'r-2026-11-03-k3f9q2', 'referrer.agency=harbor-pdd'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/INVALID_CHANGE.*\n.*UNKNOWN_PARTNER/)
    expect(read(root, 'referrals/2026/r-2026-11-03-k3f9q2.yaml')).toBe(before)
    expect(log(root)).toEqual(commits)
    const u = runLead(['set', 'partner', 'harbor-pd', 'nmae=x'], {cwd: root, env})
    expect(u.code).toBe(2)
    expect(u.stderr).toContain('did you mean "name"')
    const n = runLead(['set', 'partner', 'harbr-pd', 'name=x'], {cwd: root, env})
    expect(n.code).toBe(2)
    expect(n.stderr).toContain('did you mean "harbor-pd"')
  })

  it("never commits nor loses the user's other staged and unstaged changes; refuses a dirty target (exit 3)", () => {
    writeSiteFile(root, 'partners/harbor-county-sheriff.yaml', `${read(root, 'partners/harbor-county-sheriff.yaml')}# staged note\n`)
    git(root, ['add', 'partners/harbor-county-sheriff.yaml'], env)
    writeSiteFile(root, 'protocols/2026-v2.yaml', `${read(root, 'protocols/2026-v2.yaml')}# unstaged note\n`)
    writeSiteFile(root, 'notes.txt', 'untracked\n')
    const r = runLead(['set', 'partner', 'harbor-public-defense', 'owg_member=false'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe('partners/harbor-public-defense.yaml')
    const status = git(root, ['status', '--porcelain'], env)
    expect(status).toContain('M  partners/harbor-county-sheriff.yaml')
    expect(status).toContain(' M protocols/2026-v2.yaml')
    expect(status).toContain('?? notes.txt')
    expect(read(root, 'partners/harbor-county-sheriff.yaml')).toContain('# staged note')
    const d = runLead(['set', 'partner', 'harbor-county-sheriff', 'owg_member=false'], {cwd: root, env})
    expect(d.code).toBe(3)
    expect(d.stderr).toContain('UNCOMMITTED_CHANGES')
    git(root, ['reset', '-q', '--hard'], env)
    fs.rmSync(path.join(root, 'notes.txt'))
  })

  it('two lead processes writing at once: both commits land whole, one after the other', async () => {
    const run = (args: string[]) =>
      new Promise<number>((resolve) => {
        // Each waits for the others' writes; a busy CI machine may need more than the default 10 s.
        const child = spawn(process.execPath, [BIN, ...args], {cwd: root, env: {...env, LEAD_LOCK_WAIT_MS: '100000'}, stdio: 'ignore'})
        child.on('exit', (code) => resolve(code ?? -1))
      })
    const before = log(root).length
    const codes = await Promise.all([
      run(['set', 'partner', 'harbor-lead-pm', 'owg_member=false']),
      run(['set', 'partner', 'tidewater-behavioral-health', 'pcg_member=true']),
      run(['new', 'partner', '--id', 'harbor-library', '--set', 'name=Harbor Library', '--set', 'type=community']),
    ])
    expect(codes).toEqual([0, 0, 0])
    expect(log(root).length).toBe(before + 3)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    for (const sha of git(root, ['log', '-3', '--format=%H'], env).trim().split('\n')) {
      expect(git(root, ['show', '--name-only', '--format=', sha], env).trim().split('\n')).toHaveLength(1)
    }
    expect(runLead(['validate'], {cwd: root, env}).code).toBe(0)
  })

  it('a held site lock makes the second writer fail with SITE_BUSY (exit 3), nothing written', () => {
    // The lock of a live process (this test runner) on this host.
    writeSiteFile(root, '.lead/lock', JSON.stringify({pid: process.pid, host: os.hostname(), since: new Date().toISOString()}))
    const before = read(root, 'partners/harbor-pd.yaml')
    const r = runLead(['set', 'partner', 'harbor-pd', 'name=Busy'], {cwd: root, env: {...env, LEAD_LOCK_WAIT_MS: '300'}})
    fs.rmSync(path.join(root, '.lead/lock'))
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('SITE_BUSY')
    expect(read(root, 'partners/harbor-pd.yaml')).toBe(before)
  })

  it('refuses to write while a merge conflict is unresolved (exit 3), listing the files', () => {
    git(root, ['checkout', '-q', '-b', 'other'], env)
    expect(runLead(['set', 'partner', 'harbor-pd', 'name=Other Name'], {cwd: root, env}).code).toBe(0)
    git(root, ['checkout', '-q', 'main'], env)
    expect(runLead(['set', 'partner', 'harbor-pd', 'name=Main Name'], {cwd: root, env}).code).toBe(0)
    spawnGit(root, ['merge', 'other'])
    expect(git(root, ['diff', '--name-only', '--diff-filter=U'], env).trim()).toBe('partners/harbor-pd.yaml')
    const r = runLead(['set', 'partner', 'evergreen-case-management', 'owg_member=false', '--json'], {cwd: root, env})
    expect(r.code).toBe(3)
    const out = r.json()
    expect(out.error.code).toBe('CONFLICTED')
    expect(out.error.details.files).toEqual(['partners/harbor-pd.yaml'])
    git(root, ['merge', '--abort'], env)
  })

  it('when git fails (no identity, a rejecting hook) the file stays written and exit 4 says how to commit by hand', () => {
    const hook = path.join(root, '.git/hooks/pre-commit')
    // A hook that fails without a word: git exits 1 with nothing on stderr.
    fs.writeFileSync(hook, '#!/bin/sh\nexit 1\n', {mode: 0o755})
    const quiet = runLead(['set', 'partner', 'harbor-pd', 'phone=+1-360-555-0176'], {cwd: root, env})
    expect(quiet.code, quiet.stderr).toBe(4)
    expect(read(root, 'partners/harbor-pd.yaml')).toContain('+1-360-555-0176')
    git(root, ['checkout', '-q', 'HEAD', '--', 'partners/harbor-pd.yaml'], env)
    fs.writeFileSync(hook, '#!/bin/sh\necho "policy: no commits today" >&2\nexit 1\n', {mode: 0o755})
    const r = runLead(['set', 'partner', 'harbor-pd', 'phone=+1-360-555-0177'], {cwd: root, env})
    fs.rmSync(hook)
    expect(r.code).toBe(4)
    expect(r.stderr).toContain('GIT_FAILED')
    expect(r.stderr).toMatch(/hint: commit it by hand: git add -- partners\/harbor-pd.yaml && git commit -m/)
    expect(read(root, 'partners/harbor-pd.yaml')).toContain('+1-360-555-0177')
    git(root, ['commit', '-q', '-m', 'by hand', '--', 'partners/harbor-pd.yaml'], env)

    const noIdentity = testEnv({GIT_AUTHOR_NAME: undefined, GIT_AUTHOR_EMAIL: undefined, GIT_COMMITTER_NAME: undefined, GIT_COMMITTER_EMAIL: undefined})
    git(root, ['config', 'user.useConfigOnly', 'true'], env)
    const n = runLead(['set', 'partner', 'harbor-pd', 'phone=+1-360-555-0178'], {cwd: root, env: noIdentity})
    git(root, ['config', '--unset', 'user.useConfigOnly'], env)
    expect(n.code).toBe(4)
    expect(n.stderr).toContain('GIT_IDENTITY')
    expect(n.stderr).toContain('git config --global user.name')
    expect(read(root, 'partners/harbor-pd.yaml')).toContain('+1-360-555-0178')
    git(root, ['commit', '-q', '-m', 'by hand', '--', 'partners/harbor-pd.yaml'], env)
  })
})

function spawnGit(cwd: string, args: string[]): void {
  // A merge that stops on a conflict exits non-zero: that is what we want here.
  spawnSync('git', args, {cwd, env, encoding: 'utf8'})
}

describe('lead list, show, history, export', () => {
  const root = exampleSite(env, {warm: true})

  it('lists with default columns, --where, --sort, --fields and --json', () => {
    const t = runLead(['list', 'partners'], {cwd: root, env})
    expect(t.code).toBe(0)
    expect(t.stdout.split('\n')[0]).toMatch(/^id\s+name\s+type\s+pcg_member\s+owg_member$/)
    expect(t.stderr).toContain('8 partners')
    const j = runLead(['list', 'referral', '--where', 'status=enrolled', '--where', 'received>=2026-10-01', '--sort=-received', '--fields', 'id,referrer.agency', '--json'], {cwd: root, env})
    const rows = j.json()
    expect(rows.length).toBeGreaterThan(0)
    expect(Object.keys(rows[0])).toEqual(['id', 'referrer.agency'])
    expect(rows[0].id).toBe('r-2026-11-03-k3f9q2')
    const ids = rows.map((r: {id: string}) => r.id)
    expect([...ids].sort().reverse()).toEqual(ids)
  })

  it('shows a record as it is on disk plus derived values; --json with record and derived', () => {
    const r = runLead(['show', 'referral', 'r-2026-11-03-k3f9q2', '--as-of', '2026-11-27'], {cwd: root, env})
    expect(r.code).toBe(0)
    expect(r.stdout.startsWith(read(root, 'referrals/2026/r-2026-11-03-k3f9q2.yaml'))).toBe(true)
    expect(r.stdout).toContain('#   intake_due: 2026-12-03')
    expect(parse(r.stdout).id).toBe('r-2026-11-03-k3f9q2')
    const j = runLead(['show', 'r-2026-11-25-ur72af', '--json', '--as-of', '2026-11-27'], {cwd: root, env}).json()
    expect(j.record.participant).toBe('P-3KB6VQ')
    expect(j.derived.protocol).toBe('2026-v2')
    expect(j.derived.intake_due).toBe('2026-12-25')
    expect(j.derived.intake_days_left).toBe(28)
    expect(j.derived.response_minutes).toBe(11)
  })

  it('show, history, edit and set without a record say so (exit 2), with an example of the command run', () => {
    for (const [command, example] of [['show', 'lead show partner harbor-pd'], ['history', 'lead history partner harbor-pd'], ['edit', 'lead edit partner harbor-pd'], ['set', 'lead set partner harbor-pd phone=']] as const) {
      const r = runLead([command], {cwd: root, env})
      expect(r.code, command).toBe(2)
      expect(r.stderr, command).toContain('MISSING_RECORD')
      expect(r.stderr, command).toContain(`hint: e.g. ${example}`)
    }
  })

  it('history lists commits newest first and follows a rename', () => {
    runLead(['set', 'partner', 'harbor-housing-coalition', 'owg_member=false'], {cwd: root, env})
    git(root, ['mv', 'partners/harbor-housing-coalition.yaml', 'partners/harbor-housing.yaml'], env)
    const moved = read(root, 'partners/harbor-housing.yaml').replace('id: harbor-housing-coalition', 'id: harbor-housing')
    fs.writeFileSync(path.join(root, 'partners/harbor-housing.yaml'), moved)
    git(root, ['commit', '-qam', 'partner: rename harbor-housing-coalition to harbor-housing'], env)
    const j = runLead(['history', 'partner', 'harbor-housing', '--json'], {cwd: root, env}).json()
    expect(j.map((c: {subject: string}) => c.subject)).toEqual(['partner: rename harbor-housing-coalition to harbor-housing', 'partner: set harbor-housing-coalition owg_member', 'lead: create site Harbor County LEAD'])
    expect(j[0].author).toBe('Test Author')
    const t = runLead(['history', 'partners/harbor-housing.yaml'], {cwd: root, env})
    expect(t.stdout).toMatch(/partner: set harbor-housing-coalition owg_member\s+partners\/harbor-housing-coalition.yaml/)
    const p = runLead(['history', 'partner', 'harbor-housing', '--patch', '-n', '2'], {cwd: root, env})
    expect(p.stdout).toContain('-owg_member: true')
  })

  it('history of a site outside git says so; in a repository without commits, that the file has none', () => {
    const bare = tempDir()
    fs.cpSync(EXAMPLE_SITE, bare, {recursive: true})
    for (const json of [[], ['--json']]) {
      const r = runLead(['history', 'partner', 'harbor-pd', ...json], {cwd: bare, env})
      expect(r.code, r.stderr).toBe(3)
      expect(r.stdout + r.stderr).toContain('NOT_A_REPO')
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
    git(bare, ['init', '-q'], env)
    const fresh = runLead(['history', 'partner', 'harbor-pd'], {cwd: bare, env})
    expect(fresh.code, fresh.stderr).toBe(0)
    expect(fresh.stderr).toContain('partners/harbor-pd.yaml has no commits yet')
    expect(runLead(['history', 'partner', 'harbor-pd', '--json'], {cwd: bare, env}).json()).toEqual([])
  })

  it('exports flat CSV with formula cells neutralised, a BOM on request, and flat JSON', () => {
    runLead(['set', 'partner', 'harbor-pd', 'notes==HYPERLINK("http://evil.example","x")', 'contacts[0].role=@SUM(A1)'], {cwd: root, env})
    const r = runLead(['export', 'partner', '--where', 'id=harbor-pd'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    const [head, row] = r.stdout.split('\r\n')
    expect(head!.split(',').slice(0, 4)).toEqual(['id', 'name', 'type', 'pcg_member'])
    expect(head).toContain('contacts.0.name')
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`)
    expect(row).toContain("'@SUM(A1)")
    const out = path.join(tempDir(), 'p.csv')
    expect(runLead(['export', 'partner', '--bom', '--output', out], {cwd: root, env}).code).toBe(0)
    expect(fs.readFileSync(out).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(fs.statSync(out).mode & 0o777).toBe(0o600)
    const j = runLead(['export', 'referral', '--json', '--fields', 'id,referrer.badge,quantity.amount', '--where', 'id=r-2026-11-03-k3f9q2'], {cwd: root, env}).json()
    expect(j).toEqual([{'id': 'r-2026-11-03-k3f9q2', 'referrer.badge': '0412', 'quantity.amount': 1.2}])
  })

  it('exports one row per list item with --each, and lists by a field of list items', () => {
    const e = runLead(['export', 'roster', '--each', 'officers', '--where', 'id=harbor-pd', '--fields', 'id,officers.badge,officers.name', '--json'], {cwd: root, env})
    expect(e.code, e.stderr).toBe(0)
    const rows = e.json()
    expect(rows.length).toBe(parse(read(root, 'rosters/harbor-pd.yaml')).officers.length)
    expect(rows[0]).toEqual({'id': 'harbor-pd', 'officers.badge': '0412', 'officers.name': 'Dana Ortiz'})
    const bad = runLead(['export', 'roster', '--each', 'officer'], {cwd: root, env})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('list fields of a roster: officers')
    const l = runLead(['list', 'roster', '--where', 'officers.badge=0412', '--json'], {cwd: root, env}).json()
    expect(l.map((r: {id: string}) => r.id)).toEqual(['harbor-pd'])
  })
})

/**
 * lead edit needs a terminal: run it in a pseudo-terminal (test/support/pty-driver.py) with CI unset
 * unless the test sets it. The terminal merges stdout and stderr, so both hold everything shown.
 */
function runEdit(args: string[], root: string, editEnv: NodeJS.ProcessEnv, options: {ci?: boolean} = {}) {
  const ttyEnv: NodeJS.ProcessEnv = {...editEnv}
  if (!options.ci) delete ttyEnv.CI
  const r = spawnSync('python3', [path.join(REPO_ROOT, 'test/support/pty-driver.py'), '[]', '--', process.execPath, BIN, 'edit', ...args], {cwd: root, env: ttyEnv, encoding: 'utf8'})
  const result = JSON.parse(r.stdout) as {code: number; output: string}
  const output = result.output.replace(/\r\n/g, '\n')
  return {code: result.code, stdout: output, stderr: output, json: () => JSON.parse(output)}
}

describe('lead edit', () => {
  const root = exampleSite(env, {warm: true})
  const editor = `${process.execPath} ${path.join(REPO_ROOT, 'test/support/scripted-editor.mjs')}`
  const editEnv = (mode: string) => {
    const logFile = path.join(tempDir(), 'edit.log')
    return {env: testEnv({EDITOR: editor, EDIT_MODE: mode, EDIT_LOG: logFile}), shown: () => fs.readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string)}
  }

  it('a valid save is validated and committed', () => {
    const e = editEnv('rename')
    const r = runEdit(['partner', 'harbor-pd'], root, e.env)
    expect(r.code, r.stderr).toBe(0)
    expect(read(root, 'partners/harbor-pd.yaml')).toContain('name: Harbor City Police Department')
    expect(log(root)[0]).toBe('partner: edit harbor-pd')
  })

  it('an invalid save reopens with the diagnostics on top and the text intact, then commits the fix', () => {
    const e = editEnv('invalid-then-fix')
    const r = runEdit(['partners/harbor-county-sheriff.yaml', '--json'], root, e.env)
    expect(r.code, r.stdout).toBe(0)
    expect(r.json().rounds).toBe(2)
    const [first, second] = e.shown()
    // The editor's language server gets the schema lead validates with (the temporary file is
    // outside the site's .vscode globs); the line is never saved.
    const schemaLine = /^# yaml-language-server: \$schema=(file:\/\/\S+\/partner\.schema\.json)\n/
    expect(first).toMatch(schemaLine)
    expect(fs.existsSync(new URL(schemaLine.exec(first)![1]!))).toBe(true)
    expect(second).toMatch(schemaLine)
    expect(second.split('\n')[1]).toBe('# ---- lead: your changes were NOT saved ----')
    expect(second).toMatch(/#   line \d+, column \d+: error \S+ .*polise/)
    expect(second).toContain('type: polise  # my note')
    const line = Number(/line (\d+), column/.exec(second)![1])
    expect(second.split('\n')[line - 1]).toContain('type: polise')
    const saved = read(root, 'partners/harbor-county-sheriff.yaml')
    expect(saved).toContain('type: law_enforcement  # my note')
    expect(saved).not.toContain('lead:')
    expect(saved).not.toContain('yaml-language-server')
  })

  it('a record whose file is named by a person is kept, on an abort, under its kind alone: no output names it', () => {
    const file = 'consents/Jane Doe 1984-03-02.yaml'
    fs.copyFileSync(path.join(root, 'consents/c-2026-11-03-p8m2wd.yaml'), path.join(root, file))
    git(root, ['add', '--', file], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'a copy'], env)
    try {
      const r = runEdit([file], root, editEnv('unchanged').env)
      expect(r.code, r.stderr).toBe(1)
      expect(r.stderr).toContain('EDIT_ABORTED')
      expect(r.stderr).not.toMatch(/Jane|1984/)
      const kept = /kept in (\.lead\/recovered\/consent-\d{8}T\d{6}Z\.yaml)/.exec(r.stderr)![1]!
      expect(read(root, kept)).toBe(read(root, file))
    } finally {
      git(root, ['rm', '-q', '--', file], env)
      git(root, ['commit', '-q', '--no-verify', '-m', 'the copy removed'], env)
    }
  })

  it('an unchanged save after an error aborts: record as it was, buffer kept in .lead/recovered (0600, ignored), exit 1', () => {
    const before = read(root, 'partners/evergreen-case-management.yaml')
    const commits = log(root)
    const e = editEnv('invalid-then-unchanged')
    const r = runEdit(['partner', 'evergreen-case-management'], root, e.env)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('EDIT_ABORTED')
    const kept = /kept in (\.lead\/recovered\/partner-evergreen-case-management-\d{8}T\d{6}Z\.yaml)/.exec(r.stderr)![1]!
    expect(read(root, kept)).toContain('type: polise  # my note')
    expect(fs.statSync(path.join(root, kept)).mode & 0o777).toBe(0o600)
    expect(read(root, 'partners/evergreen-case-management.yaml')).toBe(before)
    expect(log(root)).toEqual(commits)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })

  it('an emptied or unchanged first save aborts with exit 1 and keeps the buffer', () => {
    for (const mode of ['empty', 'unchanged']) {
      const r = runEdit(['partner', 'harbor-lead-pm'], root, editEnv(mode).env)
      expect(r.code, mode).toBe(1)
      expect(r.stderr).toMatch(/kept in \.lead\/recovered\/partner-harbor-lead-pm-/)
    }
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })

  it('when another lead command holds the site, the saved text is kept in .lead/recovered (exit 3)', () => {
    const e = editEnv('rename-while-locked')
    const lockEnv = {...e.env, LOCK_FILE: path.join(root, '.lead/lock'), LOCK_PID: String(process.pid), LEAD_LOCK_WAIT_MS: '300'}
    const r = runEdit(['partner', 'harbor-public-defense'], root, lockEnv)
    fs.rmSync(path.join(root, '.lead/lock'), {force: true})
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('SITE_BUSY')
    const kept = /kept in (\.lead\/recovered\/\S+\.yaml)/.exec(r.stderr)![1]!
    expect(read(root, kept)).toContain('name: Renamed While Locked')
    expect(read(root, 'partners/harbor-public-defense.yaml')).not.toContain('Renamed While Locked')
  })

  it('refuses before opening the editor when the record has uncommitted changes (exit 3)', () => {
    fs.appendFileSync(path.join(root, 'partners/harbor-pd.yaml'), '# mine\n')
    const e = editEnv('rename')
    const r = runEdit(['partner', 'harbor-pd'], root, e.env)
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('UNCOMMITTED_CHANGES')
    expect(fs.existsSync(path.join(path.dirname(e.env.EDIT_LOG!), 'edit.log'))).toBe(false)
    git(root, ['checkout', '-q', '--', 'partners/harbor-pd.yaml'], env)
  })

  it('refuses without a terminal, or with CI set, before opening the editor (exit 2), pointing to lead set', () => {
    const e = editEnv('rename')
    const noCi = {...e.env}
    delete noCi.CI
    const piped = runLead(['edit', 'partner', 'harbor-pd'], {cwd: root, env: noCi})
    expect(piped.code).toBe(2)
    expect(piped.stderr).toContain('NO_TERMINAL lead edit opens an editor, so it needs a terminal')
    expect(piped.stderr).toContain('lead set partner harbor-pd FIELD=VALUE')
    const ci = runEdit(['partner', 'harbor-pd'], root, e.env, {ci: true})
    expect(ci.code).toBe(2)
    expect(ci.stderr).toContain('NO_TERMINAL')
    expect(fs.existsSync(path.join(path.dirname(e.env.EDIT_LOG!), 'edit.log'))).toBe(false)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })
})
