/**
 * The JSON Schemas shipped in schemas/ and their compiled ajv validators.
 * Schemas are trusted like code (they ship with lead); records are not.
 */
import fs from 'node:fs'
import {fileURLToPath} from 'node:url'
import Ajv2020Mod from 'ajv/dist/2020.js'
import addFormatsMod from 'ajv-formats'
import type {ValidateFunction} from 'ajv'
import {KINDS, type Kind} from '../records/kinds.js'

const Ajv2020 = Ajv2020Mod.default
const addFormats = addFormatsMod.default

/** The schema names: the seven record kinds plus `lead` for lead.yaml. */
export type SchemaName = Kind | 'lead'
export const SCHEMA_NAMES: readonly SchemaName[] = [...KINDS, 'lead']

export const SCHEMA_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url))

export const schemaFile = (name: SchemaName): string => `${name}.schema.json`

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

let ajv: InstanceType<typeof Ajv2020> | undefined
const validators = new Map<SchemaName, ValidateFunction>()

export function createAjv(): InstanceType<typeof Ajv2020> {
  // Never coerceTypes/useDefaults/removeAdditional: validation must not change data (reliability §2).
  const instance = new Ajv2020({strict: true, allErrors: true, ownProperties: true, verbose: true})
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
