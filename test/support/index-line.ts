/** The parse cache index's line (records/index-file.ts: ASCII JSON, then the stamps column's raw bytes), for tests that look inside it. */
import fs from 'node:fs'
import {cacheFile} from '../../src/core/records/cache-files.js'

/** The line of the index file at `file`. */
export function indexFileLine(file: string): string {
  const bytes = fs.readFileSync(file)
  return bytes.subarray(0, bytes.indexOf(0x0a)).toString('latin1')
}

/** The line of the site's index, where this build keeps it. */
export const indexLine = (root: string): string => indexFileLine(cacheFile(root)!)
