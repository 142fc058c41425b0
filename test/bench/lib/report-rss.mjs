// Preloaded with `node --import` into a benchmarked process: on exit, append its peak RSS (bytes)
// to the file named by BENCH_RSS_FILE, and its CPU time (user + system, milliseconds; child
// processes such as git not included) to BENCH_CPU_FILE if set. Measures the real CLI process,
// unchanged. CPU time stays meaningful when other work shares the machine; wall time does not.
import fs from 'node:fs'

process.on('exit', () => {
  const usage = process.resourceUsage()
  if (process.env.BENCH_RSS_FILE) fs.appendFileSync(process.env.BENCH_RSS_FILE, `${usage.maxRSS * 1024}\n`)
  if (process.env.BENCH_CPU_FILE) fs.appendFileSync(process.env.BENCH_CPU_FILE, `${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`)
})
