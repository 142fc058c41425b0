// Preloaded with `node --import` into a benchmarked process: on exit, append its peak RSS (bytes)
// to the file named by BENCH_RSS_FILE, and, when BENCH_CPU_FILE is set, the CPU time (user + system,
// ms) of the process and of the child processes it waited for (git), so figures taken on a busy
// machine can be read next to the wall time. Measures the real CLI process, unchanged.
import fs from 'node:fs'

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) fs.appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS * 1024}\n`)
  if (process.env.BENCH_CPU_FILE) {
    const own = process.cpuUsage()
    let children = 0
    try {
      // /proc/self/stat fields 16 and 17 (after the command name): children's user and system clock ticks (100 per second).
      const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
      children = (Number(fields[13]) + Number(fields[14])) * 10
    } catch {
      // not Linux: the process alone
    }
    fs.appendFileSync(process.env.BENCH_CPU_FILE, `${(own.user + own.system) / 1000 + children}\n`)
  }
})
