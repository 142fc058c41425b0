/**
 * The site's files listed from git's index by position (records/site-files.ts listSiteFilesFromGit,
 * FileCollector.addClean, kinds.ts usualKind) are the files a walk of the folders finds, in its
 * order and with its refusals: a tree that is all clean (every file through the shortcut), and the
 * same tree with files git lists among them (untracked, ignored, flagged, staged, renamed).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {gitFileState} from '../../src/core/records/git-file-state.js'
import {listSiteFiles, listSiteFilesFromGit} from '../../src/core/records/site-files.js'
import {loadRecords} from '../../src/core/records/load.js'
import {readSite} from '../../src/core/site.js'
import {validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {seen, walkedRecords} from '../support/loaded-records.js'
import {cleanupTemp, exampleSite, git, tempDir, testEnv, writeSiteFile, useGitEnv} from '../support/cli.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

/** Paths a clean tree may hold: usual and unusual places, names git and the walk order differently. */
const ODD = [
  'referrals/2026/sub/r-2026-01-01-aaaaaa.yaml',
  'referrals/r-2026-01-01-bbbbbb.yaml',
  'referrals/abcd/r-2026-01-01-cccccc.yaml',
  'referrals/2026/.dot.yaml',
  'partners/2026/p.yaml',
  'Referrals/2026/x.yaml',
  'docs/x.yml',
  'partners/x.YAML',
  'partners/ñandú.yaml',
  'partners/\uFF21.yaml',
  'partners/\u{1F600}.yaml',
  'partners/lead.yaml',
  'partners/a b.yaml',
  'partners-old/x.yaml',
  'partners/a-b.yaml',
  'partners/a/c.yaml',
  'partnersx/y.yaml',
  'partner/y.yaml',
  '.github/w.yaml',
  'consents/c.yml',
  'meetings/2026/pcg-2026-01-01.yaml',
  'meetings/pcg-2026-01-02.yaml',
  'trainings/t.yaml.bak',
  'rosters/r\\x.yaml',
  'mous/m.yaml/inner.yaml',
  // The same content in several places (one entry, several files): the index's cursor meets it again far behind.
  'partners/same-1.yaml',
  'referrals/2026/r-2026-03-03-same00.yaml',
  'partners/same-2.yaml',
]

function listed(root: string, list: {files: Array<{file: string; abs: string; kind: string; id: string}>; diagnostics: Array<{file?: string; code: string; message: string}>}): string[] {
  return [...list.files.map((f) => `${f.file} ${f.kind} ${f.id} ${path.relative(root, f.abs)}`), ...list.diagnostics.map((d) => `${d.file} ${d.code} ${d.message}`)]
}


const findings = (r: ValidationResult) => r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`)

/** A validation through the cache (cold, then warm) finds what one without it finds. */
async function validatesAsFresh(root: string): Promise<void> {
  const fresh = findings(await validateSite(readSite(root), {asOf: '2026-11-27', cache: false}))
  expect(findings(await validateSite(readSite(root), {asOf: '2026-11-27'}))).toEqual(fresh)
  expect(findings(await validateSite(readSite(root), {asOf: '2026-11-27'}))).toEqual(fresh)
}

async function fromGit(root: string): Promise<string[]> {
  const state = (await gitFileState(root))!.files()!
  return listed(root, listSiteFilesFromGit(root, state))
}

describe("the site's files listed from git's index by position", () => {
  it('are the files a walk finds in a tree that is all clean (each through the shortcut), then with files git lists among them', async () => {
    const root = exampleSite(env)
    for (const [i, rel] of ODD.entries()) writeSiteFile(root, rel, rel.includes('same') ? 'id: same\n' : `id: odd-${i}\n`)
    git(root, ['add', '-A'])
    git(root, ['add', '-f', '.github/w.yaml'])
    git(root, ['commit', '-qm', 'odd paths'])
    const state = (await gitFileState(root))!.files()!
    expect(state.other).toEqual([])
    expect(state.ignoredDirs).toEqual([])
    expect(await fromGit(root)).toEqual(listed(root, listSiteFiles(root)))
    expect(seen(await loadRecords(readSite(root)))).toEqual(await walkedRecords(root)) // cold
    expect(seen(await loadRecords(readSite(root)))).toEqual(await walkedRecords(root)) // warm
    await validatesAsFresh(root)
    // The same index in version 4 (paths rebuilt from the previous one's).
    git(root, ['update-index', '--index-version', '4'])
    expect(await fromGit(root)).toEqual(listed(root, listSiteFiles(root)))
    git(root, ['update-index', '--index-version', '2'])
    // An ignored folder alone among clean files (git lists nothing else): walked in its place.
    writeSiteFile(root, '.gitignore', 'consents/aa-drafts/\n')
    writeSiteFile(root, 'consents/aa-drafts/c.yaml', 'id: draft\n')
    expect((await gitFileState(root))!.files()!).toMatchObject({other: [], ignoredDirs: ['consents/aa-drafts']})
    expect(await fromGit(root)).toEqual(listed(root, listSiteFiles(root)))

    // Git lists some: the rest are merged in around them.
    writeSiteFile(root, 'partners/zz-untracked.yaml', 'id: zz-untracked\n')
    writeSiteFile(root, 'consents/a-untracked.yaml', 'id: a\n')
    writeSiteFile(root, '.gitignore', 'consents/aa-drafts/\nmeetings/drafts/\n')
    writeSiteFile(root, 'meetings/drafts/x.yaml', 'id: x\n')
    git(root, ['mv', 'partners/a b.yaml', 'partners/A B.yaml']) // a case-only rename
    git(root, ['update-index', '--skip-worktree', 'partners/ñandú.yaml'])
    writeSiteFile(root, 'partners/ñandú.yaml', 'id: changed-unlooked\n')
    writeSiteFile(root, 'referrals/2026/r-2026-02-02-intent.yaml', 'id: intent\n')
    git(root, ['add', '-N', 'referrals/2026/r-2026-02-02-intent.yaml'])
    git(root, ['rm', '-q', '--cached', 'partners/a-b.yaml']) // still there, untracked now
    fs.rmSync(path.join(root, 'partners/lead.yaml'))
    fs.symlinkSync(path.join(root, 'partners/x.YAML'), path.join(root, 'partners/linked.yaml'))
    fs.symlinkSync(path.join(root, 'referrals/2026'), path.join(root, 'referrals/2027')) // a folder linked
    fs.symlinkSync('x.YAML', path.join(root, 'partners/tracked-link.yaml'))
    git(root, ['add', 'partners/tracked-link.yaml'])
    git(root, ['update-index', '--assume-unchanged', 'partners/\u{1F600}.yaml'])
    writeSiteFile(root, 'partners/\u{1F600}.yaml', 'id: assumed-unchanged\n')
    expect(await fromGit(root)).toEqual(listed(root, listSiteFiles(root)))
    expect(seen(await loadRecords(readSite(root)))).toEqual(await walkedRecords(root))
    expect(seen(await loadRecords(readSite(root)))).toEqual(await walkedRecords(root))
  })

  it('in a site in a subfolder of the repository, all clean, beside folders whose names extend its own', async () => {
    const repo = tempDir('lead-sub-')
    const root = path.join(repo, 'ops', 'lead-site')
    fs.cpSync(exampleSite(env), root, {recursive: true})
    fs.rmSync(path.join(root, '.git'), {recursive: true, force: true})
    for (const outside of ['ops/lead-site-x/partners/p.yaml', 'ops/lead-site2/referrals/2026/r-2026-01-01-aaaaaa.yaml', 'ops/a/partners/q.yaml', 'partners/top.yaml']) writeSiteFile(repo, outside, 'id: outside\n')
    git(repo, ['init', '-q', '-b', 'main'])
    git(repo, ['add', '-A'])
    git(repo, ['commit', '-qm', 'site'])
    expect((await gitFileState(root))!.files()!.other).toEqual([])
    expect(await fromGit(root)).toEqual(listed(root, listSiteFiles(root)))
    expect(seen(await loadRecords(readSite(root)))).toEqual(await walkedRecords(root))
    expect(JSON.stringify(seen(await loadRecords(readSite(root))))).not.toContain('outside')
  })

  it('a file name that is not UTF-8 is listed as the walk lists it', async () => {
    const root = exampleSite(env)
    fs.writeFileSync(Buffer.concat([Buffer.from(`${root}/partners/`), Buffer.from([0xe9]), Buffer.from('t.yaml')]), 'id: latin\n')
    git(root, ['add', '-A'])
    git(root, ['commit', '-qm', 'latin-1 name'])
    expect(await fromGit(root)).toEqual(listed(root, listSiteFiles(root)))
    expect(seen(await loadRecords(readSite(root)))).toEqual(await walkedRecords(root))
  })
})
