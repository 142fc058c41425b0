/**
 * The note a write leaves for the status after it (write/status-carry-note.ts) carries the status
 * of the state git's digest names through the written files' rows: it is left only when every
 * other record the write judged is what that digest read. A referral saved while the write loaded
 * would otherwise keep, in the carried status, the row it had when git was asked.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {gitFileState} from '../../src/core/records/git-file-state.js'
import {loadRecords} from '../../src/core/records/load.js'
import {siteStateDigest} from '../../src/core/records/state-memo.js'
import {statusCarryNote} from '../../src/core/write/status-carry-note.js'
import {cleanupTemp, exampleSite, git, testEnv, useGitEnv} from '../support/cli.js'
import {NOTES_REFERRAL, withNotes} from '../support/set-notes.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

/** Another referral, edited by hand (so git lists it as changed and its digest reads it). */
function otherReferral(root: string): string {
  const file = git(root, ['ls-files', 'referrals'], env).split('\n').find((f) => f && f !== NOTES_REFERRAL.file)!
  fs.appendFileSync(path.join(root, file), '# edited by hand\n')
  return file
}

describe('the status carry note of a write', () => {
  it('is left when the records judged are what git\'s digest read, the written file aside', async () => {
    const root = exampleSite(env)
    otherReferral(root)
    const site = readSite(root)
    const state = (await gitFileState(root))!
    const from = siteStateDigest(root, state)
    const records = await loadRecords(site, {git: state})
    const note = statusCarryNote(site, state, records, [withNotes(root, 'called back')])
    expect(note?.before).toBe(from)
    expect(note?.changes.map((c) => c.file)).toEqual([NOTES_REFERRAL.file])
  })

  it('is not left when another referral was saved between git\'s digest and the load', async () => {
    const root = exampleSite(env)
    const other = otherReferral(root)
    const site = readSite(root)
    const state = (await gitFileState(root))!
    expect(siteStateDigest(root, state)).toBeDefined()
    fs.writeFileSync(path.join(root, other), fs.readFileSync(path.join(root, other), 'utf8').replace(/^status: .*$/m, 'status: closed'))
    const records = await loadRecords(site, {git: state})
    expect(statusCarryNote(site, state, records, [withNotes(root, 'called back')])).toBeUndefined()
  })
})
