/**
 * The JSON Schemas shipped in schemas/ and their compiled ajv validators.
 * Schemas are trusted like code (they ship with lead); records are not.
 */
import fs from 'node:fs'
import {createRequire} from 'node:module'
import type {ValidateFunction} from 'ajv'
import type Ajv2020Type from 'ajv/dist/2020.js'
import type addFormatsType from 'ajv-formats'
import {SCHEMA_DIR} from './schema-dir.js'

export {SCHEMA_DIR}

// ajv is loaded on first use: a warm `validate` whose records are all cached as valid never needs it.
const require = createRequire(import.meta.url)

import {SCHEMA_NAMES, schemaFile, type SchemaName} from './schema-names.js'

export {SCHEMA_NAMES, schemaFile, type SchemaName}


export type JsonSchema = Record<string, unknown>

const loaded = new Map<SchemaName, JsonSchema>()

export function loadSchema(name: SchemaName): JsonSchema {
  let schema = loaded.get(name)
  if (!schema) {
    schema = JSON.parse(fs.readFileSync(SCHEMA_DIR + schemaFile(name), 'utf8')) as JsonSchema
    loaded.set(name, schema)
  }
  return schema
}

type Ajv = InstanceType<typeof Ajv2020Type.default>
let ajv: Ajv | undefined
const validators = new Map<SchemaName, ValidateFunction>()

export function createAjv(): Ajv {
  const Ajv2020 = (require('ajv/dist/2020.js') as typeof Ajv2020Type).default
  const addFormats = (require('ajv-formats') as typeof addFormatsType).default
  // Never coerceTypes/useDefaults/removeAdditional: validation must not change data (reliability §2).
  // allowUnionTypes: a course's valid_months is a number of months or "never".
  const instance = new Ajv2020({strict: true, allowUnionTypes: true, allErrors: true, ownProperties: true, verbose: true})
  addFormats(instance, ['date', 'date-time', 'email', 'uri'])
  return instance
}

export function validatorFor(name: SchemaName): ValidateFunction {
  let fn = validators.get(name)
  if (!fn) {
    ajv ??= createAjv()
    fn = ajv.compile(loadSchema(name))
    validators.set(name, fn)
  }
  return fn
}
