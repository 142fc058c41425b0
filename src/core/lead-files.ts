/**
 * Where lead's own files are: its package folder (package.json, schemas/, fixtures/, bin/) and,
 * run from a build, the build's files that are loaded by path (the yaml bundle, the compiled
 * validators, the parse worker, the chunk manifest). Every module asks here instead of resolving a
 * path against its own `import.meta.url`: the build bundles lead's modules into shared chunks
 * (scripts/bundle.mjs, dist/chunks/), so a module's file is no longer where its source sits, and a
 * path counted in `../` from it would point elsewhere. This module may itself be in a chunk: it
 * walks up from its file to the first folder holding a package.json, which is lead's, from
 * src/core/ (tests) as from dist/chunks/ or dist/core/ (a build, installed or not). Ground floor:
 * imports nothing of lead's.
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const here = fileURLToPath(import.meta.url)

function packageFolder(file: string): string {
  for (let dir = path.dirname(file); ; ) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir
    const up = path.dirname(dir)
    if (up === dir) throw new Error(`lead's package.json is not in any folder above ${file}`)
    dir = up
  }
}

/** lead's package folder (no trailing separator). */
export const LEAD_ROOT = packageFolder(here)

/** The build lead is running from (LEAD_ROOT/dist), or undefined when run from source (vitest imports src/). */
export const BUILD_DIR: string | undefined = here.startsWith(path.join(LEAD_ROOT, 'dist') + path.sep) ? path.join(LEAD_ROOT, 'dist') : undefined

/** A file of the build, by its path inside dist/ (`core/records/yaml-bundle.cjs`); undefined when run from source. */
export const buildFile = (rel: string): string | undefined => (BUILD_DIR === undefined ? undefined : path.join(BUILD_DIR, ...rel.split('/')))

/** A file of lead's package, by its path inside it (`schemas/`, `fixtures/example-site/`). */
export const leadFile = (rel: string): string => path.join(LEAD_ROOT, ...rel.split('/'))
