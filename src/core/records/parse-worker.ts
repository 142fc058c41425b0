/** Worker thread entry: runs a batch of read jobs on another core (see read-job.ts). */
import {parentPort} from 'node:worker_threads'
import {runReadJob, type ReadJob} from './read-job.js'

parentPort?.on('message', ({jobs, known, unconcealed}: {jobs: ReadJob[]; known: string[]; unconcealed: string[]}) => {
  const set = new Set(known)
  const plain = new Set(unconcealed)
  parentPort!.postMessage(jobs.map((job) => runReadJob(job, set, plain)))
})
