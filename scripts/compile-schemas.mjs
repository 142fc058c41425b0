#!/usr/bin/env node
// Build step (npm run build, after tsc): compile the shipped JSON Schemas to validator code with
// ajv's standalone mode, into dist/core/schemas/, one file per kind (the schema registry finds them
// there through core/lead-files.ts). It runs tsc's output (dist-tsc/), where the registry is a
// module of its own. Loading that
// code costs a few ms of cpu per kind; compiling the schemas when a command first needs one cost ~300-650 ms. The file carries a
// digest of the schemas it was compiled from: after a schema changes without a build, lead
// compiles at run time instead (src/core/schemas/schema-registry.ts).
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const dist = fileURLToPath(new URL('../dist/core/schemas/', import.meta.url))
const registry = await import(fileURLToPath(new URL('../dist-tsc/core/schemas/schema-registry.js', import.meta.url)))
const require = createRequire(import.meta.url)
const standaloneCode = require('ajv/dist/standalone').default

const ajv = registry.createAjv({standalone: true})
for (const name of registry.SCHEMA_NAMES) ajv.addSchema(registry.loadSchema(name), name)
// One file per kind: validating one changed referral loads the referral's validator alone.
const digest = JSON.stringify(registry.schemasDigest())
fs.mkdirSync(dist, {recursive: true})
for (const name of registry.SCHEMA_NAMES) {
  const code = `${standaloneCode(ajv, {validate: name})}\nexports.digest = ${digest};\n`
  fs.writeFileSync(path.join(dist, registry.compiledValidatorFile(name)), code)
}
