/**
 * How far V8 lets this process's young generation grow. By default each scavenge that finds most
 * of it still alive doubles it, up to 2 × 16 MB: right for a run that makes much short-lived
 * garbage (a cold load parsing 13,000 files), wrong for one that builds a big site's records from
 * the parse cache. There nearly everything made lives to the end (a record object per file, its
 * path and hash), so the young generation grows to its limit, every page of it touched once more,
 * and each record is copied there before it is promoted. On a sandbox where a fresh page costs
 * 10-30 µs that was a sixth of a validation after one referral changed: with the growth factor
 * at 1 the young generation stays at 1 MB a half, and what lives is promoted at once.
 *
 * The factor is a heuristic V8 reads at each scavenge (v8.setFlagsFromString is documented to do
 * nothing, or something unpredictable, for flags read at start; this one is not). node:v8 is
 * loaded only when asked (a warm command that answers from a memo never is).
 */
import {createRequire} from 'node:module'

const require = createRequire(import.meta.url)

/** V8's own default for --semi-space-growth-factor (Node 20-24). */
const DEFAULT_FACTOR = 2

let small = false

/** Keep the young generation at its starting size (`true`: most of what is made will live), or let it grow again. */
export function keepYoungGenerationSmall(on: boolean): void {
  if (on === small) return
  small = on
  try {
    ;(require('node:v8') as typeof import('node:v8')).setFlagsFromString(`--semi-space-growth-factor=${on ? 1 : DEFAULT_FACTOR}`)
  } catch {
    // A runtime without the flag: the heap only grows as it always did.
  }
}

/** Whether it is kept small now (tests). */
export const youngGenerationKeptSmall = (): boolean => small
