/**
 * RuleContext.heldAll finds the valid records whose `id` field holds an id by scanning while few
 * are asked for, and through byHeldId's map after: the same records in the same order either way,
 * twins (two files holding one id), records failing their schema and ids nobody holds included.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parseDocument} from 'yaml'
import {loadRecords, type SiteRecord} from '../../src/core/records/load.js'
import type {Kind} from '../../src/core/records/kinds.js'
import {readSite} from '../../src/core/site.js'
import {RuleContext} from '../../src/core/validate/rule-context.js'
import {recordSchemaFindings} from '../../src/core/privacy/schema-findings.js'
import {cleanupTemp, exampleSite, testEnv} from '../support/cli.js'

const env = testEnv()

describe('looking records up by the id they hold', () => {
  afterAll(cleanupTemp)

  it('scans and maps alike', async () => {
    const root = exampleSite(env)
    const consents = fs.readdirSync(path.join(root, 'consents')).sort()
    const copy = (from: string, to: string, change: (doc: ReturnType<typeof parseDocument>) => void) => {
      const doc = parseDocument(fs.readFileSync(path.join(root, from), 'utf8'))
      change(doc)
      fs.writeFileSync(path.join(root, to), doc.toString())
    }
    // A twin holding the first consent's id under another file name, and one that fails its schema.
    const first = parseDocument(fs.readFileSync(path.join(root, 'consents', consents[0]!), 'utf8')).get('id') as string
    copy(`consents/${consents[1]}`, 'consents/c-2026-01-01-aaaaaa.yaml', (doc) => doc.set('id', first))
    copy(`consents/${consents[2]}`, 'consents/c-2026-01-02-bbbbbb.yaml', (doc) => {
      doc.set('id', first)
      doc.set('signed', 'not a date')
    })
    const records = await loadRecords(readSite(root), {cache: false})
    const valid = new Set(records.records.filter((r) => r.data && recordSchemaFindings(r, undefined).length === 0))
    const fresh = () => new RuleContext(readSite(root), records, valid, '2026-11-27')
    const files = (list: readonly SiteRecord[]) => list.map((r) => r.file)
    for (const kind of ['consent', 'referral', 'partner'] as Kind[]) {
      const ids = [...new Set(records.ofKind(kind).map((r) => String(r.data?.id)))]
      ids.push('c-2099-01-01-nobody', '')
      const mapped = fresh().byHeldId(kind)
      // One look-up per fresh context (a scan), and all of them on one context (scans, then the map).
      const one = fresh()
      for (const id of ids) {
        expect(files(fresh().heldAll(kind, id)), `${kind} ${id}`).toEqual(files(mapped.get(id) ?? []))
        expect(files(one.heldAll(kind, id)), `${kind} ${id}`).toEqual(files(mapped.get(id) ?? []))
        expect(fresh().heldBy(kind, id)?.file).toBe(mapped.get(id)?.at(-1)?.file)
      }
    }
    // The twin is found beside the original, the invalid one is not.
    expect(files(fresh().heldAll('consent', first))).toEqual([`consents/${consents[0]}`, 'consents/c-2026-01-01-aaaaaa.yaml'].sort())
  })
})
