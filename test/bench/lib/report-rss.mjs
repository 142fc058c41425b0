// Preloaded with `node --import` into a benchmarked process: on exit, append its peak RSS (bytes)
// to the file named by BENCH_RSS_FILE, and its CPU time (user + system, ms) to BENCH_CPU_FILE.
// Measures the real CLI process, unchanged.
import fs from 'node:fs'

process.on('exit', () => {
  const usage = process.resourceUsage()
  if (process.env.BENCH_RSS_FILE) fs.appendFileSync(process.env.BENCH_RSS_FILE, `${usage.maxRSS * 1024}\n`)
  if (process.env.BENCH_CPU_FILE) fs.appendFileSync(process.env.BENCH_CPU_FILE, `${(usage.userCPUTime + usage.systemCPUTime) / 1000}\n`)
})
