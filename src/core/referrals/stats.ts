/**
 * Summary statistics for reports. The median is the middle value (the mean of the two middle
 * values for an even count); percentiles use the nearest-rank method, so every percentile is an
 * observed value a project manager can find in the data.
 */

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]
}

/** A share in [0, 1], or undefined when there is nothing to divide by. */
export function share(part: number, whole: number): number | undefined {
  return whole === 0 ? undefined : part / whole
}
