/**
 * lead edit needs a terminal: run it in a pseudo-terminal (test/support/pty-driver.py) with CI
 * unset. The terminal merges stdout and stderr, so both hold everything shown.
 */
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {BIN, REPO_ROOT} from './cli.js'

export function runEdit(args: string[], cwd: string, env: NodeJS.ProcessEnv, options: {ci?: boolean} = {}): {code: number; stdout: string; stderr: string; json(): any} {
  const ttyEnv: NodeJS.ProcessEnv = {...env}
  if (!options.ci) delete ttyEnv.CI
  const r = spawnSync('python3', [path.join(REPO_ROOT, 'test/support/pty-driver.py'), '[]', '--', process.execPath, BIN, 'edit', ...args], {cwd, env: ttyEnv, encoding: 'utf8'})
  const result = JSON.parse(r.stdout) as {code: number; output: string}
  const output = result.output.replace(/\r\n/g, '\n')
  return {code: result.code, stdout: output, stderr: output, json: () => JSON.parse(output)}
}
