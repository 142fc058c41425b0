/**
 * The digest a write gives lead's pre-commit hook is the one git's own listing of HEAD and what is
 * staged against it hashes to (git/staged-check.ts): worked out here, compared with git's, for
 * paths whose order, names and changes differ; and the hook's skip line run as a shell runs it.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {STAGED_CHECK_SKIP, STAGED_CHECKED, stagedCheckedValue, stagedDigest, type StagedPath} from '../../src/core/git/staged-check.js'
import {cleanupTemp, git, tempDir, testEnv} from '../support/cli.js'

const env = testEnv()
afterAll(cleanupTemp)

/** What the hook hashes: HEAD on a line, then git's listing of what is staged against it. */
function gitsDigest(root: string, extra: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync('sh', ['-c', '{ git rev-parse --verify --quiet HEAD && git diff-index --cached --no-renames --ignore-submodules=none -z HEAD --; } | git hash-object --stdin'], {cwd: root, env: {...env, ...extra}, encoding: 'utf8'})
  expect(r.status, r.stderr).toBe(0)
  return r.stdout.trim()
}

function repo(files: Record<string, string>): string {
  const root = path.join(tempDir('lead-staged-'), 'repo')
  fs.mkdirSync(root, {recursive: true})
  git(root, ['init', '-q'], env)
  for (const [file, text] of Object.entries(files)) write(root, file, text)
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-q', '-m', 'start'], env)
  return root
}

function write(root: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), {recursive: true})
  fs.writeFileSync(path.join(root, file), text)
}

/** What lead knows of a path it wrote: HEAD's entry (from git's tree) and the new blob. */
function staged(root: string, file: string): StagedPath {
  const tree = git(root, ['ls-tree', '-z', 'HEAD', '--', file], env)
  const [meta] = tree.split('\t')
  const head = meta ? {mode: Number.parseInt(meta.split(' ')[0]!, 8), oid: meta.split(' ')[2]!} : null
  return {path: file, head, mode: 0o100644, oid: git(root, ['hash-object', '--', file], env).trim()}
}

describe('stagedDigest', () => {
  it("is git's for files changed and added, in git's order whatever the order given", () => {
    const root = repo({'referrals/2026/r-a.yaml': 'id: a\n', 'referrals/2026-x/r-b.yaml': 'id: b\n', 'consents/c-é.yaml': 'id: é\n', 'a.b/x.yaml': 'x\n', 'a/x.yaml': 'y\n'})
    const changed = ['referrals/2026/r-a.yaml', 'referrals/2026-x/r-b.yaml', 'consents/c-é.yaml', 'a/x.yaml', 'a.b/x.yaml', 'referrals/2026/r-new.yaml', 'consents/c-ü new.yaml']
    for (const f of changed) write(root, f, `id: ${f}\nchanged: true\n`)
    git(root, ['add', '--', ...changed], env)
    const head = git(root, ['rev-parse', 'HEAD'], env).trim()
    const paths = changed.map((f) => staged(root, f))
    expect(stagedDigest(head, paths)).toBe(gitsDigest(root))
    expect(stagedDigest(head, [...paths].reverse())).toBe(gitsDigest(root))
    // One path fewer, another HEAD, another blob: another digest.
    expect(stagedDigest(head, paths.slice(1))).not.toBe(gitsDigest(root))
    expect(stagedDigest('0'.repeat(40), paths)).not.toBe(gitsDigest(root))
    expect(stagedDigest(head, [{...paths[0]!, oid: paths[1]!.oid}, ...paths.slice(1)])).not.toBe(gitsDigest(root))
  })

  it("is git's for the index git commit --only builds (GIT_INDEX_FILE), beside something else staged in the real one", () => {
    const root = repo({'referrals/2026/r-a.yaml': 'id: a\n', 'partners/p.yaml': 'id: p\n'})
    write(root, 'partners/p.yaml', 'id: p\nname: P\n')
    git(root, ['add', 'partners/p.yaml'], env)
    write(root, 'referrals/2026/r-a.yaml', 'id: a\nnotes: n\n')
    const head = git(root, ['rev-parse', 'HEAD'], env).trim()
    const ours = staged(root, 'referrals/2026/r-a.yaml')
    // The real index holds the partner too: no match.
    expect(stagedDigest(head, [ours])).not.toBe(gitsDigest(root))
    const only = path.join(root, '.git', 'only-index')
    spawnSync('git', ['read-tree', 'HEAD'], {cwd: root, env: {...env, GIT_INDEX_FILE: only}})
    spawnSync('git', ['update-index', '--add', '--', 'referrals/2026/r-a.yaml'], {cwd: root, env: {...env, GIT_INDEX_FILE: only}})
    expect(stagedDigest(head, [ours])).toBe(gitsDigest(root, {GIT_INDEX_FILE: only}))
  })
})

describe("the hook's skip line", () => {
  const run = '/opt/lead/bin/run.js'
  function skips(root: string, value: string | undefined, leadRun = run): boolean {
    const node = process.execPath
    const script = `LEAD_NODE='${node}'\nLEAD_RUN='${leadRun}'\n${STAGED_CHECK_SKIP}\nexit 7\n`
    const r = spawnSync('sh', ['-c', script], {cwd: root, env: {...env, ...(value === undefined ? {} : {[STAGED_CHECKED]: value})}, encoding: 'utf8'})
    expect([0, 7]).toContain(r.status)
    return r.status === 0
  }

  it('skips only for the lead it would start, whose run file is there, and the digest of what is staged', () => {
    const root = repo({'referrals/2026/r-a.yaml': 'id: a\n'})
    write(root, 'referrals/2026/r-a.yaml', 'id: a\nnotes: n\n')
    git(root, ['add', '-A'], env)
    const head = git(root, ['rev-parse', 'HEAD'], env).trim()
    const digest = stagedDigest(head, [staged(root, 'referrals/2026/r-a.yaml')])
    const here = path.join(tempDir('lead-run-'), 'with space', 'run.js')
    fs.mkdirSync(path.dirname(here), {recursive: true})
    fs.writeFileSync(here, '')
    expect(skips(root, stagedCheckedValue(digest, here), here)).toBe(true)
    expect(skips(root, undefined, here)).toBe(false)
    expect(skips(root, stagedCheckedValue(digest, run), here)).toBe(false) // another lead
    expect(skips(root, stagedCheckedValue(digest, run), run)).toBe(false) // its run file is not there
    expect(skips(root, stagedCheckedValue('0'.repeat(40), here), here)).toBe(false)
    expect(skips(root, digest, here)).toBe(false) // no lead named
    write(root, 'referrals/2026/r-a.yaml', 'id: a\nnotes: other\n')
    git(root, ['add', '-A'], env)
    expect(skips(root, stagedCheckedValue(digest, here), here)).toBe(false) // staged since
  })
})
