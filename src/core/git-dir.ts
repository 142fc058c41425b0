/**
 * Where the git directory of the repository holding a folder is, read from the files (no git
 * process): the nearest `.git` folder above it, or the folder a worktree's or submodule's `.git`
 * file names. A `.git` that is a symbolic link is not followed (lead writes its cache there).
 */
import fs from 'node:fs'
import path from 'node:path'

export interface GitLocation {
  /** The repository's git directory (for a worktree, its own: HEAD, index). */
  gitDir: string
  /** The folder holding `.git`: the top of the working tree. */
  top: string
}

export function findGitDir(start: string): GitLocation | undefined {
  let dir = path.resolve(start)
  for (;;) {
    const dotGit = path.join(dir, '.git')
    try {
      const st = fs.lstatSync(dotGit)
      if (st.isDirectory()) return {gitDir: dotGit, top: dir}
      if (st.isFile()) {
        const target = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'))?.[1]?.trim()
        if (target) return {gitDir: path.resolve(dir, target), top: dir}
      }
    } catch {
      // no .git here
    }
    const parent = path.dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

/** The branch HEAD names (undefined when detached or unreadable). */
export function headBranch(gitDir: string): string | undefined {
  try {
    return /^ref:\s*refs\/heads\/(.+)$/.exec(fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim())?.[1]
  } catch {
    return undefined
  }
}

/**
 * The commit HEAD points at, read from the ref files (no git process): undefined when it cannot be
 * told this way (an unborn branch, a ref store lead does not read such as reftable), so the caller
 * asks git.
 */
export function headCommit(gitDir: string): string | undefined {
  const sha = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/
  try {
    const head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim()
    if (sha.test(head)) return head
    const ref = /^ref:\s*(refs\/\S+)$/.exec(head)?.[1]
    if (!ref) return undefined
    // Branches live in the common directory, which a linked worktree's commondir file names.
    const common = commonDir(gitDir)
    try {
      const loose = fs.readFileSync(path.join(common, ref), 'utf8').trim()
      return sha.test(loose) ? loose : undefined
    } catch {
      const packed = fs.readFileSync(path.join(common, 'packed-refs'), 'utf8')
      const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`))
      const value = line?.slice(0, line.indexOf(' '))
      return value && sha.test(value) ? value : undefined
    }
  } catch {
    return undefined
  }
}

/** The directory holding a repository's config and branches (a linked worktree's commondir names it). */
export function commonDir(gitDir: string): string {
  try {
    return path.resolve(gitDir, fs.readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim())
  } catch {
    return gitDir
  }
}

/**
 * The environment of a git process that asks about the site's own folder: no GIT_* variable, since
 * a GIT_DIR or GIT_INDEX_FILE from a hook would point elsewhere (git status of the site's state and git check-ignore ask alike).
 */
export function siteGitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v
  return env
}
