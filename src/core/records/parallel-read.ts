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

/** Run read jobs on this thread plus (threads − 1) workers when the batch is big enough to pay for them. */
export async function runReadJobs(jobs: ReadJob[], known: KnownHashes, unconcealed: ReadonlySet<string>, threshold: number): Promise<ReadResult[]> {
  const parts = parseThreads()
  // A module of the build, loaded by path (an entry of scripts/bundle.mjs); none when run from source.
  const workerFile = buildFile('core/records/parse-worker.js')
  if (jobs.length < threshold || parts < 2 || workerFile === undefined || !fs.existsSync(workerFile)) return jobs.map((job) => runReadJob(job, known, unconcealed))
  // Loaded only for a batch this big: compiling node:worker_threads cost every command ~2 ms.
  const {Worker} = await import('node:worker_threads')
  const size = Math.ceil(jobs.length / parts)
  const chunks = Array.from({length: parts}, (_, i) => jobs.slice(i * size, (i + 1) * size))
  const knownList = [...known]
  const unconcealedList = [...unconcealed]
  const remote = chunks.slice(1).map(
    (chunk) =>
      new Promise<ReadResult[]>((resolve, reject) => {
        const worker = new Worker(workerFile)
        worker.once('message', (results: ReadResult[]) => {
          resolve(results)
          void worker.terminate()
        })
        worker.once('error', reject)
        // A worker that dies without answering (out of memory, killed) must not leave the load waiting.
        worker.once('exit', (code) => reject(new Error(`a parsing thread stopped (exit ${code}); run again with LEAD_THREADS=1`)))
        worker.postMessage({jobs: chunk, known: knownList, unconcealed: unconcealedList})
      }),
  )
  const local = chunks[0]!.map((job) => runReadJob(job, known, unconcealed))
  const rest = await Promise.all(remote)
  return [local, ...rest].flat()
}
