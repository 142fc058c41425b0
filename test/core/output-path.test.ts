import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {LeadError} from '../../src/core/errors.js'
import {saveRecovered} from '../../src/core/records/edit-buffer.js'
import {checkOutputPath, createOutputFile, makeSiteDir, writeOutputFile} from '../../src/core/records/output-path.js'
import {cleanupTemp, tempDir} from '../support/cli.js'

afterAll(cleanupTemp)

let root: string
let outside: string
const mode = (p: string) => fs.statSync(p).mode & 0o777
function refused(fn: () => unknown): LeadError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(LeadError)
    return error as LeadError
  }
  throw new Error('expected a refusal')
}

beforeEach(() => {
  root = path.join(tempDir(), 'site')
  fs.mkdirSync(root)
  fs.writeFileSync(path.join(root, 'lead.yaml'), 'site: {name: x}\n')
  outside = tempDir('lead-outside-')
})

describe('checkOutputPath', () => {
  it('refuses a link anywhere below the site root, naming it', () => {
    fs.mkdirSync(path.join(root, '.lead'))
    fs.symlinkSync('..', path.join(root, '.lead/forms'))
    const e = refused(() => checkOutputPath(root, path.join(root, '.lead/forms/card.pdf')))
    expect([e.code, e.exit, e.message]).toEqual(['SYMLINK', 3, 'refusing to write .lead/forms/card.pdf: .lead/forms in the site is a symbolic link'])
  })

  it('refuses a link to a file, even a dangling one', () => {
    fs.symlinkSync(path.join(outside, 'nothing-here'), path.join(root, 'out.csv'))
    expect(refused(() => checkOutputPath(root, path.join(root, 'out.csv'))).code).toBe('SYMLINK')
  })

  it('refuses a path that reaches into the site through the user\'s own link and then a committed one', () => {
    fs.symlinkSync('..', path.join(root, 'up'))
    const door = path.join(outside, 'door')
    fs.symlinkSync(root, door)
    expect(refused(() => checkOutputPath(root, path.join(door, 'up', 'x.csv'))).code).toBe('SYMLINK')
  })

  it('outside the site, only the file itself must not be a link', () => {
    fs.mkdirSync(path.join(outside, 'real'))
    fs.symlinkSync(path.join(outside, 'real'), path.join(outside, 'linked-folder'))
    expect(() => checkOutputPath(root, path.join(outside, 'linked-folder', 'x.csv'))).not.toThrow()
    fs.symlinkSync(path.join(outside, 'real', 'y'), path.join(outside, 'x.csv'))
    expect(refused(() => checkOutputPath(root, path.join(outside, 'x.csv'))).code).toBe('OUT_IS_LINK')
    expect(refused(() => checkOutputPath(undefined, path.join(outside, 'x.csv'))).code).toBe('OUT_IS_LINK')
  })

  it('refuses a file where a folder must be', () => {
    fs.writeFileSync(path.join(root, 'exports'), '')
    expect(refused(() => checkOutputPath(root, path.join(root, 'exports/x.csv'))).code).toBe('NOT_A_FOLDER')
  })

  it('lets missing folders and plain files through', () => {
    fs.mkdirSync(path.join(root, 'partners'))
    fs.writeFileSync(path.join(root, 'partners/a.yaml'), '')
    expect(() => checkOutputPath(root, path.join(root, 'partners/a.yaml'))).not.toThrow()
    expect(() => checkOutputPath(root, path.join(root, 'new/deeper/b.yaml'))).not.toThrow()
  })
})

describe('makeSiteDir, writeOutputFile, createOutputFile', () => {
  it('makes each missing folder with the mode asked for, and refuses one that is a link', () => {
    const dir = makeSiteDir(root, '.lead/recovered', 0o700)
    expect(mode(dir)).toBe(0o700)
    expect(mode(path.dirname(dir))).toBe(0o700)
    fs.symlinkSync(outside, path.join(root, 'linked'))
    expect(refused(() => makeSiteDir(root, 'linked/sub')).code).toBe('SYMLINK')
    expect(fs.readdirSync(outside)).toEqual([])
  })

  it('writes private files 0600 even over a readable one', () => {
    const file = path.join(root, 'x.csv')
    fs.writeFileSync(file, 'old', {mode: 0o644})
    fs.chmodSync(file, 0o644)
    writeOutputFile(root, file, 'new', {private: true})
    expect([fs.readFileSync(file, 'utf8'), mode(file)]).toEqual(['new', 0o600])
    writeOutputFile(root, file, 'newer')
    expect(mode(file)).toBe(0o600) // a record keeps the permissions it has
  })

  it('creates a new file only once, never through a link', () => {
    const file = path.join(root, 'a.txt')
    expect(createOutputFile(root, file, 'one')).toBe(true)
    expect(createOutputFile(root, file, 'two')).toBe(false)
    expect([fs.readFileSync(file, 'utf8'), mode(file)]).toEqual(['one', 0o600])
    fs.symlinkSync(path.join(outside, 'target'), path.join(root, 'b.txt'))
    expect(refused(() => createOutputFile(root, path.join(root, 'b.txt'), 'x')).code).toBe('SYMLINK')
    expect(fs.existsSync(path.join(outside, 'target'))).toBe(false)
  })
})

describe('recovered edit buffers', () => {
  it('are kept owner-only in a folder only the owner can enter, never committed', () => {
    const kept = saveRecovered(root, 'referral', 'r-2026-01-01-abcdef', 'notes: typed by a person\n')
    expect(kept).toMatch(/^\.lead\/recovered\/referral-r-2026-01-01-abcdef-\d{8}T\d{6}Z\.yaml$/)
    expect(mode(path.join(root, kept))).toBe(0o600)
    expect(mode(path.join(root, '.lead/recovered'))).toBe(0o700)
    expect(fs.readFileSync(path.join(root, '.lead/recovered/.gitignore'), 'utf8')).toBe('*\n')
    const again = saveRecovered(root, 'referral', 'r-2026-01-01-abcdef', 'second\n', new Date(Date.parse(kept.slice(-21, -5).replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'))))
    expect(again).toMatch(/-2\.yaml$/)
  })

  it('refuse a committed .lead/recovered link: the buffer does not land in the work tree', () => {
    fs.mkdirSync(path.join(root, '.lead'))
    fs.symlinkSync('../referrals', path.join(root, '.lead/recovered'))
    fs.mkdirSync(path.join(root, 'referrals'))
    expect(refused(() => saveRecovered(root, 'referral', 'r-2026-01-01-abcdef', 'x\n')).code).toBe('SYMLINK')
    expect(fs.readdirSync(path.join(root, 'referrals'))).toEqual([])
  })
})
