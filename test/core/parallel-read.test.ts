/**
 * Read jobs shared between threads through one counter (records/parallel-read.ts): every job is
 * run once, by whichever thread claims it, and the results come back in the jobs' order.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, afterEach, describe, expect, it} from 'vitest'
import {runClaimed, runReadJobs} from '../../src/core/records/parallel-read.js'
import {runReadJob, type ReadJob} from '../../src/core/records/read-job.js'
import {cleanupTemp, tempDir} from '../support/cli.js'

afterAll(cleanupTemp)

function jobsIn(dir: string, count: number): ReadJob[] {
  return Array.from({length: count}, (_, i) => {
    const file = `r-${String(i).padStart(4, '0')}.yaml`
    // Every seventh file is broken YAML: its findings must come back with it, in its place.
    fs.writeFileSync(path.join(dir, file), i % 7 === 0 ? `id: r-${i}\n  notes: [\n` : `id: r-${i}\nnotes: note ${i}\n`)
    return {file, abs: path.join(dir, file), maxBytes: 65536, stamp: true}
  })
}

const none = new Set<string>()

describe('read jobs claimed from a shared counter', () => {
  const threads = process.env.LEAD_THREADS
  afterEach(() => {
    if (threads === undefined) delete process.env.LEAD_THREADS
    else process.env.LEAD_THREADS = threads
  })

  it('a thread runs only the jobs past those other threads claimed, each once', () => {
    const jobs = jobsIn(tempDir(), 100)
    const next = new Int32Array(new SharedArrayBuffer(4))
    next[0] = 40 // another thread claimed the first 40
    const claimed = runClaimed(jobs, next, none, none)
    const files = claimed.flatMap(([start, list]) => list.map((r, i) => [start + i, r.file]))
    expect(files).toEqual(jobs.slice(40).map((job, i) => [40 + i, job.file]))
    expect(runClaimed(jobs, next, none, none)).toEqual([])
  })

  it('a batch this thread finishes before a worker has started is returned whole, the workers stopped without a stray rejection', async () => {
    const worker = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../dist/core/records/parse-worker.js')
    const jobs = jobsIn(tempDir(), 3)
    process.env.LEAD_THREADS = '2'
    for (let i = 0; i < 3; i++) expect(await runReadJobs(jobs, none, none, 1, worker)).toEqual(jobs.map((job) => runReadJob(job, none, none)))
    // A rejection left unhandled by a stopped worker would fail this file's run.
    await new Promise((resolve) => setTimeout(resolve, 300))
  })

  it('on three threads (the built worker) gives what one thread gives, in the jobs\u2019 order, stamps included', async () => {
    const worker = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../dist/core/records/parse-worker.js')
    expect(fs.existsSync(worker)).toBe(true) // npm test builds first
    const jobs = jobsIn(tempDir(), 700)
    process.env.LEAD_THREADS = '3'
    const shared = await runReadJobs(jobs, none, none, 1, worker)
    const alone = jobs.map((job) => runReadJob(job, none, none))
    expect(shared).toHaveLength(700)
    expect(shared).toEqual(alone)
    expect(shared.filter((r) => r.diagnostics.length > 0)).toHaveLength(100)
    expect(shared.every((r) => r.stamp?.size === fs.statSync(jobs[shared.indexOf(r)]!.abs!).size)).toBe(true)
  })

  it("checks a parsed record against its kind's schema where it is parsed: a pass is noted, a failure or a value that is not a map is left to the caller", () => {
    const dir = tempDir()
    const example = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../fixtures/example-site/partners')
    const partner = fs.readdirSync(example).find((f) => f.endsWith('.yaml'))!
    const text = fs.readFileSync(path.join(example, partner), 'utf8')
    const files: Record<string, string> = {'good.yaml': text, 'bad.yaml': `${text}unknown_field: 1\n`, 'list.yaml': '- a\n- b\n'}
    const results = Object.entries(files).map(([file, body]) => {
      fs.writeFileSync(path.join(dir, file), body)
      return runReadJob({file, abs: path.join(dir, file), maxBytes: 65536, schema: 'partner'}, none, none)
    })
    expect(results.map((r) => [r.file, r.schemaValid])).toEqual([['good.yaml', true], ['bad.yaml', undefined], ['list.yaml', undefined]])
    // Asked for no check, none is made.
    expect(runReadJob({file: 'good.yaml', abs: path.join(dir, 'good.yaml'), maxBytes: 65536}, none, none).schemaValid).toBeUndefined()
  })
})
