/**
 * Worker thread entry: parses a batch of record texts on another core.
 * YAML parsing dominates validation time, so a large site is split across cores.
 */
import {parentPort} from 'node:worker_threads'
import {parseRecordText} from './yaml-source.js'

export interface ParseJob {
  file: string
  text: string
}

export interface ParseResult {
  file: string
  data: unknown
  diagnostics: ReturnType<typeof parseRecordText>['diagnostics']
}

parentPort?.on('message', (jobs: ParseJob[]) => {
  const results: ParseResult[] = jobs.map(({file, text}) => {
    const {data, diagnostics} = parseRecordText(file, text)
    return {file, data, diagnostics}
  })
  parentPort!.postMessage(results)
})
