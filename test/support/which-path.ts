/**
 * Which way bin/run.js ran a line: its early path (src/cli/early-start.ts) or oclif. A preload
 * notes, as the process exits, whether @oclif/core was loaded.
 */
import fs from 'node:fs'
import path from 'node:path'
import {tempDir} from './cli.js'

/** An environment whose run appends "oclif" or "early" to `log` as it exits. */
export function noting(base: NodeJS.ProcessEnv, log: string): NodeJS.ProcessEnv {
  const preload = path.join(tempDir('lead-early-'), 'preload.cjs')
  fs.writeFileSync(preload, `process.on('exit', () => require('node:fs').appendFileSync(${JSON.stringify(log)}, Object.keys(require.cache).some((m) => m.includes('@oclif/core')) ? 'oclif\\n' : 'early\\n'))\n`)
  // Beside what the environment preloads already (a shifted clock: shifted-clock.ts).
  return {...base, NODE_OPTIONS: [base.NODE_OPTIONS, `--require=${preload}`].filter(Boolean).join(' ')}
}
