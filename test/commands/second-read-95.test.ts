/**
 * Second read of 8f3b065..ed3e02f: a write keeps a byte-order mark (write-files.ts textOnDisk), the
 * COMMIT_INVALID list without git's early status (git-file-state.ts), lead's own temporary file
 * reported once tracked (site-files.ts), the sweep of abandoned saves in .git/lead
 * (abandoned-writes.ts); `lead history` and `lead referral check` on the early path in
 * second-read-95-early.test.ts. Each test passes when lead is right.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {sweepAbandonedWrites} from '../../src/core/records/abandoned-writes.js'
import {gitStateHome} from '../../src/core/records/cache-files.js'
import {contentHash, ParseCache} from '../../src/core/records/parse-cache.js'
import {readSite} from '../../src/core/site.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {cleanupTemp, exampleSite, git, runLead, siteInSubfolder, tempDir, testEnv, useGitEnv} from '../support/cli.js'

const env = testEnv()
useGitEnv(env)
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
