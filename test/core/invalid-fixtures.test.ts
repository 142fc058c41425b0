/**
 * Every file in fixtures/invalid/ holds one defect. Its first lines say where it goes in a site
 * (`# place:`) and which diagnostic it must produce (`# expect: CODE LINE:COL`). Each is dropped
 * into a copy of the example site and validated.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {validateSite} from '../../src/core/validate/site-validation.js'

const REPO = new URL('../../', import.meta.url).pathname
const INVALID = path.join(REPO, 'fixtures', 'invalid')
const EXAMPLE = path.join(REPO, 'fixtures', 'example-site')
const roots: string[] = []
afterAll(() => roots.forEach((r) => fs.rmSync(r, {recursive: true, force: true})))

const fixtures = fs.readdirSync(INVALID).filter((f) => f.endsWith('.yaml')).sort()

function siteWith(place: string, bytes: Uint8Array): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-invalid-'))
  roots.push(root)
  fs.cpSync(EXAMPLE, root, {recursive: true, filter: (src) => !src.includes(`${path.sep}.lead`)})
  fs.mkdirSync(path.dirname(path.join(root, place)), {recursive: true})
  fs.writeFileSync(path.join(root, place), bytes)
  return root
}

describe('fixtures/invalid', () => {
  it('has a fixture for every check', () => expect(fixtures.length).toBeGreaterThanOrEqual(30))

  it('the example site holds records only: no local state such as a cache', () => {
    const hidden = fs.readdirSync(EXAMPLE, {recursive: true, encoding: 'utf8'}).filter((f) => f.split(path.sep).some((part) => part.startsWith('.')))
    expect(hidden).toEqual([])
  })

  it('the example site itself is valid', async () => {
    const result = await validateSite(readSite(EXAMPLE), {cache: false, asOf: '2026-11-27'})
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  })

  it.each(fixtures)('%s gives its diagnostic at its position', async (name) => {
    const bytes = fs.readFileSync(path.join(INVALID, name))
    const head = bytes.subarray(0, 300).toString('latin1')
    const place = /^# place: (\S+)$/m.exec(head)?.[1]
    const expected = /^# expect: ([A-Z_0-9]+) (\d+):(\d+)$/m.exec(head)
    expect(place, 'header # place:').toBeDefined()
    expect(expected, 'header # expect: CODE LINE:COL').not.toBeNull()
    const [, code, line, column] = expected!

    const result = await validateSite(readSite(siteWith(place!, bytes)), {cache: false, asOf: '2026-11-27'})
    const here = result.diagnostics.filter((d) => d.file === place)
    expect(here.map((d) => `${d.code} ${d.line}:${d.column}`)).toContain(`${code} ${line}:${column}`)
    const found = here.find((d) => d.code === code)!
    expect(found.severity).toBe('error')
    expect(found.message.length).toBeGreaterThan(10)
    expect(found.hint ?? '').not.toBe('')
    expect(result.ok).toBe(false)
    // One defect per file: the rest of the site stays clean (a duplicate ID names both copies).
    const elsewhere = result.diagnostics.filter((d) => d.file !== place && d.severity === 'error')
    expect(elsewhere.every((d) => d.code === code)).toBe(true)
  })
})
