/**
 * Second read of 8f3b065..ed3e02f: a write keeps a byte-order mark (write-files.ts textOnDisk), the
 * COMMIT_INVALID list without git's early status (git-file-state.ts), lead's own temporary file
 * reported once tracked (site-files.ts), the sweep of abandoned saves in .git/lead
 * (abandoned-writes.ts), and `lead history` and `lead referral check` on the early path. Each test
 * passes when lead is right.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {sweepAbandonedWrites} from '../../src/core/records/abandoned-writes.js'
import {gitStateHome} from '../../src/core/records/cache-files.js'
import {contentHash, ParseCache} from '../../src/core/records/parse-cache.js'
import {readSite} from '../../src/core/site.js'
import {loadRecords} from '../../src/core/records/load.js'
import type {Referral} from '../../src/core/records/types.js'
import {decideEligibility} from '../../src/core/referrals/eligibility.js'
import {referralDataFrom} from '../../src/core/referrals/site-data.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {cleanupTemp, exampleSite, git, runLead, siteInSubfolder, tempDir, testEnv} from '../support/cli.js'

const env = testEnv()
Object.assign(process.env, {GIT_AUTHOR_NAME: env.GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL: env.GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME: env.GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL: env.GIT_COMMITTER_EMAIL, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})
afterAll(cleanupTemp)

const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const AS_OF = ['--as-of', '2026-11-27']
const REF = 'referrals/2026/r-2026-01-08-z66mn9.yaml'
const REF_ID = 'r-2026-01-08-z66mn9'
const abs = (root: string, rel: string) => path.join(root, rel)
const rd = (root: string, rel: string) => fs.readFileSync(abs(root, rel), 'utf8')
const all = (r: {stdout: string; stderr: string; code: number}) => `${r.stdout}${r.stderr}exit ${r.code}`
/** What a run prints with no memo and no cache (.git/lead removed first). */
function fresh(root: string, args: string[], e = env) {
  fs.rmSync(gitStateHome(root)!.dir, {recursive: true, force: true})
  return all(runLead(args, {cwd: root, env: e}))
}
const withBom = (root: string, rel: string) => fs.writeFileSync(abs(root, rel), Buffer.concat([BOM, fs.readFileSync(abs(root, rel))]))
const startsWithBom = (root: string, rel: string) => fs.readFileSync(abs(root, rel)).subarray(0, 3).equals(BOM)

describe('1. a write keeps the byte-order mark and is judged as the bytes on disk', () => {
  it('B1 lead set --no-commit on a file with a mark: kept, cache knows the bytes, validate as with no cache', () => {
    const root = exampleSite(env, {warm: true})
    withBom(root, REF)
    git(root, ['commit', '-qam', 'windows editor'], env)
    const r = runLead(['set', 'referral', REF_ID, 'district=D2', '--no-commit'], {cwd: root, env})
    expect(r.code, all(r)).toBe(0)
    expect(startsWithBom(root, REF)).toBe(true)
    expect(rd(root, REF)).toContain('district: D2')
    expect(ParseCache.open(root).knows(contentHash(fs.readFileSync(abs(root, REF))))).toBe(true)
    const warm = all(runLead(['validate', ...AS_OF], {cwd: root, env}))
    expect(warm).toBe(fresh(root, ['validate', ...AS_OF]))
  })

  it('B2 lead config set on a lead.yaml with a mark keeps it; validate as with no cache', () => {
    const root = exampleSite(env, {warm: true})
    withBom(root, 'lead.yaml')
    git(root, ['commit', '-qam', 'windows editor'], env)
    const r = runLead(['config', 'set', 'referral_phone=+1-360-555-0199'], {cwd: root, env})
    expect(r.code, all(r)).toBe(0)
    expect(startsWithBom(root, 'lead.yaml')).toBe(true)
    expect(rd(root, 'lead.yaml')).toContain('555-0199')
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    const warm = all(runLead(['validate', ...AS_OF], {cwd: root, env}))
    expect(warm).toBe(fresh(root, ['validate', ...AS_OF]))
  })

  it('B3 a text that brings its own mark, to a file without one (lead edit from a Windows editor): written with one mark, cached as a load hashes it', async () => {
    const root = exampleSite(env, {warm: true})
    const base = rd(root, REF)
    const text = `\uFEFF${base.replace(/^district: .*$/m, 'district: D3')}`
    const w = await writeRecords(readSite(root), [{kind: 'referral', id: REF_ID, file: REF, text, base}], {message: 'referral: district'})
    expect(w.commit).toBeTruthy()
    const disk = fs.readFileSync(abs(root, REF))
    expect(disk.subarray(0, 3).equals(BOM)).toBe(true)
    expect(disk.subarray(3, 6).equals(BOM)).toBe(false)
    expect(ParseCache.open(root).knows(contentHash(disk))).toBe(true)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    expect(all(runLead(['validate', ...AS_OF], {cwd: root, env}))).toBe(fresh(root, ['validate', ...AS_OF]))
  })

  it('B4 several files, some with a mark, some new (an import): each keeps its own', async () => {
    const root = exampleSite(env, {warm: true})
    const files = fs.readdirSync(abs(root, 'referrals/2026')).sort().slice(0, 3).map((f) => `referrals/2026/${f}`)
    withBom(root, files[1]!)
    git(root, ['commit', '-qam', 'windows editor'], env)
    const changes = files.map((file) => {
      const base = rd(root, file).replace(/^\uFEFF/, '')
      return {kind: 'referral' as const, id: path.basename(file, '.yaml'), file, text: base.replace(/^notes: .*$/m, 'notes: Moved.'), base}
    })
    const partner = 'partners/zz-new.yaml'
    const w = await writeRecords(readSite(root), [...changes, {kind: 'partner', id: 'zz-new', file: partner, text: 'id: zz-new\nname: Zed Services\ntype: other\n', base: null}], {message: 'several'})
    expect(w.commit).toBeTruthy()
    expect(files.map((f) => startsWithBom(root, f))).toEqual([false, true, false])
    expect(startsWithBom(root, partner)).toBe(false)
    for (const f of [...files, partner]) expect(ParseCache.open(root).knows(contentHash(fs.readFileSync(abs(root, f)))), f).toBe(true)
  })

  it('B5 a pre-commit hook that strips the mark: told as a hook\'s rewrite, and validate after it is as with no cache', async () => {
    const root = exampleSite(env, {warm: true})
    withBom(root, REF)
    git(root, ['commit', '-qam', 'windows editor'], env)
    const hook = abs(root, '.git/hooks/pre-commit')
    fs.writeFileSync(hook, `#!/bin/sh\nf=${REF}\ntail -c +4 "$f" > "$f.x" && mv "$f.x" "$f" && git add "$f"\n`, {mode: 0o755})
    const base = rd(root, REF).slice(1)
    const w = await writeRecords(readSite(root), [{kind: 'referral', id: REF_ID, file: REF, text: base.replace(/^district: .*$/m, 'district: D4'), base}], {message: 'referral: district'})
    expect(w.changedByHook?.rewritten).toEqual([REF])
    expect(startsWithBom(root, REF)).toBe(false)
    expect(all(runLead(['validate', ...AS_OF], {cwd: root, env}))).toBe(fresh(root, ['validate', ...AS_OF]))
  })

  it('B6 .gitattributes eol=crlf: a write on a file with a mark commits what validate then reads as with no cache', () => {
    const root = exampleSite(env, {warm: true})
    fs.writeFileSync(abs(root, '.gitattributes'), '*.yaml text eol=crlf\n')
    withBom(root, REF)
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'crlf'], env)
    const r = runLead(['set', 'referral', REF_ID, 'district=D5'], {cwd: root, env})
    expect(r.code, all(r)).toBe(0)
    expect(startsWithBom(root, REF)).toBe(true)
    expect(all(runLead(['validate', ...AS_OF], {cwd: root, env}))).toBe(fresh(root, ['validate', ...AS_OF]))
  })
})

describe('2. COMMIT_INVALID lists unchecked index entries without git\'s early status', () => {
  it('G1 a site in a subfolder with a space, assume-unchanged and skip-worktree files (one named by a person): the same refusal both ways, no name printed', () => {
    const from = exampleSite(env, {warm: true})
    const {top, site} = siteInSubfolder(from, 'sites/harbor county', env)
    const named = 'consents/Jane Roe 1984.yaml'
    const consent = 'consents/c-2025-06-03-5el0oe.yaml'
    fs.copyFileSync(abs(site, consent), abs(site, named))
    fs.writeFileSync(abs(site, 'partners/zz café.yaml'), 'id: zz-cafe\nname: Cafe\ntype: other\n')
    git(top, ['add', '-A'], env)
    git(top, ['commit', '-qm', 'odd names'], env)
    fs.appendFileSync(abs(site, named), '# edited\n')
    fs.appendFileSync(abs(site, 'partners/zz café.yaml'), '# edited\n')
    git(site, ['update-index', '--assume-unchanged', named], env)
    git(site, ['update-index', '--skip-worktree', 'partners/zz café.yaml'], env)
    // A consent the working tree holds and HEAD does not: committed alone, the referral names no consent.
    const fresh = 'consents/c-2026-09-09-zzzzzz.yaml'
    fs.writeFileSync(abs(site, fresh), rd(site, 'consents/c-2026-01-08-3gsa3a.yaml').replace(/^id: .*$/m, 'id: c-2026-09-09-zzzzzz'))
    const outs = ['on', 'off'].flatMap((state) => [[], ['--json']].map((json) => runLead(['set', 'referral', REF_ID, 'consent=c-2026-09-09-zzzzzz', ...json], {cwd: site, env: {...env, LEAD_GIT_STATE: state}})))
    expect(outs[0]!.stderr + outs[0]!.stdout).toContain('COMMIT_INVALID')
    expect(all(outs[0]!)).toBe(all(outs[2]!))
    expect(all(outs[1]!)).toBe(all(outs[3]!))
    for (const o of outs) {
      expect(all(o)).not.toContain('Jane')
      expect(all(o)).not.toContain('1984')
    }
    expect(outs[1]!.json().error?.details?.uncommitted ?? outs[1]!.json().details?.uncommitted).toBeDefined()
  })
})

describe('3. lead\'s own temporary file, reported once tracked', () => {
  const tempOf = (_root: string, rel = REF) => `${path.dirname(rel)}/.${path.basename(rel)}.0123456789ab.tmp`
  const noTmpLine = (root: string) => fs.writeFileSync(abs(root, '.gitignore'), rd(root, '.gitignore').replace(/^\.\*\.tmp\n/m, ''))

  it('T1 a site in a subfolder of the repository: committed, it is reported with and without git\'s early status; untracked it is not', () => {
    const from = exampleSite(env, {warm: true})
    const {top, site} = siteInSubfolder(from, 'sites/harbor', env)
    noTmpLine(site)
    git(top, ['commit', '-qam', 'no tmp line'], env)
    const temp = tempOf(site)
    fs.copyFileSync(abs(site, REF), abs(site, temp))
    for (const state of ['on', 'off']) expect(runLead(['validate', ...AS_OF], {cwd: site, env: {...env, LEAD_GIT_STATE: state}}).code, state).toBe(0)
    git(top, ['add', '-A'], env)
    git(top, ['commit', '-qm', 'crash left it'], env)
    for (const state of ['on', 'off']) {
      const r = runLead(['validate', ...AS_OF], {cwd: site, env: {...env, LEAD_GIT_STATE: state}})
      expect(r.code, state).toBe(1)
      expect(r.stdout).toContain('PII_UNCHECKED_FILE')
      // The temporary file's name is not printed (it is concealed like any name under a participant folder).
      expect(all(r)).not.toContain('0123456789ab')
    }
    const since = runLead(['validate', '--since', 'HEAD~1', ...AS_OF], {cwd: site, env})
    expect(since.code).toBe(1)
    expect(since.stdout).toContain('PII_UNCHECKED_FILE')
  })

  it('T2 odd names (a colon first, glob characters, spaces): asked of git literally; committed, reported; untracked, not', () => {
    const root = exampleSite(env, {warm: true})
    noTmpLine(root)
    git(root, ['commit', '-qam', 'no tmp line'], env)
    // Names a pathspec would read as magic or a glob: `:(top)`, `*`, `[ab]`, `?`.
    const names = ['referrals/2026/.:(glob)*.yaml.0123456789ab.tmp', 'consents/.c [ab]?.yaml.00112233aabb.tmp']
    // A glob-matching twin that is tracked, so an unquoted pathspec would say "tracked" for the untracked ones.
    for (const n of names) fs.writeFileSync(abs(root, n), 'participant: P-XXXXXX\n')
    for (const state of ['on', 'off']) expect(runLead(['validate', ...AS_OF], {cwd: root, env: {...env, LEAD_GIT_STATE: state}}).code, state).toBe(0)
    // Track a file the glob of the first name matches (not the name itself): still untracked, still none.
    const globTwin = 'referrals/2026/.:(glob)xx.yaml.0123456789ab.tmp'
    fs.writeFileSync(abs(root, globTwin), 'x\n')
    git(root, ['add', '-f', '--', `:(literal)${globTwin}`], env)
    git(root, ['commit', '-qm', 'twin'], env)
    const r = runLead(['validate', ...AS_OF, '--json'], {cwd: root, env: {...env, LEAD_GIT_STATE: 'off'}})
    const pii = (r.json().diagnostics ?? r.json().findings ?? []).filter((d: {code: string}) => d.code === 'PII_UNCHECKED_FILE')
    expect(pii.length).toBe(1)
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'all'], env)
    for (const state of ['on', 'off']) {
      const j = runLead(['validate', ...AS_OF, '--json'], {cwd: root, env: {...env, LEAD_GIT_STATE: state}})
      const n = (j.json().diagnostics ?? j.json().findings ?? []).filter((d: {code: string}) => d.code === 'PII_UNCHECKED_FILE').length
      expect(n, state).toBe(3)
      expect(j.stdout).not.toContain('glob')
      expect(j.stdout).not.toContain('[ab]')
    }
  })

  it('T3 validate --staged and the pre-commit hook report a staged temporary file, and a write\'s commit does not take it', () => {
    const root = exampleSite(env, {warm: true})
    noTmpLine(root)
    git(root, ['commit', '-qam', 'no tmp line'], env)
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    const temp = tempOf(root)
    fs.copyFileSync(abs(root, REF), abs(root, temp))
    // A write while the crash's file is there, untracked: it commits its own file only.
    const w = runLead(['set', 'referral', REF_ID, 'district=D2'], {cwd: root, env})
    expect(w.code, all(w)).toBe(0)
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe(REF)
    git(root, ['add', '-A'], env)
    const staged = runLead(['validate', '--staged', ...AS_OF], {cwd: root, env})
    expect(staged.code).toBe(1)
    expect(staged.stdout).toContain('PII_UNCHECKED_FILE')
    const c = spawnSync('git', ['commit', '-m', 'everything'], {cwd: root, env, encoding: 'utf8'})
    expect(c.status).not.toBe(0)
    expect(c.stderr + c.stdout).toContain('PII_UNCHECKED_FILE')
    expect(c.stderr + c.stdout).not.toContain('0123456789ab')
  })

  it('T4 a big folder asks git for no file but the temporary one (the walk without status)', () => {
    const root = exampleSite(env, {warm: true})
    // A git that logs each ls-files it is asked.
    const bin = tempDir('lead-fakegit-')
    const log = path.join(bin, 'log')
    const real = spawnSync('sh', ['-c', 'command -v git'], {encoding: 'utf8'}).stdout.trim()
    fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\nif [ "$1" = ls-files ]; then echo "$*" >> ${log}; fi\nexec ${real} "$@"\n`, {mode: 0o755})
    for (let i = 0; i < 200; i++) fs.writeFileSync(abs(root, `partners/zz-${i}.yaml`), `id: zz-${i}\nname: Partner ${i}\ntype: other\n`)
    fs.copyFileSync(abs(root, REF), abs(root, tempOf(root)))
    const r = runLead(['validate', ...AS_OF], {cwd: root, env: {...env, LEAD_GIT_STATE: 'off', PATH: `${bin}:${env.PATH ?? process.env.PATH}`}})
    expect(r.code, all(r)).toBeLessThanOrEqual(1)
    const asked = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter((l) => l.startsWith('ls-files -z --')) : []
    // Once, for the temporary file alone (not once per file of the 200 added).
    expect(asked.length).toBe(1)
  })
})

describe('4. the sweep of abandoned saves in .git/lead', () => {
  const old = (file: string) => {
    const t = new Date(Date.now() - 3600_000)
    fs.lutimesSync(file, t, t)
  }
  it('S1 removes lead\'s abandoned temporary files only: not a fresh one, a folder, a link\'s target, a user\'s file of another name', () => {
    const dir = tempDir('lead-sweep-')
    const outside = tempDir('lead-outside-')
    const target = path.join(outside, 'keep.txt')
    fs.writeFileSync(target, 'user data')
    const files = {
      abandoned: path.join(dir, '.values-abc.json.0123456789ab.tmp'),
      abandonedPid: path.join(dir, 'memo-x.json.12345.tmp'),
      fresh: path.join(dir, '.values-abc.json.fedcba987654.tmp'),
      other: path.join(dir, 'notes.txt'),
      folder: path.join(dir, '.a-folder.tmp'),
      link: path.join(dir, '.link.0123456789ab.tmp'),
    }
    fs.writeFileSync(files.abandoned, 'x')
    fs.writeFileSync(files.abandonedPid, 'x')
    fs.writeFileSync(files.fresh, 'x')
    fs.writeFileSync(files.other, 'x')
    fs.mkdirSync(files.folder)
    fs.writeFileSync(path.join(files.folder, 'inside'), 'x')
    fs.symlinkSync(target, files.link)
    for (const f of [files.abandoned, files.abandonedPid, files.other, files.folder, files.link]) old(f)
    old(target)
    sweepAbandonedWrites(dir)
    expect(fs.existsSync(files.abandoned)).toBe(false)
    expect(fs.existsSync(files.abandonedPid)).toBe(false)
    expect(fs.existsSync(files.fresh)).toBe(true)
    expect(fs.existsSync(files.other)).toBe(true)
    expect(fs.existsSync(path.join(files.folder, 'inside'))).toBe(true)
    expect(fs.readFileSync(target, 'utf8')).toBe('user data')
  })

  it('S3 lead\'s folder (.git/lead) a link to a folder of the user\'s: none of the user\'s files there is removed', () => {
    const outside = tempDir('lead-users-')
    const mine = [path.join(outside, '.draft.tmp'), path.join(outside, 'thesis.2.tmp')]
    for (const f of mine) {
      fs.writeFileSync(f, 'mine')
      old(f)
    }
    const home = path.join(tempDir('lead-home-link-'), 'lead')
    fs.symlinkSync(outside, home)
    sweepAbandonedWrites(home)
    for (const f of mine) expect(fs.existsSync(f), f).toBe(true)
  })

  it('S2 a file with a modification time in the future (a skewed clock) is left', () => {
    const dir = tempDir('lead-sweep-')
    const f = path.join(dir, '.index-abc.json.0123456789ab.tmp')
    fs.writeFileSync(f, 'x')
    const t = new Date(Date.now() + 3600_000)
    fs.utimesSync(f, t, t)
    sweepAbandonedWrites(dir)
    expect(fs.existsSync(f)).toBe(true)
  })
})

describe('5. lead history on the early path', () => {
  const both = (cwd: string, args: string[], e = env) => {
    const early = runLead(args, {cwd, env: e})
    const oclif = runLead(args, {cwd, env: {...e, LEAD_EARLY: 'off'}})
    expect(all(early), args.join(' ')).toBe(all(oclif))
    return early
  }

  it('H1 odd lines print as oclif prints them', () => {
    const root = exampleSite(env, {warm: true})
    // A referral file named by a person, renamed into a legal ID's file, and a partner renamed.
    const named = 'referrals/2026/Jane Doe 1984.yaml'
    fs.renameSync(abs(root, REF), abs(root, named))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'saved under a name'], env)
    fs.renameSync(abs(root, named), abs(root, REF))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'renamed back'], env)
    const lines = [
      ['history', REF_ID],
      ['history', REF],
      ['history', named],
      ['history', named, '--patch'],
      ['history', REF_ID, '--patch', '--json'],
      ['history', REF_ID, '--limit=0'],
      ['history', REF_ID, '-n', '1'],
      ['history', REF_ID, '--patch', '--patch'],
      ['history', '--limit', '2', 'referral', REF_ID],
      ['history', 'referral', 'r-2026-01-08-zzzzzz'],
      ['history', 'referral', 'jane-doe'],
      ['history', REF_ID, 'extra'],
      ['history', REF_ID, '--', '--patch'],
    ]
    for (const line of lines) {
      const r = both(root, line)
      expect(all(r), line.join(' ')).not.toContain('Jane Doe')
      expect(all(r)).not.toContain('1984')
    }
  })

  it('H2 no commits, not a repository, a site in a subfolder, detached HEAD, packed refs, a worktree: as oclif', () => {
    const root = exampleSite(env, {warm: true})
    const empty = path.join(tempDir('lead-empty-'), 'site')
    fs.cpSync(root, empty, {recursive: true, filter: (s) => path.basename(s) !== '.git'})
    git(empty, ['init', '-q'], env)
    both(empty, ['history', REF_ID])
    fs.rmSync(path.join(empty, '.git'), {recursive: true})
    both(empty, ['history', REF_ID])
    const {site} = siteInSubfolder(root, 'sites/harbor', env)
    both(site, ['history', REF_ID])
    git(root, ['checkout', '-q', '--detach', 'HEAD'], env)
    both(root, ['history', REF_ID])
    git(root, ['checkout', '-q', 'main'], env)
    git(root, ['pack-refs', '--all'], env)
    both(root, ['history', REF_ID])
    const wt = path.join(tempDir('lead-wt-'), 'wt')
    git(root, ['worktree', 'add', '-q', wt, '-b', 'other'], env)
    both(wt, ['history', REF_ID])
  })

  it('H3 commits after the graph was written, HEAD then read from packed refs, a reset back to the memo\'s HEAD: history is git log\'s', () => {
    const root = exampleSite(env, {warm: true})
    runLead(['history', REF_ID], {cwd: root, env})
    // Commit under a branch whose loose ref is then packed: HEAD read from packed-refs.
    runLead(['set', 'referral', REF_ID, 'district=D2'], {cwd: root, env})
    git(root, ['pack-refs', '--all'], env)
    const after = runLead(['history', REF_ID, '--json'], {cwd: root, env}).json<Array<{subject: string}>>()
    const truth = git(root, ['log', '--follow', '--format=%s', '--', REF], env).trim().split('\n')
    expect(after.map((c) => c.subject)).toEqual(truth)
    // A commit made and undone (reset): HEAD back where the memo says, the graph's commits a superset.
    git(root, ['commit', '-q', '--allow-empty', '-m', 'empty'], env)
    runLead(['history', REF_ID], {cwd: root, env})
    git(root, ['reset', '-q', '--hard', 'HEAD~1'], env)
    fs.appendFileSync(abs(root, REF), '# note\n')
    git(root, ['commit', '-qam', 'a comment'], env)
    const again = runLead(['history', REF_ID, '--json'], {cwd: root, env}).json<Array<{subject: string}>>()
    expect(again.map((c) => c.subject)).toEqual(git(root, ['log', '--follow', '--format=%s', '--', REF], env).trim().split('\n'))
  })

  it('H4 replace refs: history as git log gives it, both ways', () => {
    const root = exampleSite(env, {warm: true})
    runLead(['history', REF_ID], {cwd: root, env})
    fs.appendFileSync(abs(root, REF), '# a\n')
    git(root, ['commit', '-qam', 'first'], env)
    const first = git(root, ['rev-parse', 'HEAD'], env).trim()
    git(root, ['commit', '-q', '--allow-empty', '-m', 'second'], env)
    git(root, ['replace', first, 'HEAD'], env)
    both(root, ['history', REF_ID, '--json'])
  })

  it('H5 the memo replaced by a FIFO or a link: history does not hang and is right', () => {
    const root = exampleSite(env, {warm: true})
    runLead(['history', REF_ID], {cwd: root, env})
    const memo = path.join(root, '.git', 'lead', 'commit-graph-head.txt')
    expect(fs.existsSync(memo)).toBe(true)
    const outside = path.join(tempDir('lead-out-'), 'x.txt')
    fs.writeFileSync(outside, 'mine\n')
    fs.rmSync(memo)
    fs.symlinkSync(outside, memo)
    const r1 = runLead(['history', REF_ID], {cwd: root, env})
    expect(r1.code).toBe(0)
    expect(fs.readFileSync(outside, 'utf8')).toBe('mine\n')
    fs.rmSync(memo)
    spawnSync('mkfifo', [memo])
    const r2 = spawnSync(process.execPath, [path.join(__dirname, '../../bin/run.js'), 'history', REF_ID], {cwd: root, env, encoding: 'utf8', timeout: 20_000})
    expect(r2.status).toBe(0)
  })
})

describe('6. lead referral check on a partial load: the decision a whole load gives', () => {
  const DAY = '2026-02-01'
  /** What a whole load decides (worked out in this process), and what the command prints (the early path and oclif's, the same). */
  async function agree(root: string, id: string): Promise<string> {
    const early = runLead(['referral', 'check', id, '--as-of', DAY, '--json'], {cwd: root, env})
    const viaOclif = runLead(['referral', 'check', id, '--as-of', DAY, '--json'], {cwd: root, env: {...env, LEAD_EARLY: 'off'}})
    expect(all(early), id).toBe(all(viaOclif))
    const site = readSite(root)
    const whole = await loadRecords(site, {cache: false})
    const record = whole.get('referral', id)
    if (!record) {
      expect(early.stdout + early.stderr, id).toContain('UNKNOWN_REFERRAL')
      return 'unknown'
    }
    const data = referralDataFrom(site, whole)
    if (!data.referrals.some((r) => JSON.stringify(r) === JSON.stringify(record.data))) {
      expect(early.stdout + early.stderr, id).toContain('INVALID_RECORD')
      return 'invalid'
    }
    const decision = decideEligibility(record.data as unknown as Referral, {protocols: data.protocols, consents: data.consents, timeZone: data.timeZone, asOf: DAY, vocabulary: data.vocabulary})
    expect(early.json(), id).toEqual(JSON.parse(JSON.stringify({ok: decision.eligible, ...decision})))
    return record.file
  }

  it('P1 a year folder that is a link to one holding the referral; a referral file that is a link', async () => {
    const root = exampleSite(env, {warm: true})
    const elsewhere = path.join(tempDir('lead-ext-'), '2027')
    fs.mkdirSync(elsewhere)
    fs.writeFileSync(path.join(elsewhere, `${REF_ID}.yaml`), rd(root, REF).replace(/^district: .*$/m, 'district: D5'))
    fs.symlinkSync(elsewhere, abs(root, 'referrals/2027'))
    expect(await agree(root, REF_ID)).toBe(REF)
    fs.rmSync(abs(root, REF))
    expect(await agree(root, REF_ID)).toBe('unknown')
    fs.rmSync(abs(root, 'referrals/2027'))
    fs.symlinkSync(path.join(elsewhere, `${REF_ID}.yaml`), abs(root, REF))
    expect(await agree(root, REF_ID)).toBe('unknown')
  })

  it('P2 uppercase .YAML, a non-year folder, twins across year folders (the first in the walk\'s order naming a missing consent)', async () => {
    const root = exampleSite(env, {warm: true})
    const text = rd(root, REF)
    fs.writeFileSync(abs(root, `referrals/2025/${REF_ID}.YAML`), text.replace(/^district: .*$/m, 'district: D5'))
    fs.mkdirSync(abs(root, 'referrals/1'), {recursive: true})
    fs.writeFileSync(abs(root, `referrals/1/${REF_ID}.yaml`), text.replace(/^district: .*$/m, 'district: D4'))
    fs.mkdirSync(abs(root, 'referrals/0001'), {recursive: true})
    fs.writeFileSync(abs(root, `referrals/0001/${REF_ID}.yaml`), text.replace(/^consent: .*$/m, 'consent: c-2026-01-08-zzzzzz'))
    fs.mkdirSync(abs(root, 'referrals/9999'), {recursive: true})
    fs.writeFileSync(abs(root, `referrals/9999/${REF_ID}.yaml`), text.replace(/^district: .*$/m, 'district: D3'))
    expect(await agree(root, REF_ID)).toBe(`referrals/0001/${REF_ID}.yaml`)
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'twins'], env)
    expect(await agree(root, REF_ID)).toBe(`referrals/0001/${REF_ID}.yaml`)
  })

  it('P3 a site in a subfolder; a referral file git ignores; a consent holding another\'s id; an invalid referral', async () => {
    const root = exampleSite(env, {warm: true})
    const {site} = siteInSubfolder(root, 'sites/harbor', env)
    fs.writeFileSync(abs(site, '.gitignore'), `${rd(site, '.gitignore')}referrals/2026/${REF_ID}.yaml\n`)
    const consentId = /^consent: (.*)$/m.exec(rd(site, REF))![1]!
    fs.writeFileSync(abs(site, 'consents/c-2020-01-01-aaaaaa.yaml'), rd(site, `consents/${consentId}.yaml`).replace(/^expires: .*$/m, 'expires: "2026-01-20"'))
    for (const id of [REF_ID, 'r-2026-01-17-wvy892']) expect(await agree(site, id)).not.toBe('unknown')
    fs.writeFileSync(abs(site, REF), rd(site, REF).replace(/^pathway: .*$/m, 'pathway: 42'))
    expect(await agree(site, REF_ID)).toBe('invalid')
  })

  it('P4 a referral ID that is a person\'s name, one that is no ID, a missing one', async () => {
    const root = exampleSite(env, {warm: true})
    for (const id of ['jane-doe', 'Jane Doe', '../2026/r-2026-01-08-z66mn9', 'r-2026-01-08-z66mn8']) expect(await agree(root, id), id).toBe('unknown')
  })
})
