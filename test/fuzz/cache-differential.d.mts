/** Types of test/fuzz/cache-differential.mjs for the tests that import it. */
export interface Step {
  kind: string
  check: boolean
  asOf?: string
  order: string[]
  [more: string]: unknown
}
export interface Difference {
  command: string
  warm: {code: number; stdout: string}
  cold: {code: number; stdout: string}
}
export interface FuzzResult {
  seed: number
  steps: number
  checked: number
  discrepancy?: {diffs: Difference[]; steps: Step[]}
}
export function fuzz(options?: {seed?: number; steps?: number; extra?: number; work?: string; log?: (line: string) => void; minimiseFound?: boolean; keep?: boolean}): Promise<FuzzResult>
export function replay(steps: Step[], options?: {work?: string; onlyLast?: boolean; extra?: number}): Promise<{at: number; diffs: Difference[]} | undefined>
export function describe(step: Step): string
