/**
 * chalk, loaded only when some of this run's output may be coloured (cli/interactive.ts
 * colorEnabled: a terminal, FORCE_COLOR, never NO_COLOR). Loading it took ~10 ms of every start;
 * a run whose output goes to a pipe or a file (CI, scripts) gets a stand-in that paints nothing,
 * as chalk at level 0 does.
 */
import type {ChalkInstance} from 'chalk'
import {colorEnabled} from '../interactive.js'

/** chalk at level 0, without chalk: every style (chained too) gives back its text as chalk does. */
function noColor(): ChalkInstance {
  const paint: unknown = new Proxy((...text: unknown[]) => text.join(' '), {
    get: (_, key) => (key === 'level' ? 0 : paint),
    set: () => true,
  })
  return paint as ChalkInstance
}

export const chalk: ChalkInstance = colorEnabled(process.stdout) || colorEnabled(process.stderr) ? (await import('chalk')).default : noColor()
