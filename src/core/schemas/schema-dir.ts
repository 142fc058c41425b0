/** Where the shipped JSON Schemas live (the package's schemas/ folder), without loading ajv. */
import {fileURLToPath} from 'node:url'

export const SCHEMA_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url))
