/** Types for make-site.mjs (a plain script so benchmarks run without a build step). */
export function makeSite(root: string, records: number | {referrals: number}, seed?: number): {records: number; referrals: number; invalid: number}
export function jsonCopies(root: string, out: string): Record<string, number>
export function hash(s: string): string
