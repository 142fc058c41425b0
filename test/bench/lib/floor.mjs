// The floor a cold `lead validate` is measured against: one process, one thread, that reads every
// record file of a site, parses it with the same YAML library and checks it with ajv against the
// same schemas (same options as lead's), and does nothing else: no positions, no cross-record
// rules, no privacy scan, no cache. Usage: node floor.mjs SITE_DIR; prints the count of failures.
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {parse} from 'yaml'

const require = createRequire(import.meta.url)
const Ajv2020 = require('ajv/dist/2020.js').default
const addFormats = require('ajv-formats').default
const schemas = fileURLToPath(new URL('../../../schemas/', import.meta.url))
const ajv = new Ajv2020({strict: true, allErrors: true, ownProperties: true, verbose: true})
addFormats(ajv, ['date', 'date-time', 'email', 'uri'])
const validators = {}
const validator = (kind) => (validators[kind] ??= ajv.compile(JSON.parse(fs.readFileSync(path.join(schemas, `${kind}.schema.json`), 'utf8'))))

const root = process.argv[2]
let files = 0
let failed = 0
const walk = (dir, kind) => {
  for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
    const abs = path.join(dir, e.name)
    if (e.isDirectory()) walk(abs, kind)
    else if (e.name.endsWith('.yaml')) {
      files++
      if (!validator(kind)(parse(fs.readFileSync(abs, 'utf8')))) failed++
    }
  }
}
for (const folder of fs.readdirSync(root)) {
  if (folder.startsWith('.') || !fs.statSync(path.join(root, folder)).isDirectory()) continue
  walk(path.join(root, folder), folder.replace(/s$/, ''))
}
console.log(JSON.stringify({files, failed}))
