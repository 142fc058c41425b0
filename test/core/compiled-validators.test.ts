/**
 * The validators `npm run build` compiles to code (scripts/compile-schemas.mjs, ajv standalone)
 * judge exactly as the schemas compiled at run time do: same verdict, same errors, for every record
 * of the example site and for thousands of damaged copies of them (each value replaced by values of
 * other types, each field removed, an unknown field added). npm test builds first, so the file is
 * there; a test run without a build fails here rather than passing untested.
 */
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import type {ValidateFunction} from 'ajv'
import {compiledValidatorFile, createAjv, loadSchema, SCHEMA_NAMES, schemasDigest, type SchemaName} from '../../src/core/schemas/schema-registry.js'
import {kindOfPath} from '../../src/core/records/kinds.js'
import {EXAMPLE_SITE, REPO_ROOT} from '../support/cli.js'

const require = createRequire(import.meta.url)
const compiledFile = (name: SchemaName) => path.join(REPO_ROOT, 'dist', 'core', 'schemas', compiledValidatorFile(name))

function exampleRecords(): Array<{name: SchemaName; data: unknown}> {
  const out: Array<{name: SchemaName; data: unknown}> = [{name: 'lead', data: parseYaml(fs.readFileSync(path.join(EXAMPLE_SITE, 'lead.yaml'), 'utf8'))}]
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(EXAMPLE_SITE, rel), {withFileTypes: true})) {
      const child = rel ? `${rel}/${e.name}` : e.name
      if (e.isDirectory()) walk(child)
      else if (child !== 'lead.yaml' && child.endsWith('.yaml')) {
        const place = kindOfPath(child)
        if (place.kind && !place.problem) out.push({name: place.kind, data: parseYaml(fs.readFileSync(path.join(EXAMPLE_SITE, child), 'utf8'))})
      }
    }
  }
  walk('')
  return out
}

/** Copies of `data` with one thing wrong each. */
function damaged(data: unknown): unknown[] {
  const out: unknown[] = []
  const visit = (value: unknown, replace: (v: unknown) => unknown, remove?: () => unknown) => {
    for (const wrong of [42, -1.5, '', 'zzz', '2026-02-30', 'not a date-time', true, null, [], {}, ['x']]) out.push(replace(wrong))
    if (remove) out.push(remove())
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, (w) => replace(value.map((x, j) => (j === i ? w : x))), () => replace(value.filter((_, j) => j !== i))))
    else if (value && typeof value === 'object') {
      const entries = Object.entries(value)
      for (const [k, v] of entries) {
        visit(
          v,
          (w) => replace({...value, [k]: w}),
          () => replace(Object.fromEntries(entries.filter(([key]) => key !== k))),
        )
      }
    }
  }
  visit(data, (w) => w)
  if (data && typeof data === 'object' && !Array.isArray(data)) out.push({...data, surplus_field: 'x'})
  return out
}

describe('validators compiled at build time', () => {
  it('are there, compiled from the schemas lead ships', () => {
    for (const name of SCHEMA_NAMES) {
      expect(fs.existsSync(compiledFile(name)), `${compiledFile(name)} is missing: run npm run build`).toBe(true)
      expect((require(compiledFile(name)) as {digest: string}).digest).toBe(schemasDigest())
    }
  })

  it('give the verdicts and errors of the schemas compiled at run time', () => {
    const compiled = Object.fromEntries(SCHEMA_NAMES.map((n) => [n, (require(compiledFile(n)) as {validate: ValidateFunction}).validate])) as Record<SchemaName, ValidateFunction>
    const ajv = createAjv()
    const runtime = Object.fromEntries(SCHEMA_NAMES.map((n) => [n, ajv.compile(loadSchema(n))])) as Record<SchemaName, ValidateFunction>
    let cases = 0
    let invalid = 0
    for (const {name, data} of exampleRecords()) {
      // Up to 100 damaged copies per record, spread over the whole record (rosters have thousands).
      const copies = damaged(data)
      const stride = Math.ceil(copies.length / 100)
      for (const candidate of [data, ...copies.filter((_, i) => i % stride === 0)]) {
        const want = runtime[name]!(candidate)
        const wantErrors = JSON.stringify(runtime[name]!.errors ?? null)
        const got = compiled[name]!(candidate)
        expect({name, got, errors: JSON.stringify(compiled[name]!.errors ?? null)}).toEqual({name, got: want, errors: wantErrors})
        cases++
        if (!want) invalid++
      }
    }
    // Every kind was tried, and mostly with data its schema refuses.
    expect(cases).toBeGreaterThan(3000)
    expect(invalid / cases).toBeGreaterThan(0.5)
  })
})
