/** The parse cache index's line (records/index-file.ts: ASCII JSON, then the stamps column's raw bytes), for tests that look inside it. */
import fs from 'node:fs'
import {cacheFile} from '../../src/core/records/cache-files.js'

export function indexLine(root: string): string {
  const bytes = fs.readFileSync(cacheFile(root)!)
  return bytes.subarray(0, bytes.indexOf(0x0a)).toString('latin1')
}
