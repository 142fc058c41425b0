/**
 * Where a record belongs: the shortcut for the usual path (records/kinds.ts usualRecordPath) gives
 * exactly the answer of the general rules, on generated paths good and bad.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, tempDir} from '../support/cli.js'
import {KIND_INFO, KINDS, kindOfPath, kindOfPathByRules, usualKind, usualRecordPath} from '../../src/core/records/kinds.js'
import {classifySitePath} from '../../src/core/records/site-files.js'
import {LEFT_BESIDE_RECORDS} from '../../src/core/records/left-beside.js'
import {GITIGNORE} from '../../src/core/site-layout.js'

afterAll(cleanupTemp)

function* paths(): Generator<string> {
  const folders = [...KINDS.map((k) => KIND_INFO[k].folder), 'docs', '.lead', 'Referrals', 'referral', 'node_modules', '']
  const middles = ['', '2026/', '26/', '20261/', 'abcd/', '2026/11/', '.hidden/', 'x/']
  const names = ['r-2026-11-03-k3f9q2.yaml', 'a.yml', 'b.YAML', 'c.yaml.bak', '.yaml', 'x y.yaml', 'ñandú.yaml', 'a.b.yaml', 'lead.yaml', 'a\\b.yaml', 'x.yaml.yaml', 'y.yaml\n', 'z']
  for (const f of folders) for (const m of middles) for (const n of names) yield f ? `${f}/${m}${n}` : `${m}${n}`
  // Near misses of the shortcut's own checks: folders that extend a kind's, a year of other digits' count, slashes at the ends.
  for (const f of ['referrals', 'referralsx', 'referral', 'partners', 'partners-old', 'a\\b']) {
    for (const m of ['', '2026/', '202/', '20266/', '2o26/', '/', '2026//']) for (const n of ['a.yaml', 'a', '.yaml', '/a.yaml']) yield `${f}/${m}${n}`
  }
  yield* ['/referrals/2026/a.yaml', 'referrals/2026/a.yaml/', 'a.yaml', '', '.lead/a.yaml', 'referrals\\2026\\a.yaml']
}

describe('the usual record path', () => {
  it('is judged as the general rules judge it', () => {
    let usual = 0
    for (const rel of paths()) {
      expect({rel, kind: kindOfPath(rel)}).toEqual({rel, kind: kindOfPathByRules(rel)})
      if (usualRecordPath(rel)) usual++
      // The listing's form of the shortcut (no match or object per path): the same kind, and the ID from the name.
      const kind = usualKind(rel)
      expect({rel, kind}).toEqual({rel, kind: usualRecordPath(rel)?.kind})
      if (kind) expect(rel.slice(rel.lastIndexOf('/') + 1, -5)).toBe(usualRecordPath(rel)!.id)
    }
    expect(usual).toBeGreaterThan(20) // the shortcut is taken
  })

  it('files as the walk files them', () => {
    expect(classifySitePath('referrals/2026/r-2026-11-03-k3f9q2.yaml')).toEqual({file: 'referrals/2026/r-2026-11-03-k3f9q2.yaml', kind: 'referral', id: 'r-2026-11-03-k3f9q2'})
    expect(classifySitePath('referrals/r-2026-11-03-k3f9q2.yaml')).toMatchObject({code: 'UNKNOWN_FOLDER'})
    expect(classifySitePath('partners/2026/x.yaml')).toMatchObject({code: 'UNKNOWN_FOLDER'})
    expect(classifySitePath('partners/x.yaml', {symlink: true})).toMatchObject({code: 'SYMLINK'})
    expect(classifySitePath('partners/x.yml')).toMatchObject({code: 'FILE_NAME'})
  })

  it('a file that is no record in a participant folder is a privacy finding (a hidden one too); elsewhere, or a placeholder where lead puts one, it is passed by', () => {
    // A .gitignore there is content no one checks; a placeholder keeping a folder a person named keeps the name.
    for (const rel of ['consents/Jane Doe signed ROI.pdf', 'referrals/2026/intake scan.jpg', 'referrals/export.csv', 'meetings/2026/notes.txt', 'referrals/2026/r-2026-11-03-k3f9q2.yaml~', 'consents/Thumbs.db', 'consents/._Jane Doe.pdf', 'referrals/2026/.DS_Store', 'referrals/2026/.gitignore', 'consents/Jane Doe/.gitkeep', 'meetings/2026/John Roe/.keep', 'consents/2026/.gitkeep']) {
      expect(classifySitePath(rel), rel).toMatchObject({code: 'PII_UNCHECKED_FILE', severity: 'error', file: rel, line: 1, column: 1})
      // A link there is read from no listing: SYMLINK, from the walk, git's index or a revision alike.
      expect(classifySitePath(rel, {symlink: true}), rel).toMatchObject({code: 'SYMLINK', severity: 'error'})
    }
    // The message names the folder, never the file (its name is typed by a person).
    expect((classifySitePath('consents/Jane Doe.pdf') as {message: string}).message).not.toContain('Jane')
    // lead's own temporary file of a write (atomic-write.ts) is there for a moment.
    for (const rel of ['consents/.gitkeep', 'referrals/.gitkeep', 'referrals/2026/.gitkeep', 'meetings/2025/.keep', 'referrals/2026/.r-2026-11-03-k3f9q2.yaml.0123456789ab.tmp', 'protocols/signed protocol v3.pdf', 'partners/logo.png', 'README.md', 'referrals', 'docs/consent form.pdf', '.github/x.pdf']) {
      expect(classifySitePath(rel), rel).toBeUndefined()
    }
  })

  it('lead init\'s .gitignore ignores what an editor or operating system leaves, as LEFT_BESIDE_RECORDS says; the finding\'s hint names the line', () => {
    const root = tempDir('lead-ignore-')
    execFileSync('git', ['init', '-q'], {cwd: root})
    fs.writeFileSync(path.join(root, '.gitignore'), GITIGNORE)
    const samples = ['.DS_Store', '._Jane Doe.pdf', 'Thumbs.db', 'desktop.ini', 'r-2026-11-03-k3f9q2.yaml~', '#r-2026-11-03-k3f9q2.yaml#', '.#notes.txt', '.r-2026-11-03-k3f9q2.yaml.swp', 'r-2026-11-03-k3f9q2.yaml.orig']
    for (const name of samples) {
      const left = LEFT_BESIDE_RECORDS.filter((l) => l.matches(name))
      expect(left, name).toHaveLength(1)
      // git ignores it by that very line (check-ignore -v names the pattern).
      expect(execFileSync('git', ['check-ignore', '-v', '--no-index', `consents/${name}`], {cwd: root, encoding: 'utf8'}), name).toContain(`:${left[0]!.line}\t`)
      expect((classifySitePath(`consents/${name}`) as {hint: string}).hint, name).toContain(`add the line \`${left[0]!.line}\` to the .gitignore`)
    }
    expect(LEFT_BESIDE_RECORDS.map((l) => l.line).every((line) => GITIGNORE.split('\n').includes(line))).toBe(true)
    expect((classifySitePath('consents/Jane Doe.pdf') as {hint: string}).hint).toContain('keep scans, exports and notes outside the site repository')
  })
})
