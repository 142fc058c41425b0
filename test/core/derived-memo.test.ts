import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {DerivedMemos} from '../../src/core/records/derived-memo.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, {recursive: true, force: true})
})
function file(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-derived-'))
  dirs.push(dir)
  return path.join(dir, 'lead', 'derived-x.json')
}

describe('DerivedMemos', () => {
  it('keeps results across runs, privately, newest first and only the latest eight', () => {
    const f = file()
    const a = new DerivedMemos(f, () => 'v1')
    for (let i = 0; i < 10; i++) a.set(`k${i}`, {n: i})
    a.set('k5', {n: 55}) // set again: moves to the front, not kept twice
    a.save()
    expect(fs.statSync(f).mode & 0o777).toBe(0o600)
    const b = new DerivedMemos(f, () => 'v1')
    expect(b.get('k5')).toEqual({n: 55})
    expect(b.get('k9')).toEqual({n: 9})
    expect(b.get('k2')).toEqual({n: 2})
    expect(b.get('k1')).toBeUndefined() // the oldest two fell out
    expect(b.get('k0')).toBeUndefined()
    // One checked line: the sum, a space, the memos.
    expect(JSON.parse(fs.readFileSync(f, 'utf8').slice(28)).memos).toHaveLength(8)
  })

  it('forgets results of another cache version, and starts empty from a damaged file', () => {
    const f = file()
    const a = new DerivedMemos(f, () => 'v1')
    a.set('k', 1)
    a.save()
    expect(new DerivedMemos(f, () => 'v2').get('k')).toBeUndefined()
    fs.writeFileSync(f, '{"version":"v1","memos":[{"key":')
    expect(new DerivedMemos(f, () => 'v1').get('k')).toBeUndefined()
    // Whole and well-formed, but not as lead wrote it (a hand edit): its sum fails, so no memo, whatever its shape.
    a.set('k', {errors: 1})
    a.save()
    expect(new DerivedMemos(f, () => 'v1').get('k')).toEqual({errors: 1})
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('{"errors":1}', 'null'))
    expect(fs.readFileSync(f, 'utf8')).toContain('"value":null')
    expect(new DerivedMemos(f, () => 'v1').get('k')).toBeUndefined()
    // Cut short (no newline): none either.
    a.save()
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').slice(0, -1))
    expect(new DerivedMemos(f, () => 'v1').get('k')).toBeUndefined()
  })

  it('writes nothing when nothing was added, and nothing without a file', () => {
    const f = file()
    new DerivedMemos(f, () => 'v1').save()
    expect(fs.existsSync(f)).toBe(false)
    const none = new DerivedMemos(undefined, () => 'v1')
    none.set('k', 1)
    none.save()
    expect(none.get('k')).toBe(1)
  })
})
