/**
 * Files of a site as git holds them: at a revision (`git ls-tree`) or in the index (`git ls-files
 * --stage`), with their contents read through one `git cat-file --batch` process for all blobs.
 * Paths are relative to the site root, which may be a folder inside a larger repository.
 * Revisions reach git only after `--end-of-options`, so user text is never read as an option.
 */
import {spawn} from 'node:child_process'
import {ExitCode, LeadError, stateError, usageError} from '../errors.js'
import {literal, pathspecsAsWritten} from './pathspecs.js'

export interface TreeEntry {
  /** Site-relative path with forward slashes. */
  path: string
  /** git file mode: 100644, 100755, 120000 (symbolic link), 160000 (submodule). */
  mode: string
  sha: string
}

export interface IndexListing {
  entries: TreeEntry[]
  /** Paths with unresolved merge conflicts (entries at stages 1–3). */
  unmerged: string[]
}

interface GitResult {
  code: number
  stdout: Buffer
  stderr: string
}

/**
 * Run git in `cwd` with the caller's environment (a hook's GIT_INDEX_FILE must reach it).
 * Plain spawn rather than simple-git: `cat-file --batch` needs stdin and binary-safe output.
 * Only fixed arguments, resolved object names and `--end-of-options`-guarded revisions reach it.
 */
export function runGit(cwd: string, args: readonly string[], input?: Uint8Array | string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {cwd, env: pathspecsAsWritten(), stdio: ['pipe', 'pipe', 'pipe']})
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.on('error', (error) => reject(new LeadError('GIT_FAILED', `cannot run git: ${error.message}`, {exit: ExitCode.io, hint: 'is git installed and on the PATH?'})))
    child.on('close', (code) => resolve({code: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8')}))
    child.stdin.on('error', () => undefined) // git may exit before reading all of stdin; its exit code says why
    child.stdin.end(input ?? '')
  })
}

/** git's output, trimmed, when it succeeds with one (a config value, a path git names); else undefined. */
export async function gitLine(cwd: string, args: readonly string[]): Promise<string | undefined> {
  const r = await runGit(cwd, args)
  const line = r.stdout.toString('utf8').trim()
  return r.code === 0 && line ? line : undefined
}

/** git's output as text; a failure is one line (NOT_A_REPO, or GIT_FAILED naming the command). */
export async function gitText(cwd: string, args: readonly string[]): Promise<string> {
  const r = await runGit(cwd, args)
  if (r.code !== 0) throw gitFailure(r.stderr, args)
  return r.stdout.toString('utf8')
}

function gitFailure(stderr: string, args: readonly string[]): LeadError {
  if (/not a git repository/i.test(stderr)) return stateError('NOT_A_REPO', 'the site is not in a git repository', 'create it with `lead init`, or run `git init` in the site folder')
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => /^(fatal|error):/.test(l)) ?? stderr.trim().split('\n')[0] ?? ''
  return new LeadError('GIT_FAILED', `git ${args[0]} failed: ${line}`, {exit: ExitCode.io})
}

const prefixes = new Map<string, Promise<string>>()

/**
 * The site root's path inside its repository ('' at the top, else ending in '/'). Asked of git
 * once per folder and git environment: a review asks it for each side and the gate (a process each).
 */
export function repoPrefix(root: string): Promise<string> {
  const key = [root, process.cwd(), process.env.GIT_DIR, process.env.GIT_WORK_TREE].join('\0')
  let prefix = prefixes.get(key)
  if (!prefix) {
    prefix = gitText(root, ['rev-parse', '--show-prefix']).then((out) => out.trim())
    prefixes.set(key, prefix)
    prefix.catch(() => prefixes.delete(key)) // a failure is not remembered: the next asker gets its own error
  }
  return prefix
}

/** The commit a revision names, or a usage error naming the revision. */
export async function resolveCommit(root: string, rev: string): Promise<string> {
  if (rev === '' || rev.startsWith('-')) throw usageError('BAD_REVISION', `"${rev}" is not a revision`, 'name a branch, tag or commit, e.g. main, origin/main, HEAD~1')
  const r = await runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])
  const sha = r.stdout.toString('utf8').trim()
  if (r.code !== 0 || !/^[0-9a-f]{40,64}$/.test(sha)) {
    if (/not a git repository/i.test(r.stderr)) throw gitFailure(r.stderr, ['rev-parse'])
    const hint = rev === 'HEAD' ? 'the repository has no commits yet: commit something first' : 'check the name with `git log --oneline` or `git branch -a` (in CI, fetch the base branch: actions/checkout with fetch-depth: 0)'
    throw usageError('BAD_REVISION', `unknown revision "${rev}"`, hint)
  }
  return sha
}

/** The best common ancestor of two commits (what `A...B` compares against). */
export async function mergeBase(root: string, a: string, b: string): Promise<string> {
  const r = await runGit(root, ['merge-base', a, b])
  const sha = r.stdout.toString('utf8').trim()
  if (r.code !== 0 || !sha) throw usageError('NO_MERGE_BASE', `${a.slice(0, 7)} and ${b.slice(0, 7)} have no common ancestor`, 'compare them directly with A..B')
  return sha
}

/** Every file under the site root at a commit. */
export async function listRevisionFiles(root: string, commit: string): Promise<TreeEntry[]> {
  const prefix = await repoPrefix(root)
  const r = await runGit(root, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...(prefix ? literal([prefix]) : [])])
  if (r.code !== 0) throw gitFailure(r.stderr, ['ls-tree'])
  const entries: TreeEntry[] = []
  for (const line of r.stdout.toString('utf8').split('\0')) {
    // <mode> SP <type> SP <sha> TAB <path>
    const tab = line.indexOf('\t')
    if (tab < 0) continue
    const [mode, type, sha] = line.slice(0, tab).split(' ')
    if (type !== 'blob' || !mode || !sha) continue
    const full = line.slice(tab + 1)
    if (!full.startsWith(prefix)) continue
    entries.push({path: full.slice(prefix.length), mode, sha})
  }
  return entries
}

/** Every file under the site root in the index (GIT_INDEX_FILE, when a hook sets it). */
export async function listIndexFiles(root: string): Promise<IndexListing> {
  // In a subfolder, ls-files lists only that folder, with paths relative to it: the site's paths.
  const asked = repoPrefix(root) // both gits at once; ls-files' own failure is reported first
  asked.catch(() => undefined)
  const r = await runGit(root, ['ls-files', '--stage', '-z', '--full-name'])
  if (r.code !== 0) throw gitFailure(r.stderr, ['ls-files'])
  const prefix = await asked
  const entries: TreeEntry[] = []
  const unmerged = new Set<string>()
  for (const line of r.stdout.toString('utf8').split('\0')) {
    // <mode> SP <sha> SP <stage> TAB <path>
    const tab = line.indexOf('\t')
    if (tab < 0) continue
    const [mode, sha, stage] = line.slice(0, tab).split(' ')
    const full = line.slice(tab + 1)
    if (!full.startsWith(prefix) || !mode || !sha) continue
    const rel = full.slice(prefix.length)
    if (stage !== '0') unmerged.add(rel)
    else if (mode !== '160000') entries.push({path: rel, mode, sha})
  }
  return {entries, unmerged: [...unmerged]}
}

/** The contents of many blobs through one `git cat-file --batch` process. */
export async function readBlobs(root: string, shas: readonly string[]): Promise<Map<string, Buffer>> {
  const wanted = [...new Set(shas)]
  const blobs = new Map<string, Buffer>()
  if (wanted.length === 0) return blobs
  const r = await runGit(root, ['cat-file', '--batch'], `${wanted.join('\n')}\n`)
  if (r.code !== 0) throw gitFailure(r.stderr, ['cat-file'])
  const out = r.stdout
  let at = 0
  while (at < out.length) {
    const nl = out.indexOf(0x0a, at)
    if (nl < 0) break
    const header = out.subarray(at, nl).toString('utf8')
    at = nl + 1
    // <sha> SP <type> SP <size>, or <object> SP missing
    const [sha, type, size] = header.split(' ')
    if (type === 'missing' || !sha || size === undefined) continue
    const n = Number(size)
    blobs.set(sha, out.subarray(at, at + n))
    at += n + 1 // the content is followed by a newline
  }
  for (const sha of wanted) {
    if (!blobs.has(sha)) throw new LeadError('GIT_FAILED', `git object ${sha.slice(0, 12)} is missing from the repository`, {exit: ExitCode.io, hint: 'the clone may be shallow or damaged: git fetch --unshallow, or git fsck'})
  }
  return blobs
}

/** Whether a site file differs from HEAD as git sees it (changed, staged or untracked); false when git cannot tell (no repository). */
export async function differsFromHead(root: string, file: string): Promise<boolean> {
  const r = await runGit(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...literal([file])])
  return r.code === 0 && r.stdout.length > 0
}

/** One file of the site at a commit (undefined when it is not there, or is a symbolic link). */
export async function readRevisionFile(root: string, commit: string, file: string): Promise<Buffer | undefined> {
  const prefix = await repoPrefix(root)
  const r = await runGit(root, ['ls-tree', '-z', '--full-tree', commit, '--', ...literal([`${prefix}${file}`])])
  if (r.code !== 0) throw gitFailure(r.stderr, ['ls-tree'])
  const line = r.stdout.toString('utf8').split('\0').find((l) => l.endsWith(`\t${prefix}${file}`))
  const [mode, type, sha] = line ? line.slice(0, line.indexOf('\t')).split(' ') : []
  if (!sha || type !== 'blob' || mode === '120000') return undefined
  return (await readBlobs(root, [sha])).get(sha)
}
