/** Worker thread entry: runs the read jobs it claims on another core (see parallel-read.ts, read-job.ts). */
import {parentPort} from 'node:worker_threads'
import {runClaimed, type ClaimMessage} from './parallel-read.js'

parentPort?.on('message', ({jobs, known, unconcealed, next}: ClaimMessage) => {
  parentPort!.postMessage(runClaimed(jobs, new Int32Array(next), new Set(known), new Set(unconcealed)))
})
