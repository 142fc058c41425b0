/**
 * The yaml library, loaded on first use. lead.yaml and most records are read without it
 * (lead-layout.ts), and loading it is 72 modules (~35 ms of a warm command that otherwise never
 * touches it). A build loads it as one file (dist/core/records/yaml-bundle.cjs, made by
 * scripts/bundle-yaml.mjs from the installed package: ~20 ms where the 72 modules took 60-80);
 * run from source (tests), the package itself. Every module of lead takes it from here, so a
 * process holds one copy (the library tells its nodes apart by Symbol.for, so a test's own
 * `import 'yaml'` reads them too).
 */
import fs from 'node:fs'
import {createRequire} from 'node:module'
import type * as Yaml from 'yaml'
import {buildFile} from '../lead-files.js'

const require = createRequire(import.meta.url)
let lib: typeof Yaml | undefined

function load(): typeof Yaml {
  const bundle = buildFile('core/records/yaml-bundle.cjs')
  return require(bundle !== undefined && fs.existsSync(bundle) ? bundle : 'yaml') as typeof Yaml
}

export const yaml = (): typeof Yaml => (lib ??= load())
