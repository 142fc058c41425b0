/**
 * The young generation kept at its starting size while a load builds records that live to the end
 * of the run (records/young-generation.ts), and let grow again for a load that parses many files.
 * In a child process of its own (a test worker's heap has grown long before): what V8 does with
 * the flag, through the built module.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {loadRecords} from '../../src/core/records/load.js'
import {youngGenerationKeptSmall} from '../../src/core/records/young-generation.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, exampleSite, git, REPO_ROOT, testEnv, writeSiteFile, useGitEnv} from '../support/cli.js'

const env = testEnv()
useGitEnv(env)

afterAll(cleanupTemp)

/** The young generation's size (MB) in a process that keeps (or not) it small, then makes 40 MB that lives. */
function youngAfter(calls: boolean[]): number {
  const script = `
    import v8 from 'node:v8'
    const {keepYoungGenerationSmall} = await import(${JSON.stringify(path.join(REPO_ROOT, 'dist/core/records/young-generation.js'))})
    for (const on of ${JSON.stringify(calls)}) keepYoungGenerationSmall(on)
    const kept = []
    for (let i = 0; i < 400000; i++) kept.push({file: 'referrals/2026/r-' + i + '.yaml', hash: String(i).repeat(3), at: i})
    console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576, kept.length)`
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8'})
  expect(child.status, child.stderr.slice(-500)).toBe(0)
  return Number(child.stdout.split(' ')[0])
}

describe('the young generation while records are built', () => {
  it('stays at its starting size when kept small, and grows when let grow again, or never kept', () => {
    expect(youngAfter([true])).toBeLessThanOrEqual(4)
    expect(youngAfter([])).toBeGreaterThan(4)
    expect(youngAfter([true, false])).toBeGreaterThan(4)
  })

  it('is kept small by a load from the parse cache, and let grow by a load that parses many files', async () => {
    const root = exampleSite()
    for (let i = 0; i < 210; i++) writeSiteFile(root, `partners/p-${String(i).padStart(3, '0')}.yaml`, `id: p-${String(i).padStart(3, '0')}\nname: Partner ${i}\ntype: service_provider\n`)
    // Committed: git vouches for them on the second load (an untracked file's fresh stamp does not, and it is read again).
    git(root, ['add', '-A'])
    git(root, ['commit', '-qm', 'partners'])
    await loadRecords(readSite(root))
    expect(youngGenerationKeptSmall()).toBe(false)
    await loadRecords(readSite(root))
    expect(youngGenerationKeptSmall()).toBe(true)
    fs.rmSync(path.join(root, '.git', 'lead'), {recursive: true, force: true})
    await loadRecords(readSite(root))
    expect(youngGenerationKeptSmall()).toBe(false)
  })
})
