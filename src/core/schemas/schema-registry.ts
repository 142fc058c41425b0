/**
 * The JSON Schemas shipped in schemas/ and their compiled ajv validators.
 * Schemas are trusted like code (they ship with lead); records are not.
 */
import fs from 'node:fs'
import {createRequire} from 'node:module'
import type {ValidateFunction} from 'ajv'
import type Ajv2020Type from 'ajv/dist/2020.js'
import type addFormatsType from 'ajv-formats'
import {buildFile} from '../lead-files.js'
import {SCHEMA_DIR, schemasDigest} from './schema-dir.js'

export {SCHEMA_DIR, schemasDigest}

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

/**
 * The validator settings. `standalone`: for scripts/compile-schemas.mjs, which writes the
 * validators as code at build time (format checks taken from ajv-formats by require).
 */
export function createAjv(options: {standalone?: boolean} = {}): Ajv {
  const Ajv2020 = (require('ajv/dist/2020.js') as typeof Ajv2020Type).default
  const addFormats = (require('ajv-formats') as typeof addFormatsType).default
  // Never coerceTypes/useDefaults/removeAdditional: validation must not change data (reliability §2).
  // allowUnionTypes: a course's valid_months is a number of months or "never".
  const instance = new Ajv2020({
    strict: true,
    allowUnionTypes: true,
    allErrors: true,
    ownProperties: true,
    verbose: true,
    ...(options.standalone ? {code: {source: true, formats: (require('ajv') as typeof import('ajv'))._`require("ajv-formats/dist/formats").fullFormats`}} : {}),
  })
  addFormats(instance, ['date', 'date-time', 'email', 'uri'])
  return instance
}


/** The file of a kind's validator compiled at build time, in dist/core/schemas/ (one per kind: a command loads only those it checks). */
export const compiledValidatorFile = (name: SchemaName): string => `compiled-${name}.cjs`

const compiled = new Map<SchemaName, ValidateFunction | null>()
let digest: string | undefined

/**
 * The validator `npm run build` compiled to code (ajv standalone): loading the referral's takes a
 * few ms where compiling its schema at run time takes ~300 ms. Absent when run from source (tests)
 * or when the schemas changed since the build: compiled at run time.
 */
function compiledValidator(name: SchemaName): ValidateFunction | null {
  let fn = compiled.get(name)
  if (fn === undefined) {
    fn = null
    const file = buildFile(`core/schemas/${compiledValidatorFile(name)}`)
    if (file !== undefined && fs.existsSync(file)) {
      const loaded = require(file) as {validate?: ValidateFunction; digest?: string}
      if (loaded.validate && loaded.digest === (digest ??= schemasDigest())) fn = loaded.validate
    }
    compiled.set(name, fn)
  }
  return fn
}

export function validatorFor(name: SchemaName): ValidateFunction {
  let fn = validators.get(name)
  if (!fn) {
    fn = compiledValidator(name) ?? undefined
    if (!fn) {
      ajv ??= createAjv()
      fn = ajv.compile(loadSchema(name))
    }
    validators.set(name, fn)
  }
  return fn
}
