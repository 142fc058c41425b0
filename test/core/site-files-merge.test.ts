/**
 * The site's files listed from git's answer (records/site-files.ts listSiteFilesFromGit): the clean
 * files merged by position with the other files and the ignored folders git lists, in the walk's
 * order, are exactly what a walk of the folders finds, however git's answer splits them.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {CleanFiles, type GitFiles} from '../../src/core/records/git-file-state.js'
import {listSiteFiles, listSiteFilesFromGit, walkOrder} from '../../src/core/records/site-files.js'
import {cleanupTemp, tempDir} from '../support/cli.js'
import {seededRandom} from '../support/seeded-random.js'

const FILES = [
  'consents/c-2025-06-03-aaaaaa.yaml',
  'consents/c-2025-06-03-bbbbbb.yaml',
  'docs/mkdocs.yml',
  'mous/drafts/m-draft.yaml',
  'mous/m-1.yaml',
  'partners/a-b.yaml',
  'partners/a.yaml',
  'partners/a.b.yml',
  'partners/a/c.yaml',
  'partners/z.yaml',
  'partners-old/x.yaml',
  'referrals/2025/r-2025-01-01-aaaaaa.yaml',
  'referrals/2026/r-2026-01-01-aaaaaa.yaml',
  'referrals/2026/r-2026-01-01-bbbbbb.yaml',
  'referrals/2026-x/r.yaml',
  'referrals/r-2026-01-01-cccccc.yaml',
  'rosters/x.yaml',
  'trainings/t-1.yaml',
]

describe("the site's files from git's answer", () => {
  afterAll(cleanupTemp)
  const root = tempDir()
  for (const f of FILES) {
    fs.mkdirSync(path.dirname(path.join(root, f)), {recursive: true})
    fs.writeFileSync(path.join(root, f), 'id: x\n')
  }
  const walked = listSiteFiles(root)
  const shown = (l: ReturnType<typeof listSiteFiles>) => [...l.files.map((f) => `${f.file} ${f.kind} ${f.id}`), ...l.diagnostics.map((d) => `${d.file} ${d.code}`)]

  it("are the walk's where git's order differs only by a '.' before a '/' (a.b.yml, a/c.yaml)", () => {
    const other = ['partners-old/x.yaml', 'partners/a-b.yaml', 'referrals/2026-x/r.yaml']
    const clean = FILES.filter((f) => !other.includes(f)).sort()
    const state: GitFiles = {clean: new CleanFiles(clean, clean.map((f) => `hash-${f}`)), other, ignoredDirs: [], ignored: new Set(), attributes: []}
    expect(shown(listSiteFilesFromGit(root, state))).toEqual(shown(walked))
  })

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`are the walk's, however git splits them (seed ${seed})`, () => {
      const random = seededRandom(seed)
      const dirs = random() < 0.5 ? ['mous/drafts'] : []
      const listed = FILES.filter((f) => !dirs.some((d) => f.startsWith(`${d}/`)))
      const clean = [...listed].sort().filter(() => random() < 0.8) // git's order: by bytes
      const other = listed.filter((f) => !clean.includes(f)).sort(() => random() - 0.5)
      const state: GitFiles = {clean: new CleanFiles(clean, clean.map((f) => `hash-${f}`)), other, ignoredDirs: dirs, ignored: new Set(), attributes: []}
      const fromGit = listSiteFilesFromGit(root, state)
      expect(shown(fromGit)).toEqual(shown(walked))
      expect(fromGit.files.map((f) => f.file)).toEqual([...fromGit.files.map((f) => f.file)].sort(walkOrder))
    })
  }
})
