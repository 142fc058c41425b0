/**
 * Reading and parsing many record files at once (load.ts): on this thread plus worker threads when
 * the batch is big enough to pay for starting them (a cold load of a big site).
 */
import fs from 'node:fs'
import os from 'node:os'
import {buildFile} from '../lead-files.js'
import type {KnownHashes} from './parse-cache.js'
import {runReadJob, type ReadJob, type ReadResult} from './read-job.js'

/** How many threads may read and parse: LEAD_THREADS if set (1 = this thread only), else the cores, at most 4. */
function parseThreads(): number {
  const fromEnv = Number.parseInt(process.env.LEAD_THREADS ?? '', 10)
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return Math.min(fromEnv, 16)
  return Math.min(typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length, 4)
}

/** A module of the build, loaded by path (an entry of scripts/bundle.mjs); none when run from source. */
const WORKER_FILE = buildFile('core/records/parse-worker.js')

/** Jobs a thread claims at a time from the batch's shared counter. */
const CLAIM = 32

/**
 * Run read jobs on this thread plus (threads − 1) workers when the batch is big enough to pay for
 * them. Every thread claims the next jobs from one shared counter until none are left, so a
 * worker that starts late (loading its modules) or reads slower files takes fewer: with halves
 * fixed up front this thread waited ~150 ms for the worker on a cold load of 13,000 files.
 */
export async function runReadJobs(jobs: ReadJob[], known: KnownHashes, unconcealed: ReadonlySet<string>, threshold: number, workerFile = WORKER_FILE): Promise<ReadResult[]> {
  const parts = parseThreads()
  if (jobs.length < threshold || parts < 2 || workerFile === undefined || !fs.existsSync(workerFile)) return jobs.map((job) => runReadJob(job, known, unconcealed))
  // Loaded only for a batch this big: compiling node:worker_threads cost every command ~2 ms.
  const {Worker} = await import('node:worker_threads')
  const next = new Int32Array(new SharedArrayBuffer(4))
  const knownList = [...known]
  const unconcealedList = [...unconcealed]
  const workers: Array<InstanceType<typeof Worker>> = []
  const remote = Array.from(
    {length: parts - 1},
    () =>
      new Promise<ClaimedResults>((resolve, reject) => {
        const worker = new Worker(workerFile)
        workers.push(worker)
        worker.once('message', (results: ClaimedResults) => {
          resolve(results)
          void worker.terminate()
        })
        worker.once('error', reject)
        // A worker that dies without answering (out of memory, killed) must not leave the load waiting.
        worker.once('exit', (code) => reject(new Error(`a parsing thread stopped (exit ${code}); run again with LEAD_THREADS=1`)))
        worker.postMessage({jobs, known: knownList, unconcealed: unconcealedList, next: next.buffer} satisfies ClaimMessage)
      }),
  )
  const results: ReadResult[] = new Array(jobs.length)
  let mine = 0
  for (const [start, list] of runClaimed(jobs, next, known, unconcealed)) {
    list.forEach((r, i) => (results[start + i] = r))
    mine += list.length
  }
  if (mine === jobs.length) {
    // This thread took every job before a worker had started (a batch just past the threshold):
    // no worker holds a result, so none is waited for.
    for (const pending of remote) pending.catch(() => undefined)
    for (const worker of workers) void worker.terminate()
    return results
  }
  for (const claimed of await Promise.all(remote)) for (const [start, list] of claimed) list.forEach((r, i) => (results[start + i] = r))
  return results
}

/** What a worker is sent: every job, and the counter the threads claim them from. */
export interface ClaimMessage {
  jobs: ReadJob[]
  known: string[]
  unconcealed: string[]
  next: SharedArrayBuffer
}

/** Results by the position of the first job of each claim. */
export type ClaimedResults = Array<[number, ReadResult[]]>

/** Run the jobs this thread claims from `next` until every job is claimed. */
export function runClaimed(jobs: readonly ReadJob[], next: Int32Array, known: {has(hash: string): boolean}, unconcealed: ReadonlySet<string>): ClaimedResults {
  const out: ClaimedResults = []
  for (let start = Atomics.add(next, 0, CLAIM); start < jobs.length; start = Atomics.add(next, 0, CLAIM)) {
    out.push([start, jobs.slice(start, start + CLAIM).map((job) => runReadJob(job, known, unconcealed))])
  }
  return out
}
