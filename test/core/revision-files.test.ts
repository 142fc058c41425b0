import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {listIndexFiles, listRevisionFiles, readBlobs, resolveCommit} from '../../src/core/git/revision-files.js'
import {loadSnapshot} from '../../src/core/git/site-snapshot.js'
import {cleanupTemp, git, tempDir, testEnv} from '../support/cli.js'

const env = testEnv()
afterAll(cleanupTemp)

function repo(): string {
  const root = tempDir('lead-rev-')
  git(root, ['init', '-q', '--initial-branch=main'], env)
  return root
}

function put(root: string, rel: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), {recursive: true})
  fs.writeFileSync(path.join(root, rel), content)
}

describe('revision files', () => {
  it('lists a commit and reads every blob, byte for byte, through one batch', async () => {
    const root = repo()
    const binary = Uint8Array.from([0, 1, 10, 255, 10, 10])
    put(root, 'site/partners/a.yaml', 'id: a\nname: "line\\nbreak"\n')
    put(root, 'site/partners/empty.yaml', '')
    put(root, 'site/blob.bin', binary)
    put(root, 'elsewhere/x.yaml', 'id: x\n')
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '-m', 'one'], env)
    const commit = await resolveCommit(path.join(root, 'site'), 'HEAD')
    const entries = await listRevisionFiles(path.join(root, 'site'), commit)
    expect(entries.map((e) => e.path).sort()).toEqual(['blob.bin', 'partners/a.yaml', 'partners/empty.yaml'])
    const blobs = await readBlobs(root, entries.map((e) => e.sha))
    const byPath = new Map(entries.map((e) => [e.path, blobs.get(e.sha)!]))
    expect(byPath.get('partners/a.yaml')!.toString('utf8')).toBe('id: a\nname: "line\\nbreak"\n')
    expect(byPath.get('partners/empty.yaml')!.length).toBe(0)
    expect([...byPath.get('blob.bin')!]).toEqual([...binary])
  })

  it('lists the index, which may differ from the working tree and from HEAD', async () => {
    const root = repo()
    put(root, 'lead.yaml', 'site: {name: T}\ncourses: []\n')
    put(root, 'partners/a.yaml', 'id: a\nname: A\ntype: other\n')
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '-m', 'one'], env)
    put(root, 'partners/a.yaml', 'id: a\nname: Staged\ntype: other\n')
    git(root, ['add', '-A'], env)
    put(root, 'partners/a.yaml', 'id: a\nname: Working\ntype: other\n')
    put(root, 'partners/b.yaml', 'id: b\n') // untracked: not in the index
    const index = await listIndexFiles(root)
    expect(index.unmerged).toEqual([])
    expect(index.entries.map((e) => e.path)).toEqual(['lead.yaml', 'partners/a.yaml'])
    const staged = await loadSnapshot(root, {type: 'index'}, {cache: false})
    expect(staged.records.get('partner', 'a')!.data!.name).toBe('Staged')
    expect(staged.records.has('partner', 'b')).toBe(false)
    const worktree = await loadSnapshot(root, {type: 'worktree'}, {cache: false})
    expect(worktree.records.get('partner', 'a')!.data!.name).toBe('Working')
    const head = await loadSnapshot(root, {type: 'commit', rev: 'HEAD', commit: await resolveCommit(root, 'HEAD')}, {cache: false})
    expect(head.records.get('partner', 'a')!.data!.name).toBe('A')
    expect(head.label).toMatch(/^HEAD \([0-9a-f]{7}\)$/)
  })

  it('reports misplaced and linked YAML in a revision as a walk of the working tree would', async () => {
    const root = repo()
    put(root, 'lead.yaml', 'site: {name: T}\ncourses: []\n')
    put(root, 'stray/x.yaml', 'a: 1\n')
    put(root, 'partners/p.yml', 'id: p\n')
    fs.symlinkSync('/etc/passwd', path.join(root, 'partners', 'link.yaml'))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '-m', 'one'], env)
    const head = await loadSnapshot(root, {type: 'commit', rev: 'HEAD', commit: await resolveCommit(root, 'HEAD')}, {cache: false})
    const worktree = await loadSnapshot(root, {type: 'worktree'}, {cache: false})
    const codes = (s: typeof head) => s.records.diagnostics.map((d) => `${d.file}:${d.code}`).sort()
    expect(codes(head)).toEqual(['partners/link.yaml:SYMLINK', 'partners/p.yml:FILE_NAME', 'stray/x.yaml:STRAY_YAML'])
    expect(codes(head)).toEqual(codes(worktree))
  })

  it('names an unknown revision as a usage error', async () => {
    const root = repo()
    await expect(resolveCommit(root, 'nope')).rejects.toMatchObject({code: 'BAD_REVISION', exit: 2})
    await expect(resolveCommit(root, '--all')).rejects.toMatchObject({code: 'BAD_REVISION', exit: 2})
  })
})
