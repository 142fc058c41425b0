/**
 * The editor sees what CI sees: every schema-level finding `lead validate` reports also appears
 * in the editor, on the same line, with the real yaml-language-server (the VS Code YAML
 * extension's engine) configured by the site's own .vscode/settings.json. Run on the example
 * site (no finding on either side) and on broken records: fixtures/invalid/ and a corpus of the
 * cases where schemas used to lean on `format`, which editors do not check the way lead does.
 */
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Diagnostic} from '../../src/core/errors.js'
import {readSite} from '../../src/core/site.js'
import {validateSite} from '../../src/core/validate/site-validation.js'
import {cleanupTemp, REPO_ROOT, runLead, tempDir, testEnv} from '../support/cli.js'
import {YamlLanguageServer, type LspDiagnostic} from '../support/yaml-lsp.js'

/** Findings of the schema check (src/core/privacy/schema-findings.ts). */
const SCHEMA_CODES = new Set(['UNKNOWN_FIELD', 'MISSING_FIELD', 'WRONG_TYPE', 'NOT_ALLOWED', 'BAD_FORMAT', 'OUT_OF_RANGE', 'BAD_LENGTH', 'DUPLICATE_ITEM', 'SCHEMA'])

const partner = (website: string) => `id: harbor-pd
name: Harbor City Police Department
type: law_enforcement
website: ${website}
`
const mouDates = (fileText: string, signed: string) => fileText.replace(/^(\s*)signed: .*$/m, `$1signed: ${signed}`)

/** Broken records of our own: the five cases where editor and lead used to disagree, and more. */
const CORPUS: Array<{place: string; text: (site: string) => string; code: string}> = [
  {place: 'partners/web-no-scheme.yaml', text: () => partner('harborpd.example.org').replace('harbor-pd', 'web-no-scheme'), code: 'BAD_FORMAT'},
  {place: 'partners/web-space.yaml', text: () => partner('"https://harbor pd.example.org"').replace('harbor-pd', 'web-space'), code: 'BAD_FORMAT'},
  {place: 'partners/web-ftp.yaml', text: () => partner('ftp://harborpd.example.org/files').replace('harbor-pd', 'web-ftp'), code: 'BAD_FORMAT'},
  {place: 'partners/web-mailto.yaml', text: () => partner('mailto:chief@harborpd.example.org').replace('harbor-pd', 'web-mailto'), code: 'BAD_FORMAT'},
  {place: 'trainings/feb-30.yaml', text: (site) => fs.readFileSync(path.join(site, firstFile(site, 'trainings')), 'utf8').replace(/^date: .*$/m, 'date: 2027-02-30'), code: 'BAD_FORMAT'},
  {place: 'trainings/month-13.yaml', text: (site) => fs.readFileSync(path.join(site, firstFile(site, 'trainings')), 'utf8').replace(/^date: .*$/m, 'date: 2026-13-01'), code: 'BAD_FORMAT'},
  {place: 'trainings/april-31.yaml', text: (site) => fs.readFileSync(path.join(site, firstFile(site, 'trainings')), 'utf8').replace(/^date: .*$/m, 'date: 2026-04-31'), code: 'BAD_FORMAT'},
  {place: 'mous/signed-feb-30.yaml', text: (site) => mouDates(fs.readFileSync(path.join(site, firstFile(site, 'mous')), 'utf8'), '2026-02-30'), code: 'BAD_FORMAT'},
]

function firstFile(site: string, folder: string): string {
  return `${folder}/${fs.readdirSync(path.join(site, folder)).filter((f) => f.endsWith('.yaml')).sort()[0]}`
}

let site: string
let lsp: YamlLanguageServer

beforeAll(async () => {
  site = path.join(tempDir('lead-parity-'), 'site')
  const r = runLead(['init', site, '--example'], {env: testEnv()})
  if (r.code !== 0) throw new Error(r.stderr)
  // The site's own editor settings, as VS Code hands them to the server (schema paths resolved from the site root).
  const vscode = JSON.parse(fs.readFileSync(path.join(site, '.vscode/settings.json'), 'utf8')) as {'yaml.schemas': Record<string, string[]>}
  const schemas: Record<string, string[]> = {}
  for (const [schema, globs] of Object.entries(vscode['yaml.schemas'])) schemas[pathToFileURL(path.join(site, schema)).href] = globs
  lsp = new YamlLanguageServer()
  await lsp.start(pathToFileURL(site).href, {yaml: {validate: true, schemas, schemaStore: {enable: false}, format: {enable: false}, hover: false, completion: false}})
}, 60_000)

afterAll(async () => {
  await lsp?.stop()
  cleanupTemp()
})

async function editorLines(rel: string, text: string): Promise<Map<number, LspDiagnostic[]>> {
  const found = await lsp.diagnostics(pathToFileURL(path.join(site, rel)).href, text)
  const byLine = new Map<number, LspDiagnostic[]>()
  for (const d of found) byLine.set(d.range.start.line + 1, [...(byLine.get(d.range.start.line + 1) ?? []), d])
  return byLine
}

/** lead's schema-level findings in `files`, after putting them into the site. */
async function leadFindings(files: Record<string, string>): Promise<Diagnostic[]> {
  const root = path.join(tempDir('lead-parity-case-'), 'site')
  fs.cpSync(site, root, {recursive: true, filter: (src) => !src.includes(`${path.sep}.git`)})
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), {recursive: true})
    fs.writeFileSync(path.join(root, rel), text)
  }
  const result = await validateSite(readSite(root), {cache: false, asOf: '2026-11-27'})
  return result.diagnostics.filter((d) => SCHEMA_CODES.has(d.code) && d.file in files)
}

describe('editor and lead agree (yaml-language-server over LSP)', () => {
  it('the example site: no schema finding in lead, none in the editor', async () => {
    const files = fs.readdirSync(site, {recursive: true, encoding: 'utf8'}).filter((f) => f.endsWith('.yaml') && !f.split(path.sep).some((p) => p.startsWith('.')))
    expect(files.length).toBeGreaterThan(90)
    // All open at once, as a workspace is: the server publishes for each.
    const shown = await Promise.all(files.map(async (rel) => [...(await editorLines(rel, fs.readFileSync(path.join(site, rel), 'utf8'))).values()].flat().map((d) => `${rel}:${d.range.start.line + 1} ${d.message}`)))
    expect(shown.flat()).toEqual([])
  }, 300_000)

  it('our corpus: lead reports each defect, and the editor shows it on the same line', async () => {
    const files = Object.fromEntries(CORPUS.map((c) => [c.place, c.text(site)]))
    const found = await leadFindings(files)
    // Opened together, as a workspace opens them: each waits for the server to settle (1.5 s), at once.
    const editor = await Promise.all(CORPUS.map((c) => editorLines(c.place, files[c.place]!)))
    for (const [i, c] of CORPUS.entries()) {
      const here = found.filter((d) => d.file === c.place)
      expect(here.map((d) => d.code), c.place).toContain(c.code)
      // one finding per defect, not a format and a pattern message for the same value
      expect(here.filter((d) => d.code === c.code), c.place).toHaveLength(1)
      const lines = editor[i]!
      for (const d of here) expect(lines.get(d.line)?.length ?? 0, `${c.place}:${d.line} ${d.code} ${d.message}: editor shows ${JSON.stringify([...lines.entries()])}`).toBeGreaterThan(0)
    }
  }, 300_000)

  it('fixtures/invalid: every schema-level finding of lead is in the editor at the same line', async () => {
    const invalid = path.join(REPO_ROOT, 'fixtures', 'invalid')
    let compared = 0
    const cases: Array<{name: string; place: string; text: string; found: Diagnostic[]}> = []
    for (const name of fs.readdirSync(invalid).filter((f) => f.endsWith('.yaml')).sort()) {
      const bytes = fs.readFileSync(path.join(invalid, name))
      const text = bytes.toString('utf8')
      if (text.includes('\uFFFD') || bytes.includes(0)) continue // not text an editor opens as YAML
      const place = /^# place: (\S+)$/m.exec(text)?.[1]
      if (!place) continue
      const found = await leadFindings({[place]: text})
      if (found.length === 0) continue // a rule only lead can check (references, IDs…)
      cases.push({name, place, text, found})
    }
    // The editor's side opened together (each waits 1.5 s for the server to settle), in waves of
    // distinct files: two fixtures for the same place are two versions of one document.
    const editor = new Map<(typeof cases)[number], Map<number, LspDiagnostic[]>>()
    for (let rest = cases; rest.length > 0; ) {
      const places = new Set<string>()
      const wave = rest.filter((c) => !places.has(c.place) && places.add(c.place))
      await Promise.all(wave.map(async (c) => editor.set(c, await editorLines(c.place, c.text))))
      rest = rest.filter((c) => !wave.includes(c))
    }
    for (const c of cases) {
      const {name, place, found} = c
      const lines = editor.get(c)!
      for (const d of found) {
        compared++
        expect(lines.get(d.line)?.length ?? 0, `${name} → ${place}:${d.line} ${d.code} ${d.message}: editor shows ${JSON.stringify([...lines.entries()])}`).toBeGreaterThan(0)
      }
    }
    expect(compared).toBeGreaterThanOrEqual(5)
  }, 300_000)
})
