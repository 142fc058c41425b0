/**
 * Second read: read jobs shared by threads (parallel-read.ts) with odd files among them, batch
 * sizes around the claim size, and a worker that dies.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, afterEach, describe, expect, it} from 'vitest'
import {runReadJobs} from '../../src/core/records/parallel-read.js'
import {runReadJob, type ReadJob} from '../../src/core/records/read-job.js'
import {cleanupTemp, tempDir} from '../support/cli.js'

afterAll(cleanupTemp)
const WORKER = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../dist/core/records/parse-worker.js')
const none = new Set<string>()
const threads = process.env.LEAD_THREADS
afterEach(() => {
  if (threads === undefined) delete process.env.LEAD_THREADS
  else process.env.LEAD_THREADS = threads
})

function oddJobs(dir: string, count: number): ReadJob[] {
  fs.writeFileSync(path.join(dir, 'target.yaml'), 'id: target\n')
  fs.mkdirSync(path.join(dir, 'adir.yaml'))
  return Array.from({length: count}, (_, i) => {
    const file = `r-${String(i).padStart(4, '0')}.yaml`
    const p = path.join(dir, file)
    switch (i % 9) {
      case 1:
        fs.symlinkSync('target.yaml', p)
        break
      case 2:
        fs.writeFileSync(p, `id: r-${i}\nnotes: ${'x'.repeat(300)}\n`) // over maxBytes 200
        break
      case 3:
        break // missing
      case 4:
        return {file, abs: path.join(dir, 'adir.yaml'), maxBytes: 200, stamp: true}
      case 5:
        fs.writeFileSync(p, Buffer.from([0xff, 0xfe, 0x00, 0x41])) // not UTF-8
        break
      case 6:
        fs.writeFileSync(p, '') // empty
        break
      case 7:
        return {file, bytes: new TextEncoder().encode(`id: r-${i}\n`), maxBytes: 200, conceal: true}
      default:
        fs.writeFileSync(p, i % 2 ? `id: r-${i}\n  bad: [\n` : `id: r-${i}\nnotes: n${i}\n`)
    }
    return {file, abs: p, maxBytes: 200, stamp: true, conceal: i % 3 === 0}
  })
}

const norm = (rs: unknown) => JSON.parse(JSON.stringify(rs))

describe('second read: shared read jobs', () => {
  it('three threads, 700 odd jobs (links, oversized, missing, a folder, bad UTF-8, empty, bytes): what one thread gives, in order, stamps included', async () => {
    expect(fs.existsSync(WORKER)).toBe(true)
    const jobs = oddJobs(tempDir(), 700)
    process.env.LEAD_THREADS = '3'
    const shared = await runReadJobs(jobs, none, none, 1, WORKER)
    const alone = jobs.map((job) => runReadJob(job, none, none))
    expect(norm(shared)).toEqual(norm(alone))
    shared.forEach((r, i) => {
      expect(r.file).toBe(jobs[i]!.file)
      if (r.stamp) expect(r.stamp.ino).toBe(fs.statSync(jobs[i]!.abs!).ino)
    })
  })

  for (const count of [0, 1, 31, 32, 33, 64, 96, 640, 641])
    it(`${count} jobs on three threads: each result once, in place`, async () => {
      const dir = tempDir()
      const jobs: ReadJob[] = Array.from({length: count}, (_, i) => {
        const p = path.join(dir, `f${i}.yaml`)
        fs.writeFileSync(p, `id: f${i}\n`)
        return {file: `f${i}.yaml`, abs: p, maxBytes: 1000, stamp: true}
      })
      process.env.LEAD_THREADS = '3'
      const shared = await runReadJobs(jobs, none, none, 1, WORKER)
      expect(shared).toHaveLength(count)
      expect(shared.map((r) => (r.data as {id: string}).id)).toEqual(jobs.map((_, i) => `f${i}`))
    })

  it('a worker that dies mid-batch: the load rejects (does not hang, does not return holes)', async () => {
    const dir = tempDir()
    const crash = path.join(dir, 'crash-worker.mjs')
    fs.writeFileSync(crash, "import {parentPort} from 'node:worker_threads'\nparentPort.on('message', ({next}) => { Atomics.add(new Int32Array(next), 0, 32); process.exit(3) })\n")
    const jobs: ReadJob[] = Array.from({length: 6000}, (_, i) => ({file: `b${i}.yaml`, bytes: new TextEncoder().encode(`id: b${i}\nnotes: [${'y, '.repeat(100)}]\n`), maxBytes: 100000}))
    process.env.LEAD_THREADS = '2'
    let outcome: string
    try {
      const r = await runReadJobs(jobs, none, none, 1, crash)
      let holes = 0
      for (let i = 0; i < r.length; i++) if (r[i] === undefined) holes++
      outcome = `resolved, holes: ${holes}`
    } catch (e) {
      outcome = `rejected: ${(e as Error).message}`
    }
    console.log('crash outcome:', outcome)
    expect(outcome).toMatch(/^rejected|holes: 0$/)
  })

})
