/**
 * What is staged in the whole repository besides the paths lead commits: asked of git (diff-index
 * of the index against HEAD) just before lead commits from the index itself (site-repo.ts
 * commitPaths), so no hook sees the user's staged work in a commit under lead's message.
 */
import type {GitRun} from './git-errors.js'

/** git's diff-index of the index against the commit `before`, started (awaited by the commit, if one comes). */
export function stagedListing(git: {run(args: readonly string[]): Promise<GitRun>}, before: string): Promise<GitRun> {
  const listing = git.run(['diff-index', '--cached', '--name-only', '--no-renames', '--ignore-submodules=none', '-z', before, '--'])
  listing.catch(() => undefined)
  return listing
}

/** Whether git answered and listed nothing but `own` (paths from the top). */
export async function onlyListed(listing: Promise<GitRun>, own: ReadonlySet<string>): Promise<boolean> {
  const r = await listing.catch(() => undefined)
  return r?.code === 0 && r.stdout.toString('utf8').split('\0').every((p) => p === '' || own.has(p))
}
