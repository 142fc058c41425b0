/**
 * The yaml library, loaded on first use. lead.yaml and most records are read without it
 * (lead-layout.ts), and loading it is 72 modules (~35 ms of a warm command that otherwise never
 * touches it). Its Node build is CommonJS, so it can be required where it is needed, synchronously,
 * and is the same module instance an `import 'yaml'` elsewhere gets.
 */
import {createRequire} from 'node:module'
import type * as Yaml from 'yaml'

const require = createRequire(import.meta.url)
let lib: typeof Yaml | undefined

export const yaml = (): typeof Yaml => (lib ??= require('yaml') as typeof Yaml)
