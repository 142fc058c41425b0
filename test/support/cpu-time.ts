/**
 * CPU time of this process spent in `fn`, in milliseconds. Complexity checks (linear, not quadratic)
 * measure this instead of wall time, so a machine busy with other work does not fail them.
 */
export function cpuMs(fn: () => void): number {
  const start = process.cpuUsage()
  fn()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}
