/**
 * Installing lead as a package in tests: pack it, run npm with the machine's npm cache (the test
 * environment's HOME is a throwaway folder, and the cache makes installs work offline).
 */
import {execFileSync, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {REPO_ROOT} from './cli.js'

let cache: string | undefined

/** The npm cache of the user running the tests. */
export function npmCache(): string {
  cache ??= execFileSync('npm', ['config', 'get', 'cache'], {encoding: 'utf8'}).trim()
  return cache
}

/** Run npm in `cwd`; throws with npm's output when it fails. */
export function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv, timeout = 600_000): string {
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error']
  const offline = args.includes('--offline') ? [] : ['--prefer-offline']
  const r = spawnSync('npm', [...args, ...quiet, ...offline], {cwd, env: {...env, npm_config_cache: npmCache(), npm_config_update_notifier: 'false'}, encoding: 'utf8', timeout})
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

/** `npm pack` the built lead (npm test builds it first) into `dir`; returns the tarball's path. */
export function packLead(dir: string): string {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'commands'))) throw new Error('lead is not built: run npm run build first')
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']})
  const [{filename}] = JSON.parse(out) as Array<{filename: string}>
  return path.join(dir, filename)
}
