/** Where the shipped JSON Schemas live (the package's schemas/ folder), without loading ajv. */
import path from 'node:path'
import {leadFile} from '../lead-files.js'

export const SCHEMA_DIR = leadFile('schemas') + path.sep
