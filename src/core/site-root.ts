/**
 * Where a site is: the folder given, or the nearest above it holding lead.yaml. On its own so that
 * bin/run.js can guess the site before lead loads (cli/git-prefetch.ts) without site.ts's readers.
 */
import fs from 'node:fs'
import path from 'node:path'
import {CONFIG_FILE} from './records/kinds.js'

/** Walk up from `start` to the first folder holding lead.yaml. */
export function findSiteRoot(start: string): string | undefined {
  let dir = path.resolve(start)
  for (;;) {
    if (fs.existsSync(path.join(dir, CONFIG_FILE))) return dir
    const parent = path.dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}
