#!/usr/bin/env node
// Build step (npm run build): the yaml library as one file, dist/core/records/yaml-bundle.cjs,
// which src/core/records/yaml-lib.ts requires in place of the package. The package's Node build is
// 72 CommonJS modules: a process that needs it (`lead set` on a record with a wrapped value, `lead
// new`, a parse worker) spent 60-80 ms finding, reading and compiling them, and ~20 ms on the one
// file. The same code, from the same installed version: nothing is changed but how it is loaded.
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {build} from 'rolldown'

const require = createRequire(import.meta.url)
const out = fileURLToPath(new URL('../dist/core/records/yaml-bundle.cjs', import.meta.url))
const pkg = require.resolve('yaml/package.json')
const {version} = JSON.parse(fs.readFileSync(pkg, 'utf8'))
// The ISC licence asks for its copyright and permission notice in every copy: this file is one.
const licence = fs.readFileSync(path.join(path.dirname(pkg), 'LICENSE'), 'utf8').trim().split('\n').map((l) => `// ${l}`.trimEnd()).join('\n')
await build({
  input: require.resolve('yaml'),
  platform: 'node',
  logLevel: 'silent',
  output: {file: out, format: 'cjs', banner: `// yaml ${version} (github.com/eemeli/yaml), bundled by scripts/bundle-yaml.mjs\n${licence}`},
})
