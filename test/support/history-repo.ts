/** A small git repository for the history tests: commits of whole files, and what `git log --follow` says of one. */
import fs from 'node:fs'
import path from 'node:path'
import {git, tempDir, testEnv} from './cli.js'

export interface HistoryRepo {
  root: string
  /** Write (or, for null, remove) these files and commit them all. */
  commit: (message: string, files: Record<string, string | null>) => void
  run: (args: string[]) => string
}

/** A new repository, or commits into `dir` (a folder of a repository made by the caller). */
export function historyRepo(env: NodeJS.ProcessEnv = testEnv(), dir?: string): HistoryRepo {
  const root = dir ?? path.join(tempDir('lead-history-'), 'site')
  fs.mkdirSync(root, {recursive: true})
  const run = (args: string[]) => git(root, args, env)
  if (!dir) run(['init', '-q', '-b', 'main'])
  const commit = (message: string, files: Record<string, string | null>) => {
    for (const [file, text] of Object.entries(files)) {
      const abs = path.join(root, file)
      if (text === null) fs.rmSync(abs)
      else {
        fs.mkdirSync(path.dirname(abs), {recursive: true})
        fs.writeFileSync(abs, text)
      }
    }
    run(['add', '-A'])
    run(['commit', '-q', '-m', message])
  }
  return {root, commit, run}
}

/** What `git log --follow` says of `file`, as "sha subject path", newest first: the oracle. */
export const followed = (run: (args: string[]) => string, file: string, extra: string[] = []): string[] =>
  run(['log', '--follow', ...extra, '--format=%x1e%H %s', '--name-only', '--', file])
    .split('\x1e')
    .slice(1)
    .map((c) => c.split('\n').filter(Boolean).join(' '))
