/**
 * lead processes whose clock is shifted: a module preloaded through NODE_OPTIONS replaces Date
 * (`new Date()` and `Date.now()` run `ms` ahead; dates given stay as given). git and the processes
 * lead starts inherit NODE_OPTIONS, so a hook's lead sees the same clock.
 */
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {tempDir} from './cli.js'

export function clockShifted(env: NodeJS.ProcessEnv, ms: number): NodeJS.ProcessEnv {
  const file = path.join(tempDir('lead-clock-'), 'shift.mjs')
  fs.writeFileSync(
    file,
    `const shift = ${ms}
const Real = Date
class Shifted extends Real {
  constructor(...a) { if (a.length === 0) super(Real.now() + shift); else super(...a) }
  static now() { return Real.now() + shift }
}
globalThis.Date = Shifted
`,
  )
  return {...env, NODE_OPTIONS: `--import=${pathToFileURL(file).href}`}
}

/** The clock shifted ahead (less than a day) to `minute` (of the day, 0–1439) in `timeZone`, give or take a minute. */
export function clockAtMinute(env: NodeJS.ProcessEnv, timeZone: string, minute: number): NodeJS.ProcessEnv {
  const [hour, min] = new Intl.DateTimeFormat('en-US', {timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23'}).format(new Date()).split(':').map(Number) as [number, number]
  return clockShifted(env, ((minute - (hour * 60 + min) + 1440) % 1440) * 60_000)
}

/** About noon in `timeZone`: far from its midnight whenever the tests run. */
export const clockAtNoon = (env: NodeJS.ProcessEnv, timeZone: string): NodeJS.ProcessEnv => clockAtMinute(env, timeZone, 12 * 60)
