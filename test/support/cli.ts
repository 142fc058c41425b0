/**
 * End-to-end test support: run the built `lead` binary as a user would, in a throwaway
 * environment with its own HOME and git identity (so tests pass on a machine with no git config).
 */
import {spawn, spawnSync, type SpawnSyncOptions} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {inject} from 'vitest'
import {initExampleSite, isolatedGitEnv, warmExampleSite} from './example-site.js'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const BIN = path.join(REPO_ROOT, 'bin', 'run.js')
export const EXAMPLE_SITE = path.join(REPO_ROOT, 'fixtures', 'example-site')

export interface RunResult {
  code: number
  stdout: string
  stderr: string
  /** stdout parsed as JSON (throws if it is not exactly one JSON document). */
  json<T = any>(): T
}

const tempRoots: string[] = []

/** A fresh temporary folder, removed by `cleanupTemp()`. */
export function tempDir(prefix = 'lead-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  tempRoots.push(dir)
  return dir
}

export function cleanupTemp(): void {
  for (const dir of tempRoots.splice(0)) fs.rmSync(dir, {recursive: true, force: true})
}

/** The environment every spawned command gets: no TTY prompts, no colour, a known git identity. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = tempDir('lead-home-')
  const env: NodeJS.ProcessEnv = {...isolatedGitEnv(home), ...extra}
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]
  return env
}

/**
 * This test process's own git identity and configuration as `env` sets them (tests that call lead's
 * core in-process, whose git commands inherit process.env rather than a child's environment).
 */
export function useGitEnv(env: NodeJS.ProcessEnv): void {
  Object.assign(process.env, {GIT_AUTHOR_NAME: env.GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL: env.GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME: env.GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL: env.GIT_COMMITTER_EMAIL, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})
}

export function runLead(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv; input?: string} = {}): RunResult {
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? testEnv(),
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  }
  const r = spawnSync(process.execPath, [BIN, ...args], spawnOptions)
  const stdout = String(r.stdout ?? '')
  return {
    code: r.status ?? -1,
    stdout,
    stderr: String(r.stderr ?? ''),
    json: () => JSON.parse(stdout),
  }
}

/**
 * `runLead` without blocking: what it returns, once the run ends. Tests that run in the same file
 * at once (it.concurrent) use it, each on files of its own.
 */
export function runLeadAsync(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv; input?: string} = {}): Promise<RunResult> {
  return spawnAsync(process.execPath, [BIN, ...args], options).then(({code, stdout, stderr}) => ({code, stdout, stderr, json: () => JSON.parse(stdout)}))
}

/** Run a program to its end without blocking (as spawnSync, utf8, 120 s at most): its exit status (-1 when killed) and output. */
export function spawnAsync(command: string, args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv; input?: string} = {}): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {cwd: options.cwd ?? REPO_ROOT, env: options.env ?? testEnv(), timeout: 120_000})
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.on('error', reject)
    child.on('close', (code) => resolve({code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8')}))
    child.stdin.on('error', () => {}) // a program that exits before reading its input
    child.stdin.end(options.input ?? '')
  })
}

/** Run git in a folder with the test identity; returns stdout, throws on failure. */
export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = testEnv()): string {
  const r = spawnSync('git', args, {cwd, env, encoding: 'utf8'})
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout
}

/**
 * A committed copy of the example site in a new git repository; returns its root. Copies the
 * site the global setup built once (test/support/global-setup.ts), or builds one when run alone.
 * With `warm`, the copy's parse cache already holds every record (for tests that do not test
 * the cache: their first command costs ~0.5 s of CPU less).
 */
export function exampleSite(env: NodeJS.ProcessEnv = testEnv(), options: {warm?: boolean} = {}): string {
  const root = path.join(tempDir('lead-site-'), 'site')
  const template = exampleSiteTemplate(options.warm ? 'exampleSiteWarmTemplate' : 'exampleSiteTemplate')
  if (template) fs.cpSync(template, root, {recursive: true})
  else if (options.warm) warmExampleSite(initExampleSite(path.join(tempDir('lead-site-'), 'site'), env), root, env)
  else initExampleSite(root, env)
  return root
}

function exampleSiteTemplate(name: 'exampleSiteTemplate' | 'exampleSiteWarmTemplate'): string | undefined {
  try {
    const dir = inject(name)
    return dir && fs.existsSync(path.join(dir, 'lead.yaml')) ? dir : undefined
  } catch {
    return undefined
  }
}

/** Write a file inside a site (creating folders). */
export function writeSiteFile(root: string, rel: string, content: string | Uint8Array): string {
  const abs = path.join(root, rel)
  fs.mkdirSync(path.dirname(abs), {recursive: true})
  fs.writeFileSync(abs, content)
  return abs
}

export function readSiteFile(root: string, rel: string): string {
  return fs.readFileSync(path.join(root, rel), 'utf8')
}

/** Replace text in a site file; throws when nothing matched, so a fixture edit never silently does nothing. */
export function editSiteFile(root: string, rel: string, from: string | RegExp, to: string): void {
  const before = readSiteFile(root, rel)
  const after = before.replace(from, to)
  if (after === before) throw new Error(`edit of ${rel} changed nothing`)
  fs.writeFileSync(path.join(root, rel), after)
}

/**
 * The site at `from` copied into `folder` (a path under the repository's top) of a new repository
 * that also holds a README, all committed; returns the repository's top and the site's folder.
 */
export function siteInSubfolder(from: string, folder: string, env: NodeJS.ProcessEnv): {top: string; site: string} {
  const top = path.join(tempDir('lead-mono-'), 'repo')
  const site = path.join(top, folder)
  fs.mkdirSync(path.dirname(site), {recursive: true})
  fs.cpSync(from, site, {recursive: true, filter: (src) => path.basename(src) !== '.git'})
  fs.writeFileSync(path.join(top, 'README.md'), 'many sites\n')
  git(top, ['init', '-q', '--initial-branch=main'], env)
  git(top, ['add', '.'], env)
  git(top, ['commit', '-qm', 'sites'], env)
  return {top, site}
}
