/**
 * `lead form`: every form in both formats, what each prints, and where and how it is written.
 * Refusals, hostile record text and the default folder are in form-errors.test.ts. The render
 * matrix's PDFs are made once (test/support/forms.ts) and read again by the tests of what they print.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {overlappingText, textOffPage} from '../support/pdf.js'
import {ALL_FORMS, FormRuns, pdfDoc, pdfInfo, pdfText, renderInProcess} from '../support/forms.js'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)
// Each test spawns lead several times: on a busy two-core machine one run can take seconds.
vi.setConfig({testTimeout: 120_000})

const env = testEnv()
let site: string
let out: string
const runs = new FormRuns(() => site, () => out, env)
const form = (args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}) => runs.run(args, options)

beforeAll(() => {
  // Only read by these tests (forms are written to `out`): one warm copy for the file.
  site = exampleSite(env, {warm: true})
  out = tempDir('lead-forms-out-')
})

describe('lead form list', () => {
  it('lists every form with what it needs, one line each', async () => {
    const r = runLead(['form', 'list'], {env})
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^FORM\s+WHAT\s+BUILT FROM/)
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['referral', 'pocket-card', 'handoff-slip', 'roi', 'mou', 'sign-in', 'protocol', 'coverage', 'pcg-agenda', 'minutes', 'case-conference'])
    const json = runLead(['form', 'list', '--json'], {env}).json()
    expect(json.find((f: {name: string}) => f.name === 'sign-in')).toMatchObject({takes: ['training'], idRequired: true})
    expect(json.find((f: {name: string}) => f.name === 'coverage')).toMatchObject({takes: [], idRequired: false})
  })
})

describe('every form renders in both formats on the example site', () => {
  for (const [name, args] of ALL_FORMS) {
    it(name, async () => {
      const base = args.join('-')
      // The PDF by the built CLI, one run per form.
      const {run: pdf, file} = runs.matrixPdf(args)
      expect(pdf.code, pdf.stderr).toBe(0)
      expect(pdf.stdout).toBe('')
      expect(pdf.stderr).toMatch(new RegExp(`^Wrote ${base}\\.pdf \\(PDF, \\d+ pages?, `))
      expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-')
      expect(fs.statSync(file).mode & 0o777).toBe(0o600)
      const doc = await pdfDoc(file)
      const text = doc.text
      // Measured from the PDF: no text over other text, none off the page, none under 8 pt.
      for (const p of doc.pages) {
        expect(overlappingText(p).map(([a, b]) => `${a.text} / ${b.text}`), `page ${p.number}`).toEqual([])
        expect(textOffPage(p, 8).map((t) => t.text), `page ${p.number}`).toEqual([])
        expect(p.items.filter((t) => t.size < 8).map((t) => t.text), `page ${p.number}`).toEqual([])
      }
      expect(text).toContain('Harbor County LEAD')
      expect(text).toContain('Harbor County, WA')
      const pages = doc.pages.length
      expect(text).toContain(`Page ${pages} of ${pages}`)

      // The HTML through the command's own core calls, in this process (the CLI writes HTML end
      // to end below: mou, protocol and pocket-card; the bytes come from the same renderForm).
      const html = await renderInProcess(site, args, 'html')
      expect(html.pages, 'the HTML prints the same pages').toBe(pages)
      const page = html.bytes.toString('utf8')
      expect(page).toMatch(/^<!DOCTYPE html>/)
      expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)
      expect(page).not.toMatch(/<script|<link|src="http/)
      expect(page).toContain('Harbor County LEAD')
    })
  }
})

describe('what the forms print', () => {
  it('pocket card: every charge code with its threshold, exclusions, phone and hours, on a 4 × 6 in card', async () => {
    const {run: r, file} = runs.matrixPdf(['pocket-card'])
    expect(r.code, r.stderr).toBe(0)
    const text = await pdfText(file)
    for (const code of ['RCW 69.50.4013', 'RCW 69.50.401 ', 'RCW 9A.56.050', 'RCW 9A.52.080', 'RCW 9A.48.090', 'RCW 9A.56.170', 'RCW 9A.88.030', 'RCW 9A.84.030']) expect(text).toContain(code)
    // Each code with its threshold on the same line.
    expect(text).toMatch(/RCW 69\.50\.4013\s+Possession of a controlled\s+≤ 3 g/)
    expect(text).toMatch(/RCW 69\.50\.401\s+Delivery of a controlled substance,\s+≤ 3 g/)
    expect(text).toContain('+1-360-555-0100')
    expect(text.replace(/\s+/g, ' ')).toContain('Mon–Fri 06:00–22:00; Sat, Sun 08:00–20:00')
    expect(text).toContain('Appears to exploit minors')
    expect(text).toContain('(no override)')
    const info = (await pdfInfo(file))
    expect(info.size).toBe('288 x 432')
    expect(info.pages).toBe(2)
  })

  it('pocket card follows the protocol in force on --as-of (version 1 before March 2026), superseded: only with --draft, marked', async () => {
    const refused = form(['pocket-card', '--as-of', '2025-12-01', '--out', 'v1-refused.pdf'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/^protocols\/2025-v1\.yaml:7:\d+: error PROTOCOL_NOT_ADOPTED protocol 2025-v1 is superseded; .*\n  hint: .*--draft/)
    expect(fs.existsSync(path.join(out, 'v1-refused.pdf'))).toBe(false)
    const r = form(['pocket-card', '--as-of', '2025-12-01', '--draft', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json()).toMatchObject({ok: true, form: 'pocket-card', sources: ['protocols/2025-v1.yaml'], paper: 'card', asOf: '2025-12-01', marking: expect.stringMatching(/^SUPERSEDED: protocol 2025-v1/)})
    expect(path.basename(r.json().file)).toBe('pocket-card-2025-v1.pdf')
  })

  it('referral form: blank lists charges and exclusions as checklists; filled shows the referral', async () => {
    const blank = runs.matrixPdf(['referral'])
    expect(blank.run.code, blank.run.stderr).toBe(0)
    const t = await pdfText(blank.file)
    expect(t).toContain('RCW 69.50.4013 — Possession of a controlled substance (max ≤ 3 g)')
    expect(t).toContain('Under 18 years old. Refer to juvenile diversion instead. (no override)')
    expect(t).toContain('Call the LEAD line from the scene: +1-360-555-0100')
    expect(t).not.toContain('P-7K2D9Q')
    const filled = runs.matrixPdf(['referral', 'r-2026-11-03-k3f9q2'])
    expect(filled.run.code, filled.run.stderr).toBe(0)
    const f = await pdfText(filled.file)
    expect(f).toContain('P-7K2D9Q')
    expect(f).toContain('Dana Ortiz, #0412')
    expect(f).toContain('2026-11-03 06:42')
    expect(f).toContain('2026-12-03')
    const social = form(['referral', 'r-2025-06-21-htr2cu', '--out', 'ref-social.pdf'])
    expect(social.code, social.stderr).toBe(0)
    const sc = await pdfText(path.join(out, 'ref-social.pdf'))
    expect(sc).toContain('Social contact: known conduct within the last 24 months')
    expect(sc).toMatch(/2023-12-30\s+Repeated trespass warnings at the downtown transit center\./)
    expect(social.stderr).toContain('protocols/2025-v1.yaml') // the version in force in June 2025
  }, 120_000)

  it('handoff slip: case manager and phone, intake deadline, voluntary, no charges', async () => {
    const {run: r, file} = runs.matrixPdf(['handoff-slip', 'r-2026-11-03-k3f9q2'])
    expect(r.code, r.stderr).toBe(0)
    const t = await pdfText(file)
    expect(t).toContain('Avery Moreno')
    expect(t).toContain('+1-360-555-0183')
    expect(t).toContain('Thu 3 Dec 2026')
    expect(t).toContain('LEAD is voluntary')
    expect(t).not.toMatch(/RCW|controlled substance/)
  })

  it('ROI: partners, information, revocation, redisclosure notice, signature lines', async () => {
    const {run: r, file} = runs.matrixPdf(['roi', 'c-2026-11-03-p8m2wd'])
    expect(r.code, r.stderr).toBe(0)
    const t = (await pdfText(file)).replace(/\s+/g, ' ')
    expect(t).toContain('Harbor County Prosecuting Attorney')
    expect(t).toContain('I may revoke this consent at any time')
    expect(t).toContain('42 CFR part 2')
    expect(t).toContain('prohibit you from making any other use or disclosure')
    expect(t).toContain('Participant')
  })

  it('MOU: every signatory with title and date', async () => {
    const {run: r, file} = runs.matrixPdf(['mou', '2026-harbor-lead-mou'])
    expect(r.code, r.stderr).toBe(0)
    const t = await pdfText(file)
    for (const who of ['Marisol Vega, Chief of Police', 'Daniel Kerrigan, Sheriff', 'Helen Ashby, Prosecuting Attorney', 'Robert Nakamura', 'Lydia Fenwick', 'Dr. Ines Carvalho', 'Theo Marsh', 'Gloria Reyes, Board Chair']) expect(t).toContain(who)
    expect(t).toContain('Signed 2026-02-19')
    expect(t).toContain('Appendix A: PCG logistics')
  })

  it('sign-in sheet: every expected officer, across pages, with the header repeated on each page', async () => {
    const {run: r, file} = runs.matrixPdf(['sign-in', '2026-06-17-pd-initial'])
    expect(r.code, r.stderr).toBe(0)
    const info = (await pdfInfo(file))
    expect(info.pages).toBeGreaterThanOrEqual(2)
    const pages = (await pdfText(file)).split('\f').filter((p) => p.trim())
    expect(pages).toHaveLength(info.pages)
    for (const page of pages) expect(page).toMatch(/#\s+Badge\s+Name\s+Rank\s+Unit · district\b.*\s+Signature/)
    const all = pages.join('\n')
    for (const name of ['Dana Ortiz', 'Luis Muñoz', 'Thanh Nguyễn', 'Øyvind Hansen', 'Siobhán O', 'Tomasz Wiśniewski', 'An Mặc']) expect(all).toContain(name)
    expect(all).toContain('Morgan Tate, Casey')
    expect(all).toContain('version 2 (2026-v2)')
    // 39 active officers on the example roster, one numbered row each, then blank rows.
    const active = (fs.readFileSync(path.join(site, 'rosters/harbor-pd.yaml'), 'utf8').match(/status: active/g) ?? []).length
    expect(all).toContain(`${active} active officers`)
    expect(all).toMatch(new RegExp(`\\b${active}\\s+\\d{4}\\s+\\S`))
    expect(pages[0]).not.toContain('Wiśniewski')
    expect(pages.at(-1)).toContain('Wiśniewski')
  })

  it('sign-in sheet: --district/--shift narrow the rows; no match is a usage error with the choices', async () => {
    const r = form(['sign-in', '2026-06-17-pd-initial', '--district', 'd1', '--shift', 'day', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const t = (await pdfText(r.json().file)).replace(/\s+/g, ' ')
    expect(t).toContain('Dana Ortiz')
    expect(t).not.toContain('Thanh Nguyễn') // D1, night shift
    expect(t).toContain('5 active officers (district d1, shift day)')
    const none = form(['sign-in', '2026-06-17-pd-initial', '--district', 'D9'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('error NO_OFFICERS no active officer of harbor-pd matches --district D9')
    expect(none.stderr).toMatch(/hint: on the roster: districts D1, D2/)
  })

  it('coverage: the same figures as `lead training coverage`, catchment groups first', async () => {
    const {run: r, file} = runs.matrixPdf(['coverage'])
    expect(r.code, r.stderr).toBe(0)
    const text = await pdfText(file)
    for (const heading of ['By agency', 'By district', 'By unit', 'By shift']) expect(text).toContain(heading)
    const numbers = runLead(['training', 'coverage', '--as-of', '2026-11-20', '--json', '-C', site], {env}).json()
    expect(text).toContain(`${numbers.total.trained} of ${numbers.total.total} trained`)
    for (const g of numbers.groups) expect(text).toContain(`${g.trained}/${g.total}`)
  })
})

describe('output', () => {
  it('is byte-identical on rerun, whatever the clock or machine time zone', async () => {
    const a = runs.matrixPdf(['protocol'])
    const b = form(['protocol', '--as-of', '2026-11-20', '--out', 'p2.pdf'], {env: {...env, TZ: 'Asia/Tokyo'}})
    expect(a.run.code + b.code).toBe(0)
    expect(Buffer.compare(fs.readFileSync(a.file), fs.readFileSync(path.join(out, 'p2.pdf')))).toBe(0)
    expect((await pdfInfo(a.file)).creation).toBe('D:20260218000000Z') // the adoption date
    const h1 = form(['mou', '2026-harbor-lead-mou', '--out', 'm1.html'])
    const h2 = form(['mou', '2026-harbor-lead-mou', '--out', 'm2.html'])
    expect(h1.code + h2.code).toBe(0)
    expect(fs.readFileSync(path.join(out, 'm1.html'), 'utf8')).toBe(fs.readFileSync(path.join(out, 'm2.html'), 'utf8'))
  }, 120_000)

  it('takes its dates from SOURCE_DATE_EPOCH when set', async () => {
    const r = form(['protocol', '--out', 'p-epoch.pdf', '--as-of', '2026-11-20'], {env: {...env, SOURCE_DATE_EPOCH: '1767225600'}})
    expect(r.code, r.stderr).toBe(0)
    expect((await pdfInfo(path.join(out, 'p-epoch.pdf'))).creation).toBe('D:20260101000000Z')
  })

  it('--paper a4 sets the page size', async () => {
    const r = form(['protocol', '--paper', 'a4', '--out', 'a4.pdf', '--as-of', '2026-11-20'])
    expect(r.code, r.stderr).toBe(0)
    expect((await pdfInfo(path.join(out, 'a4.pdf'))).size).toBe('595.28 x 841.89')
    expect((await pdfInfo(runs.matrixPdf(['protocol']).file)).size).toBe('612 x 792')
    const html = form(['protocol', '--paper', 'a4', '--out', 'a4.html', '--as-of', '2026-11-20'])
    expect(html.code).toBe(0)
    expect(fs.readFileSync(path.join(out, 'a4.html'), 'utf8')).toContain('size: 595.28pt 841.89pt')
  })

  it('--json reports the file, format, pages and sources; the default name goes in the current folder', async () => {
    const cwd = tempDir('lead-forms-cwd-')
    const r = form(['mou', '2026-harbor-lead-mou', '--json'], {cwd})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe('')
    const j = r.json()
    expect(j).toMatchObject({ok: true, form: 'mou', format: 'pdf', paper: 'letter', defaultName: true, pages: 2})
    // The MOU and the partners whose names it prints.
    expect(j.sources[0]).toBe('mous/2026-harbor-lead-mou.yaml')
    expect(j.sources).toContain('partners/harbor-pd.yaml')
    expect(j.sources.slice(1).every((f: string) => f.startsWith('partners/'))).toBe(true)
    expect(j.file).toBe(path.join(fs.realpathSync(cwd), 'mou-2026-harbor-lead-mou.pdf'))
    expect(j.bytes).toBe(fs.statSync(j.file).size)
    expect(j.sha256).toMatch(/^[0-9a-f]{64}$/)
    const h = form(['mou', '2026-harbor-lead-mou', '--format', 'html', '--json'], {cwd})
    expect(h.json()).toMatchObject({format: 'html', pages: 2})
    expect(fs.existsSync(path.join(cwd, 'mou-2026-harbor-lead-mou.html'))).toBe(true)
    // Nothing was written into the site or committed.
    expect(git(site, ['status', '--porcelain'], env)).toBe('')
  })

  it('--out - writes the form to stdout', async () => {
    const r = spawnSync(process.execPath, [path.join(__dirname, '../../bin/run.js'), 'form', 'pocket-card', '--out', '-', '-C', site], {env, cwd: out})
    expect(r.status, String(r.stderr)).toBe(0)
    expect(r.stdout.subarray(0, 5).toString()).toBe('%PDF-')
    expect(String(r.stderr)).toMatch(/Wrote the pocket-card form to stdout \(PDF, 2 pages, 4 × 6 in card\)/)
  })
})
