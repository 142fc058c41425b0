#!/usr/bin/env node
// Build step (npm run build, after tsc): compile the shipped JSON Schemas to validator code with
// ajv's standalone mode, next to the schema registry in dist/. Loading that code costs ~30 ms of
// cpu; compiling the schemas when a command first needs one cost ~300-650 ms. The file carries a
// digest of the schemas it was compiled from: after a schema changes without a build, lead
// compiles at run time instead (src/core/schemas/schema-registry.ts).
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const dist = fileURLToPath(new URL('../dist/core/schemas/', import.meta.url))
const registry = await import(path.join(dist, 'schema-registry.js'))
const require = createRequire(import.meta.url)
const standaloneCode = require('ajv/dist/standalone').default

const ajv = registry.createAjv({standalone: true})
const refs = {}
for (const name of registry.SCHEMA_NAMES) {
  ajv.addSchema(registry.loadSchema(name), name)
  refs[name] = name
}
const code = `${standaloneCode(ajv, refs)}\nexports.digest = ${JSON.stringify(registry.schemasDigest())};\n`
fs.writeFileSync(path.join(dist, registry.COMPILED_VALIDATORS), code)
