/**
 * Whether a file's stamp vouches for its content (records/file-stamps.ts), judged against when the
 * stamp was saved by the file system's clock (records/save-time.ts), apart from any file: the
 * index's save time, or a journal line's for the files it holds.
 */
import {describe, expect, it} from 'vitest'
import {FileStamps} from '../../src/core/records/file-stamps.js'
import {FileTable} from '../../src/core/records/index-tables.js'
import type {FileEntry} from '../../src/core/records/index-file.js'
import {RACY_MS, smudged, type SaveTime} from '../../src/core/records/save-time.js'

const DEV = 7
/** The index's save time, by the file system's clock: far from this machine's on purpose. */
const SAVED: SaveTime = {at: 5_000_000, dev: DEV}
const stamp = (mtimeMs: number, hash = 'h1', dev = DEV): FileEntry => ({hash, size: 10, mtimeMs, ctimeMs: mtimeMs, ino: 1, dev})
const OLD = stamp(SAVED.at - RACY_MS - 1)
const RACY = stamp(SAVED.at - RACY_MS)

function stamps(files: Record<string, FileEntry>, times = new Map<string, SaveTime>()): FileStamps {
  return new FileStamps(FileTable.of(Object.entries(files)), SAVED, times)
}

describe('file stamps', () => {
  it('a stamp saved more than RACY_MS after the change vouches for its file; one saved sooner, or of another stamp, does not', () => {
    const s = stamps({'a.yaml': OLD, 'b.yaml': RACY})
    expect(s.vouchedHash('a.yaml', OLD)).toBe('h1')
    expect(s.vouchedHash('b.yaml', RACY)).toBeUndefined()
    expect(s.vouchedHash('a.yaml', {...OLD, size: 11})).toBeUndefined()
    expect(s.vouchedHash('c.yaml', OLD)).toBeUndefined()
  })

  it('a file on another device than the cache is never vouched for: its clock says nothing of that file', () => {
    const elsewhere = stamp(0, 'h1', DEV + 1)
    expect(stamps({'a.yaml': elsewhere}).vouchedHash('a.yaml', elsewhere)).toBeUndefined()
  })

  it('a file a journal line saved is judged by that line\'s time, not the index\'s', () => {
    const later = new Map([['b.yaml', {at: SAVED.at + 1, dev: DEV}]])
    expect(stamps({'b.yaml': RACY}, later).vouchedHash('b.yaml', RACY)).toBe('h1')
    const earlier = new Map([['a.yaml', {at: SAVED.at - 1, dev: DEV}]])
    expect(stamps({'a.yaml': OLD}, earlier).vouchedHash('a.yaml', OLD)).toBeUndefined()
  })

  it('remembering tells what must be saved: a new, changed or racy stamp, not one the index holds as trusted', () => {
    const s = stamps({'a.yaml': OLD, 'b.yaml': RACY})
    expect(s.remember('a.yaml', OLD, 'h1')).toBe(false)
    expect(s.remember('a.yaml', OLD, 'h2')).toBe(true)
    expect(s.remember('b.yaml', RACY, 'h1')).toBe(true)
    expect(s.remember('c.yaml', OLD, 'h1')).toBe(true)
    expect(s.latest('a.yaml')?.hash).toBe('h2')
  })

  it('a stamp git vouched for is remembered smudged: no file matches it', () => {
    const s = stamps({})
    expect(s.rememberVouched('a.yaml', OLD, 'h1')).toBe(true)
    expect(s.latest('a.yaml')).toEqual(smudged(OLD))
    expect([...s.toSave(() => true)]).toEqual([['a.yaml', {...OLD, size: -1}]])
  })

  it('a rewrite keeps the stamps seen, smudging a kept one that was racy, and drops those of content it no longer knows', () => {
    const s = stamps({'a.yaml': OLD, 'b.yaml': RACY, 'c.yaml': stamp(0, 'gone'), 'd.yaml': OLD})
    expect(s.keep('a.yaml', 'h1')).toBe(true)
    expect(s.keep('b.yaml', 'h1')).toBe(true)
    expect(s.keep('c.yaml', 'gone')).toBe(true)
    expect(s.keep('d.yaml', 'other')).toBe(false)
    expect(s.counts()).toEqual({held: 4, seen: 3})
    expect(new Map(s.toSave((hash) => hash !== 'gone'))).toEqual(new Map([['a.yaml', OLD], ['b.yaml', smudged(RACY)]]))
  })

  it('ran counts this machine\'s steady clock since the stamps were opened, rounded up', async () => {
    const s = stamps({})
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(s.ran()).toBeGreaterThanOrEqual(20)
  })
})
