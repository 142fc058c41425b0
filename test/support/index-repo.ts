/**
 * A repository whose git index holds every kind of entry lead reads (records/git-index.ts and
 * git-index-entry.ts): odd names, a link, an executable, an intent-to-add entry, a skip-worktree
 * one (versions 3 and 4), written as index version `version`.
 */
import fs from 'node:fs'
import path from 'node:path'
import {git, tempDir, writeSiteFile} from './cli.js'

export function repositoryWithIndex(version: number, names: readonly string[]): string {
  const root = tempDir('lead-index-')
  git(root, ['init', '-q', '-b', 'main'])
  for (const name of names) writeSiteFile(root, name, `name: ${name.slice(0, 40)}\n`)
  if (names.includes('tool.sh')) fs.chmodSync(path.join(root, 'tool.sh'), 0o755)
  fs.symlinkSync('a.yaml', path.join(root, 'link.yaml'))
  git(root, ['add', '-A'])
  git(root, ['commit', '-qm', 'files'])
  writeSiteFile(root, 'intent.yaml', 'x: 1\n')
  git(root, ['add', '-N', 'intent.yaml'])
  if (version >= 3) git(root, ['update-index', '--skip-worktree', 'dir/sub/d.yaml'])
  git(root, ['update-index', '--index-version', String(version)])
  return root
}
