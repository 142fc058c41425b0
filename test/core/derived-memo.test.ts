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
    // Checked lines (the sum, a space, the payload): the version, then each memo's key, a tab, its value.
    const lines = fs.readFileSync(f, 'utf8').split('\n').slice(0, -1).map((l) => l.slice(28))
    expect(JSON.parse(lines[0]!)).toEqual({version: 'v1'})
    expect(lines.slice(1).map((l) => JSON.parse(l.slice(0, l.indexOf('\t'))))).toEqual(['k5', 'k9', 'k8', 'k7', 'k6', 'k4', 'k3', 'k2'])
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
    expect(fs.readFileSync(f, 'utf8')).toContain('"k"\tnull')
    expect(new DerivedMemos(f, () => 'v1').get('k')).toBeUndefined()
    // Cut short (no newline): none either.
    a.save()
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').slice(0, -1))
    expect(new DerivedMemos(f, () => 'v1').get('k')).toBeUndefined()
  })

  it('a line damaged or cut short loses its memo alone; the others are kept, and written again as they were read', () => {
    const f = file()
    const a = new DerivedMemos(f, () => 'v1')
    for (const k of ['a', 'b', 'c']) a.set(k, {k, accents: 'Zoë'})
    a.save()
    const text = fs.readFileSync(f, 'utf8')
    expect(text).not.toContain('ë') // ASCII: \u escapes
    fs.writeFileSync(f, text.replace('"b"\t{"k":"b"', '"b"\t{"k":"B"'))
    const b = new DerivedMemos(f, () => 'v1')
    expect([b.get('a'), b.get('b'), b.get('c')]).toEqual([{k: 'a', accents: 'Zoë'}, undefined, {k: 'c', accents: 'Zoë'}])
    expect(b.keys()).toEqual(['c', 'a'])
    b.set('d', [1])
    b.save()
    const c = new DerivedMemos(f, () => 'v1')
    expect(c.values()).toEqual([[1], {k: 'c', accents: 'Zoë'}, {k: 'a', accents: 'Zoë'}])
    // Cut inside the last line: the lines before it stand.
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').slice(0, -5))
    expect(new DerivedMemos(f, () => 'v1').keys()).toEqual(['d', 'c'])
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
