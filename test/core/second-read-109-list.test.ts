/**
 * A second reader's attack on `lead list`'s memo (list-records.ts): a record saved between git's
 * digest and the load's read must not leave a check remembered under the digest of content the
 * load did not read (its unreadable files, which a later list with the file back takes as said).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it, vi} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, exampleSite, testEnv, useGitEnv} from '../support/cli.js'
import {NOTES_REFERRAL} from '../support/set-notes.js'

/** Set by the test: run once, just before the load reads the site (after listSiteRecords worked out git's digest). */
const beforeLoad: {run?: () => void} = {}
vi.mock('../../src/core/records/load.js', async (original) => {
  const actual = await original<typeof import('../../src/core/records/load.js')>()
  return {
    ...actual,
    loadRecords: (...args: Parameters<typeof actual.loadRecords>) => {
      beforeLoad.run?.()
      beforeLoad.run = undefined
      return actual.loadRecords(...args)
    },
  }
})
const {listSiteRecords} = await import('../../src/core/records/list-records.js')

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

describe('lead list --limit, a record saved while it loads', () => {
  it('remembers nothing under the digest of the content the load did not read', async () => {
    const root = exampleSite(env)
    const abs = path.join(root, NOTES_REFERRAL.file)
    const edited = fs.readFileSync(abs, 'utf8').replace(/\nnotes:.*\n/, '\nnotes: edited by hand\n')
    fs.writeFileSync(abs, edited)
    const list = async () => {
      const r = await listSiteRecords(readSite(root), 'referral', {limit: 5})
      return {ids: r.rows.map((row) => row.id), total: r.total, unreadable: r.unreadable.map((u) => u.file)}
    }
    const cold = await list()
    // Unreadable when the load reads it; as the digest read it once the list is over.
    beforeLoad.run = () => fs.writeFileSync(abs, 'status: [unclosed\n')
    fs.rmSync(path.join(root, '.git', 'lead'), {recursive: true, force: true})
    const during = await list()
    expect(during.unreadable).toEqual([NOTES_REFERRAL.file])
    fs.writeFileSync(abs, edited)
    expect(await list()).toEqual(cold)
  })
})
