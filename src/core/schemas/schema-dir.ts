/** Where the shipped JSON Schemas live (the package's schemas/ folder) and a digest of them, without loading ajv. */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {leadFile} from '../lead-files.js'
import {SCHEMA_NAMES, schemaFile} from './schema-names.js'

export const SCHEMA_DIR = leadFile('schemas') + path.sep

let digest: string | undefined

/**
 * A digest of the shipped schemas, read once per process: validators compiled from other schemas
 * are not used (schema-registry.ts), and the parse cache starts afresh under others (cache-files.ts).
 */
export function schemasDigest(): string {
  if (digest === undefined) {
    const h = createHash('sha1')
    for (const name of SCHEMA_NAMES) h.update(name).update('\0').update(fs.readFileSync(SCHEMA_DIR + schemaFile(name)))
    digest = h.digest('base64url')
  }
  return digest
}
