/** Worker thread entry: runs a batch of read jobs on another core (see read-job.ts). */
import {parentPort} from 'node:worker_threads'
import {runReadJob, type ReadJob} from './read-job.js'

parentPort?.on('message', ({jobs, known}: {jobs: ReadJob[]; known: string[]}) => {
  const set = new Set(known)
  parentPort!.postMessage(jobs.map((job) => runReadJob(job, set)))
})
