/**
 * Second read of a325996 (committed-tree.ts statesFromWorkTree): attacks on the claim that the
 * commit and HEAD states built from the working tree's records equal those of HEAD's files loaded
 * whole. Each test passes when the two ways agree, and fails where they differ.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readSite, type Site} from '../../src/core/site.js'
import {validateRecords} from '../../src/core/validate/site-validation.js'
import {SiteRepo} from '../../src/core/git/site-repo.js'
import {judgeChange} from '../../src/core/write/judged-change.js'
import {commitJudgements, commitToJudge, errorsInCommit, type CommitStates} from '../../src/core/write/committed-tree.js'
import type {RecordChange} from '../../src/core/records/record-change.js'
import type {ConfigChange} from '../../src/core/write/write-files.js'
import {EXAMPLE_SITE as EXAMPLE, cleanupTemp, exampleSite, git, siteInSubfolder, tempDir, testEnv, useGitEnv} from '../support/cli.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const AS_OF = '2026-11-27'
const REF = 'referrals/2026/r-2026-01-08-z66mn9.yaml'
const REF2 = 'referrals/2026/r-2026-01-17-wvy892.yaml'
const CONSENT = 'consents/c-2026-01-08-3gsa3a.yaml'
const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8')
const write = (root: string, file: string, text: string | Uint8Array) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), {recursive: true})
  fs.writeFileSync(path.join(root, file), text)
}
const idOf = (file: string) => path.basename(file, '.yaml')
const g = (root: string, ...args: string[]) => git(root, args, env)
const commitAll = (root: string, msg = 'x') => { g(root, 'add', '-A', '.'); g(root, 'commit', '-qm', msg) }

/** Every file's times put 10 s back and the index refreshed: git's status then reads the index without rewriting it (no racy entries). */
function settle(top: string): void {
  const past = new Date(Date.now() - 10_000)
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
      if (e.name === '.git') continue
      const abs = path.join(dir, e.name)
      if (e.isSymbolicLink()) continue
      if (e.isDirectory()) walk(abs)
      else if (e.isFile()) fs.utimesSync(abs, past, past)
    }
  }
  walk(top)
  spawnGit(top, ['status', '--porcelain'])
}
function spawnGit(cwd: string, args: string[]) {
  try { g(cwd, ...args) } catch { /* refresh only */ }
}

const shape = (errors: ReadonlyArray<object> | undefined) => (errors ?? []).map((d) => JSON.stringify(Object.fromEntries(Object.entries(d).sort(([a], [b]) => a.localeCompare(b))))).sort()

async function validated(states: CommitStates | undefined) {
  if (!states) return undefined
  const all = async (site: Site, records: Awaited<ReturnType<CommitStates['head']>>) => shape(validateRecords(site, records, {asOf: AS_OF, remember: false}).diagnostics)
  return {commit: await all(states.nextSite, await states.commit()), head: await all(states.site, await states.head())}
}

/** Both ways on the write `changes` (and lead.yaml's `config`): same states' findings, same refusal. Returns whether the new way was taken. */
async function bothWays(root: string, changes: RecordChange[], config?: ConfigChange, opts: {settle?: string | false} = {}) {
  if (opts.settle !== false) settle(opts.settle ?? root)
  const site = readSite(root)
  const judged = await judgeChange(site, changes, {asOf: AS_OF, ...(config ? {config} : {})})
  const repo = new SiteRepo(root)
  const before = commitJudgements.fromSnapshot
  const mine = await commitToJudge(site, repo, judged, config)
  const fast = mine?.states !== undefined && commitJudgements.fromSnapshot === before
  const theirs = await commitToJudge(site, repo, {...judged, git: undefined}, config)
  // Entries git does not check (assume-unchanged, skip-worktree) are among both (differingFromHead asks git ls-files -v).
  expect(mine?.others).toEqual(theirs?.others)
  const [a, b] = [await validated(mine?.states), await validated(theirs?.states)]
  // What one way finds that the other does not (code, file, message), then the whole.
  const only = (x: string[] = [], y: string[] = []) => x.filter((d) => !y.includes(d)).map((d) => { const j = JSON.parse(d) as {code: string; file: string; message: string}; return `${j.code} ${j.file}: ${j.message}` })
  const delta = [...only(a?.commit, b?.commit).map((d) => `commit, from the working tree only: ${d}`), ...only(b?.commit, a?.commit).map((d) => `commit, from HEAD's files only: ${d}`), ...only(a?.head, b?.head).map((d) => `HEAD, from the working tree only: ${d}`), ...only(b?.head, a?.head).map((d) => `HEAD, from HEAD's files only: ${d}`)]
  expect(delta).toEqual([])
  expect(a).toEqual(b)
  const e1 = await errorsInCommit(site, repo, judged, {asOf: AS_OF, config})
  const e2 = await errorsInCommit(site, repo, {...judged, git: undefined}, {asOf: AS_OF, config})
  expect(shape(e1?.errors)).toEqual(shape(e2?.errors))
  return {fast, errors: e2?.errors.map((d) => d.code) ?? [], judged, states: a}
}

const setText = (root: string, file: string, edit: (t: string) => string): RecordChange => {
  const base = read(root, file)
  return {kind: file.startsWith('consents/') ? 'consent' : 'referral', id: idOf(file), file, text: edit(base), base}
}
const touchRef = (root: string, file = REF) => setText(root, file, (t) => `${t}# checked\n`)
const pointAt = (root: string, consent: string, file = REF) => setText(root, file, (t) => t.replace(/^consent: .*$/m, `consent: ${consent}`))
const consentCopy = (root: string, id: string) => read(root, CONSENT).replace(/^id: .*$/m, `id: ${id}`)

const NEW_C = 'c-2026-09-09-newone'
const NEW_CF = `consents/${NEW_C}.yaml`

describe('second read of a325996: both ways judge the same commit and HEAD', () => {
  it('A1 a site in a subfolder of the repository (prefix)', async () => {
    const {top, site: root} = siteInSubfolder(exampleSite(env), 'sites/harbor county', env)
    write(root, NEW_CF, consentCopy(root, NEW_C))
    write(root, REF2, `${read(root, REF2)}# edited\n`)
    const r = await bothWays(root, [pointAt(root, NEW_C)], undefined, {settle: top})
    expect(r.errors).toEqual(['UNKNOWN_CONSENT'])
    expect(r.fast).toBe(true)
  })

  it('A2 record paths with spaces, quotes, non-ASCII and a newline (HEAD broken, working tree fixed)', async () => {
    const root = exampleSite(env)
    const names = ['consents/c x "q".yaml', 'consents/é-ü\u{1F600}.yaml', 'consents/new\nline.yaml', 'consents/tab\there.yaml']
    for (const n of names) write(root, n, 'id: [unclosed\n')
    commitAll(root)
    for (const n of names) write(root, n, consentCopy(root, idOf(n)))
    const r = await bothWays(root, [touchRef(root)])
    expect(r.fast).toBe(true)
  })

  it('A3 files differing only in mode (chmod +x), the written one too', async () => {
    const root = exampleSite(env)
    fs.chmodSync(path.join(root, REF2), 0o755)
    fs.chmodSync(path.join(root, REF), 0o755)
    write(root, NEW_CF, consentCopy(root, NEW_C))
    const r = await bothWays(root, [pointAt(root, NEW_C)])
    expect(r.errors).toEqual(['UNKNOWN_CONSENT'])
  })

  it('A3b HEAD holds a record as executable (100755), edited in the working tree', async () => {
    const root = exampleSite(env)
    fs.chmodSync(path.join(root, CONSENT), 0o755)
    commitAll(root)
    write(root, CONSENT, 'id: [unclosed\n')
    const r = await bothWays(root, [touchRef(root)])
    expect(r.fast).toBe(true)
  })

  it('A4 a record edited, staged, then unstaged (git restore --staged)', async () => {
    const root = exampleSite(env)
    write(root, CONSENT, 'id: [unclosed\n')
    g(root, 'add', CONSENT)
    g(root, 'restore', '--staged', CONSENT)
    const r = await bothWays(root, [touchRef(root)])
    expect(r.fast).toBe(true)
  })

  it('A5 assume-unchanged and skip-worktree on edited records', async () => {
    for (const flag of ['--assume-unchanged', '--skip-worktree']) {
      const root = exampleSite(env)
      write(root, CONSENT, 'id: [unclosed\n')
      g(root, 'update-index', flag, CONSENT)
      write(root, NEW_CF, consentCopy(root, NEW_C))
      const r = await bothWays(root, [pointAt(root, NEW_C)])
      expect(r.errors).toEqual(['UNKNOWN_CONSENT'])
      expect(r.fast).toBe(false)
    }
  })

  it('A6 HEAD\'s consent does not parse, or is over the size limit, or has a BOM or invalid UTF-8; the working tree holds a good one', async () => {
    const bad: Array<string | Uint8Array> = ['id: [unclosed\n', `${consentCopy(exampleSite(env), 'c-2026-01-08-3gsa3a')}notes: "${'x'.repeat(1024 * 1024 + 10)}"\n`, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(consentCopy(exampleSite(env), 'c-2026-01-08-3gsa3a'))]), Buffer.concat([Buffer.from(consentCopy(exampleSite(env), 'c-2026-01-08-3gsa3a')), Buffer.from([0x23, 0xff, 0xfe, 0x0a])])]
    for (const b of bad) {
      const root = exampleSite(env)
      const good = read(root, CONSENT)
      write(root, CONSENT, b)
      commitAll(root)
      write(root, CONSENT, good)
      write(root, REF2, `${read(root, REF2)}# edited\n`)
      const r = await bothWays(root, [touchRef(root)])
      expect(r.fast).toBe(true)
    }
  })

  it('A8 a consent deleted in the working tree that HEAD holds; a referral set to name it; lead new at a deleted path', async () => {
    const root = exampleSite(env)
    fs.rmSync(path.join(root, CONSENT))
    write(root, REF2, 'id: [unclosed\n')
    const r = await bothWays(root, [touchRef(root)])
    expect(r.fast).toBe(true)
    const text = fs.readFileSync(path.join(EXAMPLE, CONSENT), 'utf8').replace(/^signed: .*$/m, 'signed: "2026-01-09"')
    const r2 = await bothWays(root, [{kind: 'consent', id: idOf(CONSENT), file: CONSENT, text, base: null}])
    expect(r2.fast).toBe(true)
  })

  it('A9 a consent removed from the index, left untracked with other content (two status lines)', async () => {
    const root = exampleSite(env)
    g(root, 'rm', '-q', '--cached', CONSENT)
    write(root, CONSENT, 'id: [unclosed\n')
    const r = await bothWays(root, [pointAt(root, idOf(CONSENT))])
    expect(r.fast).toBe(true)
  })

  it('A10 core.autocrlf=true (a checkout with CRLF line ends) and .gitattributes eol=crlf', async () => {
    for (const how of ['autocrlf', 'attributes']) {
      const root = exampleSite(env)
      if (how === 'autocrlf') g(root, 'config', 'core.autocrlf', 'true')
      else { write(root, '.gitattributes', '*.yaml text eol=crlf\n'); commitAll(root) }
      for (const f of g(root, 'ls-files').split('\n').filter((f) => f.endsWith('.yaml'))) fs.rmSync(path.join(root, f))
      g(root, 'checkout', '--', '.')
      expect(read(root, CONSENT)).toContain('\r\n')
      write(root, NEW_CF, consentCopy(root, NEW_C))
      write(root, REF2, 'id: [unclosed\r\n')
      const r = await bothWays(root, [pointAt(root, NEW_C)])
      expect(r.errors).toEqual(['UNKNOWN_CONSENT'])
    }
  })

  it('A11 the written file itself edited and staged (HEAD differs from the index and the working tree)', async () => {
    const root = exampleSite(env)
    write(root, REF, read(root, REF).replace(/^consent: .*$/m, 'consent: c-2099-01-01-nosuch'))
    g(root, 'add', REF)
    write(root, REF, `${read(root, REF)}# again\n`)
    write(root, NEW_CF, consentCopy(root, NEW_C))
    const r = await bothWays(root, [pointAt(root, NEW_C)])
    expect(r.errors).toEqual(['UNKNOWN_CONSENT'])
    expect(r.fast).toBe(true)
  })

  it('A12 lead new at a path added with intent to add, other content', async () => {
    const root = exampleSite(env)
    write(root, NEW_CF, 'id: [unclosed\n')
    g(root, 'add', '-N', NEW_CF)
    write(root, REF2, `${read(root, REF2)}# edited\n`)
    const r = await bothWays(root, [{kind: 'consent', id: NEW_C, file: NEW_CF, text: consentCopy(root, NEW_C), base: read(root, NEW_CF)}])
    expect(r.fast).toBe(true)
  })

  it('A13 lead config set with other dirty records', async () => {
    const root = exampleSite(env)
    write(root, NEW_CF, consentCopy(root, NEW_C))
    write(root, REF2, read(root, REF2).replace(/^consent: .*$/m, `consent: ${NEW_C}`))
    write(root, CONSENT, 'id: [unclosed\n')
    const base = read(root, 'lead.yaml')
    const r = await bothWays(root, [], {text: base.replace('min_cell: 11', 'min_cell: 12'), base})
    expect(r.fast).toBe(true)
  })

  it('A14 ignored record files: untracked-ignored, and tracked then removed from the index and ignored', async () => {
    const root = exampleSite(env)
    write(root, '.gitignore', `${NEW_CF}\n${CONSENT}\n`)
    commitAll(root)
    write(root, NEW_CF, consentCopy(root, NEW_C))
    g(root, 'rm', '-q', '--cached', CONSENT)
    write(root, CONSENT, `${read(root, CONSENT)}# kept\n`)
    const r = await bothWays(root, [pointAt(root, NEW_C)])
    expect(r.errors).toEqual(['UNKNOWN_CONSENT'])
    expect(r.fast).toBe(true)
  })

  it('A15 a site in a linked worktree (git worktree add)', async () => {
    const main = exampleSite(env)
    const root = path.join(tempDir('lead-wt-'), 'wt')
    g(main, 'worktree', 'add', '-q', root)
    write(root, NEW_CF, consentCopy(root, NEW_C))
    write(root, CONSENT, 'id: [unclosed\n')
    const r = await bothWays(root, [pointAt(root, NEW_C)])
    expect(r.errors).toEqual(['UNKNOWN_CONSENT'])
    expect(r.fast).toBe(true)
  })

  it('A16 HEAD moved by another process between git\'s status and the judgement of the commit', async () => {
    const root = exampleSite(env)
    write(root, NEW_CF, consentCopy(root, NEW_C))
    write(root, REF2, `${read(root, REF2)}# edited\n`)
    settle(root)
    const site = readSite(root)
    const judged = await judgeChange(site, [pointAt(root, NEW_C)], {asOf: AS_OF})
    // Another process commits the consent and breaks another.
    write(root, CONSENT, 'id: [unclosed\n')
    g(root, 'add', NEW_CF, CONSENT)
    g(root, 'commit', '-qm', 'other')
    const repo = new SiteRepo(root)
    const before = commitJudgements.fromSnapshot
    const mine = await commitToJudge(site, repo, judged)
    expect(commitJudgements.fromSnapshot).toBe(before + 1)
    const theirs = await commitToJudge(site, repo, {...judged, git: undefined})
    expect(await validated(mine?.states)).toEqual(await validated(theirs?.states))
  })

  for (const folder of ['partners', 'consents', 'referrals/2025']) {
    it(`A17 a record folder replaced by a link to a copy of it (${folder})`, async () => {
      const root = exampleSite(env)
      const copy = path.join(root, '..', 'copy')
      fs.cpSync(path.join(root, folder), copy, {recursive: true})
      fs.rmSync(path.join(root, folder), {recursive: true})
      fs.symlinkSync(copy, path.join(root, folder))
      await bothWays(root, [touchRef(root)])
    })
  }

  it('A18 a referral copied into another year\'s folder (same kind and ID), untracked; the written one\'s twin', async () => {
    const root = exampleSite(env)
    write(root, REF.replace('/2026/', '/2025/'), read(root, REF).replace(/^consent: .*$/m, 'consent: c-2099-01-01-nosuch'))
    const r = await bothWays(root, [touchRef(root)])
    expect(r.fast).toBe(true)
    // Committed, then the copy deleted in the working tree.
    commitAll(root)
    fs.rmSync(path.join(root, REF.replace('/2026/', '/2025/')))
    const r2 = await bothWays(root, [pointAt(root, 'c-2099-02-02-nosuch')])
    expect(r2.fast).toBe(true)
  })

  it('A19 a staged new consent deleted from the working tree (AD); a merge conflict', async () => {
    const root = exampleSite(env)
    write(root, NEW_CF, consentCopy(root, NEW_C))
    g(root, 'add', NEW_CF)
    fs.rmSync(path.join(root, NEW_CF))
    const r = await bothWays(root, [pointAt(root, NEW_C)])
    expect(r.fast).toBe(true)
    expect(r.errors).toEqual(['UNKNOWN_CONSENT'])
  })

  it('A20 records with non-ASCII names whose UTF-16 and UTF-8 orders differ, one of them dirty', async () => {
    const root = exampleSite(env)
    const a = 'consents/c-\u{FFFD}.yaml'
    const b = 'consents/c-\u{1F600}.yaml'
    write(root, a, consentCopy(root, 'c-2026-01-08-3gsa3a'))
    write(root, b, consentCopy(root, 'c-2026-01-08-3gsa3a'))
    commitAll(root)
    write(root, b, `${read(root, b)}# edited\n`)
    write(root, a, `${read(root, a)}# edited\n`)
    const r = await bothWays(root, [touchRef(root)])
    expect(r.fast).toBe(true)
  })

  for (const folder of ['partners', 'consents']) {
    it(`A21 a record folder HEAD holds as a link to a folder (${folder}), clean; another record dirty`, async () => {
      const root = exampleSite(env)
      fs.cpSync(path.join(root, folder), path.join(root, 'shared'), {recursive: true})
      fs.rmSync(path.join(root, folder), {recursive: true})
      fs.symlinkSync('shared', path.join(root, folder))
      commitAll(root)
      write(root, REF2, `${read(root, REF2)}# edited\n`)
      await bothWays(root, [touchRef(root)])
    })
  }

  /** A link to a consent committed, then checked out with core.symlinks=false (Windows' default): a plain file git finds unchanged; another record dirty. */
  function linkCheckedOutAsFile(): string {
    const root = exampleSite(env)
    const link = 'consents/c-2026-05-05-linked.yaml'
    fs.symlinkSync('c-2026-01-08-3gsa3a.yaml', path.join(root, link))
    commitAll(root)
    g(root, 'config', 'core.symlinks', 'false')
    fs.rmSync(path.join(root, link))
    g(root, 'checkout', '--', link)
    expect(fs.lstatSync(path.join(root, link)).isFile()).toBe(true)
    write(root, REF2, `${read(root, REF2)}# edited\n`)
    return root
  }

  it('A22 core.symlinks=false: a link HEAD holds at a record\'s path checked out as a plain file, clean; another record dirty', async () => {
    const root = linkCheckedOutAsFile()
    await bothWays(root, [touchRef(root)])
  })

  it('A23 core.ignorecase=true: a consent renamed by case only', async () => {
    const root = exampleSite(env)
    g(root, 'config', 'core.ignorecase', 'true')
    fs.renameSync(path.join(root, CONSENT), path.join(root, CONSENT.replace('3gsa3a', '3GSA3A')))
    write(root, REF2, `${read(root, REF2)}# edited\n`)
    await bothWays(root, [touchRef(root)])
  })

  it('A22b core.symlinks=false (Windows\' default): a referral set to name the consent HEAD holds only as a link, another record dirty: refused one way, written the other', async () => {
    const root = linkCheckedOutAsFile()
    settle(root)
    const site = readSite(root)
    const judged = await judgeChange(site, [pointAt(root, 'c-2026-05-05-linked')], {asOf: AS_OF})
    const repo = new SiteRepo(root)
    const fromWorkTree = await errorsInCommit(site, repo, judged, {asOf: AS_OF})
    const fromHeadFiles = await errorsInCommit(site, repo, {...judged, git: undefined}, {asOf: AS_OF})
    expect({introduced: judged.introduced.map((d) => d.code), fromWorkTree: fromWorkTree?.errors.map((d) => d.code)}).toEqual({introduced: judged.introduced.map((d) => d.code), fromWorkTree: fromHeadFiles?.errors.map((d) => d.code)})
  })
})
