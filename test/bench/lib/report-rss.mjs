// Preloaded with `node --import` into a benchmarked process: on exit, append its peak RSS (bytes)
// to the file named by BENCH_RSS_FILE. Measures the real CLI process, unchanged.
import fs from 'node:fs'

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) fs.appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS * 1024}\n`)
})
