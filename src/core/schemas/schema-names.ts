/** The schema names: the seven record kinds plus `lead` for lead.yaml, and their file names. */
import {KINDS, type Kind} from '../records/kinds.js'

export type SchemaName = Kind | 'lead'
export const SCHEMA_NAMES: readonly SchemaName[] = [...KINDS, 'lead']
export const schemaFile = (name: SchemaName): string => `${name}.schema.json`
