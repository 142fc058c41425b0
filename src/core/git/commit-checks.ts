/**
 * What lead asks git around its own commit. Before it: what is staged in the whole repository
 * besides the paths lead commits (diff-index of the index against HEAD), just before lead commits
 * from the index itself (site-repo.ts commitPaths), so no hook sees the user's staged work in a
 * commit under lead's message. After it: the blobs git would store for the files lead wrote, to
 * tell a hook's change from git's own conversion (write/committed-state.ts writtenAsCommitted).
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

/** The blobs git would store for site-relative files as they are now, their attributes applied (lead's content hash form); one git process. */
export async function storedBlobs(git: {run(args: readonly string[], input?: Buffer): Promise<GitRun>}, files: readonly string[]): Promise<Map<string, string>> {
  const r = await git.run(['hash-object', '--stdin-paths'], Buffer.from(files.map((f) => `${f}\n`).join('')))
  const hexes = r.code === 0 ? r.stdout.toString('utf8').split('\n') : []
  const out = new Map<string, string>()
  files.forEach((f, i) => {
    if (/^[0-9a-f]{40}$/.test(hexes[i] ?? '')) out.set(f, Buffer.from(hexes[i]!, 'hex').toString('base64url'))
  })
  return out
}
