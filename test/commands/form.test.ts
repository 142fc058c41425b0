import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {overlappingText, readPdf, textOffPage} from '../support/pdf.js'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv, writeSiteFile} from '../support/cli.js'

afterAll(cleanupTemp)
// Each test spawns lead several times: on a busy two-core machine one run can take seconds.
vi.setConfig({testTimeout: 120_000})

const env = testEnv()
let site: string
let out: string

beforeAll(() => {
  site = exampleSite(env)
  out = tempDir('lead-forms-out-')
})

async function pdfText(file: string): Promise<string> {
  return (await readPdf(file)).text
}

/** Page count, the first page's size in points ("288 x 432") and the creation date (D:YYYYMMDDhhmmssZ). */
async function pdfInfo(file: string): Promise<{pages: number; size: string; creation: string}> {
  const doc = await readPdf(file)
  const first = doc.pages[0]!
  return {pages: doc.pages.length, size: `${+first.width.toFixed(2)} x ${+first.height.toFixed(2)}`, creation: doc.info.CreationDate ?? ''}
}

function form(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}) {
  return runLead(['form', ...args, '-C', site], {cwd: options.cwd ?? out, env: options.env ?? env})
}

const ALL_FORMS: Array<[string, string[]]> = [
  ['referral (blank)', ['referral']],
  ['referral (filled)', ['referral', 'r-2026-11-03-k3f9q2']],
  ['pocket-card', ['pocket-card']],
  ['handoff-slip', ['handoff-slip', 'r-2026-11-03-k3f9q2']],
  ['roi (blank)', ['roi']],
  ['roi (consent)', ['roi', 'c-2026-11-03-p8m2wd']],
  ['mou', ['mou', '2026-harbor-lead-mou']],
  ['sign-in', ['sign-in', '2026-06-17-pd-initial']],
  ['protocol', ['protocol']],
  ['coverage', ['coverage']],
]

describe('lead form list', () => {
  it('lists every form with what it needs, one line each', async () => {
    const r = runLead(['form', 'list'], {env})
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^FORM\s+WHAT\s+BUILT FROM/)
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['referral', 'pocket-card', 'handoff-slip', 'roi', 'mou', 'sign-in', 'protocol', 'coverage'])
    const json = runLead(['form', 'list', '--json'], {env}).json()
    expect(json.find((f: {name: string}) => f.name === 'sign-in')).toMatchObject({takes: ['training'], idRequired: true})
    expect(json.find((f: {name: string}) => f.name === 'coverage')).toMatchObject({takes: [], idRequired: false})
  })
})

describe('every form renders in both formats on the example site', () => {
  for (const [name, args] of ALL_FORMS) {
    it(name, async () => {
      const base = args.join('-')
      const pdf = form([...args, '--out', `${base}.pdf`, '--as-of', '2026-11-20'])
      expect(pdf.code, pdf.stderr).toBe(0)
      expect(pdf.stdout).toBe('')
      expect(pdf.stderr).toMatch(new RegExp(`^Wrote ${base}\\.pdf \\(PDF, \\d+ pages?, `))
      const file = path.join(out, `${base}.pdf`)
      expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-')
      expect(fs.statSync(file).mode & 0o777).toBe(0o600)
      const doc = await readPdf(file)
      const text = doc.text
      // Measured from the PDF: no text over other text, none off the page, none under 8 pt.
      for (const p of doc.pages) {
        expect(overlappingText(p).map(([a, b]) => `${a.text} / ${b.text}`), `page ${p.number}`).toEqual([])
        expect(textOffPage(p, 8).map((t) => t.text), `page ${p.number}`).toEqual([])
        expect(p.items.filter((t) => t.size < 8).map((t) => t.text), `page ${p.number}`).toEqual([])
      }
      expect(text).toContain('Harbor County LEAD')
      expect(text).toContain('Harbor County, WA')
      const pages = (await pdfInfo(file)).pages
      expect(text).toContain(`Page ${pages} of ${pages}`)

      const html = form([...args, '--out', `${base}.html`, '--as-of', '2026-11-20'])
      expect(html.code, html.stderr).toBe(0)
      expect(html.stderr, 'the HTML prints the same pages').toContain(`(HTML, ${pages} page`)
      const page = fs.readFileSync(path.join(out, `${base}.html`), 'utf8')
      expect(page).toMatch(/^<!DOCTYPE html>/)
      expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)
      expect(page).not.toMatch(/<script|<link|src="http/)
      expect(page).toContain('Harbor County LEAD')
    })
  }
})

describe('what the forms print', () => {
  it('pocket card: every charge code with its threshold, exclusions, phone and hours, on a 4 × 6 in card', async () => {
    const r = form(['pocket-card', '--as-of', '2026-11-20', '--out', 'card.pdf'])
    expect(r.code, r.stderr).toBe(0)
    const file = path.join(out, 'card.pdf')
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
    const blank = form(['referral', '--as-of', '2026-11-20', '--out', 'ref-blank.pdf'])
    expect(blank.code, blank.stderr).toBe(0)
    const t = await pdfText(path.join(out, 'ref-blank.pdf'))
    expect(t).toContain('RCW 69.50.4013 — Possession of a controlled substance (max ≤ 3 g)')
    expect(t).toContain('Under 18 years old. Refer to juvenile diversion instead. (no override)')
    expect(t).toContain('Call the LEAD line from the scene: +1-360-555-0100')
    expect(t).not.toContain('P-7K2D9Q')
    const filled = form(['referral', 'r-2026-11-03-k3f9q2', '--out', 'ref.pdf'])
    expect(filled.code, filled.stderr).toBe(0)
    const f = await pdfText(path.join(out, 'ref.pdf'))
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
    const r = form(['handoff-slip', 'r-2026-11-03-k3f9q2', '--out', 'slip.pdf'])
    expect(r.code, r.stderr).toBe(0)
    const t = await pdfText(path.join(out, 'slip.pdf'))
    expect(t).toContain('Avery Moreno')
    expect(t).toContain('+1-360-555-0183')
    expect(t).toContain('Thu 3 Dec 2026')
    expect(t).toContain('LEAD is voluntary')
    expect(t).not.toMatch(/RCW|controlled substance/)
  })

  it('ROI: partners, information, revocation, redisclosure notice, signature lines', async () => {
    const r = form(['roi', 'c-2026-11-03-p8m2wd', '--out', 'roi.pdf'])
    expect(r.code, r.stderr).toBe(0)
    const t = (await pdfText(path.join(out, 'roi.pdf'))).replace(/\s+/g, ' ')
    expect(t).toContain('Harbor County Prosecuting Attorney')
    expect(t).toContain('I may revoke this consent at any time')
    expect(t).toContain('42 CFR part 2')
    expect(t).toContain('prohibit you from making any other use or disclosure')
    expect(t).toContain('Participant')
  })

  it('MOU: every signatory with title and date', async () => {
    const r = form(['mou', '2026-harbor-lead-mou', '--out', 'mou.pdf'])
    expect(r.code, r.stderr).toBe(0)
    const t = await pdfText(path.join(out, 'mou.pdf'))
    for (const who of ['Marisol Vega, Chief of Police', 'Daniel Kerrigan, Sheriff', 'Helen Ashby, Prosecuting Attorney', 'Robert Nakamura', 'Lydia Fenwick', 'Dr. Ines Carvalho', 'Theo Marsh', 'Gloria Reyes, Board Chair']) expect(t).toContain(who)
    expect(t).toContain('Signed 2026-02-19')
    expect(t).toContain('Appendix A: PCG logistics')
  })

  it('sign-in sheet: every expected officer, across pages, with the header repeated on each page', async () => {
    const r = form(['sign-in', '2026-06-17-pd-initial', '--out', 'signin.pdf'])
    expect(r.code, r.stderr).toBe(0)
    const file = path.join(out, 'signin.pdf')
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
})

describe('output', () => {
  it('is byte-identical on rerun, whatever the clock or machine time zone', async () => {
    const a = form(['protocol', '--as-of', '2026-11-20', '--out', 'p1.pdf'])
    const b = form(['protocol', '--as-of', '2026-11-20', '--out', 'p2.pdf'], {env: {...env, TZ: 'Asia/Tokyo'}})
    expect(a.code + b.code).toBe(0)
    expect(Buffer.compare(fs.readFileSync(path.join(out, 'p1.pdf')), fs.readFileSync(path.join(out, 'p2.pdf')))).toBe(0)
    expect((await pdfInfo(path.join(out, 'p1.pdf'))).creation).toBe('D:20260218000000Z') // the adoption date
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
    expect((await pdfInfo(path.join(out, 'p1.pdf'))).size).toBe('612 x 792')
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

describe('record text in HTML is escaped', () => {
  it('a <script> and an attribute breakout in the records stay text', async () => {
    const copy = exampleSite(env)
    const mouFile = path.join(copy, 'mous/2026-harbor-lead-mou.yaml')
    const yaml = fs
      .readFileSync(mouFile, 'utf8')
      .replace('name: Marisol Vega', `name: '"><img src=x onerror=alert(1)>'`)
      .replace(/^purpose: >-$/m, 'purpose: >-\n  <script>alert("purpose")</script>')
    fs.writeFileSync(mouFile, yaml)
    const siteFile = path.join(copy, 'lead.yaml')
    fs.writeFileSync(siteFile, fs.readFileSync(siteFile, 'utf8').replace('name: Harbor County LEAD', 'name: "Harbor </style><script>x()</script>"'))
    const r = runLead(['form', 'mou', '2026-harbor-lead-mou', '--out', 'evil.html', '-C', copy], {cwd: out, env})
    expect(r.code, r.stderr).toBe(0)
    const html = fs.readFileSync(path.join(out, 'evil.html'), 'utf8')
    expect(html).not.toMatch(/<script|<img|<\/style><script/i)
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('&lt;script&gt;alert(&quot;purpose&quot;)&lt;/script&gt;')
    expect(html).toContain('Harbor &lt;/style&gt;&lt;script&gt;x()&lt;/script&gt;')
    const pdf = runLead(['form', 'mou', '2026-harbor-lead-mou', '--out', 'evil.pdf', '-C', copy], {cwd: out, env})
    expect(pdf.code, pdf.stderr).toBe(0)
    expect(await pdfText(path.join(out, 'evil.pdf'))).toContain('"><img src=x onerror=alert(1)>')
  })
})

describe('errors', () => {
  it('a missing record: exit 2, RECORD_NOT_FOUND with a suggestion', async () => {
    const r = form(['mou', '2026-harbor-lead-mu'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error RECORD_NOT_FOUND no mou with ID 2026-harbor-lead-mu (did you mean "2026-harbor-lead-mou"?)')
    const j = form(['handoff-slip', 'r-2026-01-01-zzzzzz', '--json'])
    expect(j.code).toBe(2)
    expect(j.json()).toMatchObject({ok: false, error: {code: 'RECORD_NOT_FOUND'}})
  })

  it('a record of the wrong kind: exit 2, WRONG_KIND', async () => {
    const r = form(['roi', 'r-2026-11-03-k3f9q2'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error WRONG_KIND r-2026-11-03-k3f9q2 is a referral, but the roi form is built from a consent')
    expect(form(['sign-in', 'harbor-pd']).stderr).toContain('harbor-pd is a partner, but the sign-in form is built from a training')
  })

  it('a form that needs an ID says so', async () => {
    const r = form(['mou'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error MISSING_ID the mou form needs a mou ID')
    expect(form(['sign-in', '--json']).json().error.code).toBe('MISSING_ID')
  })

  it('no protocol in force on --as-of: NO_PROTOCOL_IN_FORCE, exit 1', async () => {
    const r = form(['pocket-card', '--as-of', '2020-01-01'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('error NO_PROTOCOL_IN_FORCE no adopted protocol is in force on 2020-01-01')
  })

  it('a protocol without the data the form needs: FORM_DATA_MISSING at the field, no file written', async () => {
    const copy = exampleSite(env)
    const file = path.join(copy, 'protocols/2026-v2.yaml')
    const text = fs.readFileSync(file, 'utf8')
    const start = text.indexOf('divertible_charges:')
    const end = text.indexOf('exclusions:')
    writeSiteFile(copy, 'protocols/2026-v2.yaml', `${text.slice(0, start)}divertible_charges: []\n${text.slice(end)}`)
    const r = runLead(['form', 'pocket-card', '2026-v2', '--out', 'empty.pdf', '-C', copy], {cwd: out, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^protocols\/2026-v2\.yaml:\d+:1: error FORM_DATA_MISSING protocol 2026-v2 lists no divertible charges/)
    expect(fs.existsSync(path.join(out, 'empty.pdf'))).toBe(false)
  })

  it('a record that fails its schema is refused with its position', async () => {
    const copy = exampleSite(env)
    const file = path.join(copy, 'mous/2026-harbor-lead-mou.yaml')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('status: signed', 'status: singed'))
    const r = runLead(['form', 'mou', '2026-harbor-lead-mou', '-C', copy], {cwd: out, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mous\/2026-harbor-lead-mou\.yaml:5:\d+: error RECORD_INVALID 1 error in mous\/2026-harbor-lead-mou\.yaml this form is built from \(first: /)
  })

  it('coverage: the same figures as `lead training coverage`, catchment groups first', async () => {
    const r = form(['coverage', '--out', 'coverage-check.pdf', '--as-of', '2026-11-20'])
    expect(r.code, r.stderr).toBe(0)
    const text = await pdfText(path.join(out, 'coverage-check.pdf'))
    for (const heading of ['By agency', 'By district', 'By unit', 'By shift']) expect(text).toContain(heading)
    const numbers = runLead(['training', 'coverage', '--as-of', '2026-11-20', '--json', '-C', site], {env}).json()
    expect(text).toContain(`${numbers.total.trained} of ${numbers.total.total} trained`)
    for (const g of numbers.groups) expect(text).toContain(`${g.trained}/${g.total}`)
  })

  it('usage errors: contradicting --format, unknown extension, bad --as-of, missing folder', async () => {
    expect(form(['roi', '--out', 'x.html', '--format', 'pdf']).stderr).toContain('error FORMAT_MISMATCH')
    expect(form(['roi', '--out', 'x.txt']).code).toBe(2)
    expect(form(['roi', '--as-of', '2026-13-01']).code).toBe(2)
    const r = form(['roi', '--out', 'no/such/folder/x.pdf'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error NO_SUCH_FOLDER')
    expect(form(['roi', '--paper', 'legal']).code).toBe(2)
    fs.mkdirSync(path.join(out, 'adir.pdf'))
    expect(form(['roi', '--out', 'adir.pdf']).stderr).toContain('error OUT_IS_FOLDER')
    fs.symlinkSync(path.join(out, 'elsewhere.pdf'), path.join(out, 'link.pdf'))
    const link = form(['roi', '--out', 'link.pdf'])
    expect(link.code).toBe(2)
    expect(link.stderr).toContain('error OUT_IS_LINK')
    expect(fs.existsSync(path.join(out, 'elsewhere.pdf'))).toBe(false)
  })
})

describe('review fixes', () => {
  const read = (file: string) => fs.readFileSync(file, 'utf8')
  const pages = async (file: string) => (await pdfText(file)).split('\f').filter((p) => p.trim())

  it('a referral that fails validation (a phone number in its notes) is refused for every form built from it; nothing is written', async () => {
    const copy = exampleSite(env)
    const rel = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
    fs.appendFileSync(path.join(copy, rel), 'notes: "Called his sister at 206-555-0142 before transport"\n')
    for (const [args, name] of [[['referral', 'r-2026-11-03-k3f9q2'], 'pii-ref.pdf'], [['handoff-slip', 'r-2026-11-03-k3f9q2'], 'pii-slip.html']] as const) {
      const r = runLead(['form', ...args, '--out', name, '-C', copy], {cwd: out, env})
      expect(r.code, r.stderr).toBe(1)
      const lines = r.stderr.trim().split('\n')
      expect(lines[0]).toMatch(/^referrals\/2026\/r-2026-11-03-k3f9q2\.yaml:28:\d+: error RECORD_INVALID \d+ errors? in referrals\/2026\/r-2026-11-03-k3f9q2\.yaml this form is built from \(first: PII_PHONE /)
      expect(lines).toHaveLength(2)
      expect(lines[1]).toMatch(/^  hint: /)
      expect(r.stderr).not.toContain('206-555-0142')
      expect(fs.existsSync(path.join(out, name))).toBe(false)
    }
    const j = runLead(['form', 'handoff-slip', 'r-2026-11-03-k3f9q2', '--json', '--out', 'pii-slip2.pdf', '-C', copy], {cwd: out, env})
    expect(j.code).toBe(1)
    expect(j.json()).toMatchObject({ok: false, error: {code: 'RECORD_INVALID', file: 'referrals/2026/r-2026-11-03-k3f9q2.yaml', line: 28}})
    // Another referral's problem does not stop this one's forms; warnings never do.
    const other = runLead(['form', 'handoff-slip', 'r-2026-02-16-2h4mlm', '--out', 'pii-other.pdf', '-C', copy], {cwd: out, env})
    expect(other.code, other.stderr).toBe(0)
  })

  it('a partner whose name a form prints is one of its sources: its errors stop that form, not the others', async () => {
    const copy = exampleSite(env)
    const file = path.join(copy, 'partners/harbor-public-defense.yaml')
    fs.writeFileSync(file, read(file).replace(/^type: .*$/m, 'type: bogus'))
    const mou = runLead(['form', 'mou', '2026-harbor-lead-mou', '--out', 'bad-partner-mou.pdf', '-C', copy], {cwd: out, env})
    expect(mou.code).toBe(1)
    expect(mou.stderr).toMatch(/^partners\/harbor-public-defense\.yaml:\d+:\d+: error RECORD_INVALID 1 error in partners\/harbor-public-defense\.yaml this form is built from/)
    expect(fs.existsSync(path.join(out, 'bad-partner-mou.pdf'))).toBe(false)
    const card = runLead(['form', 'pocket-card', '--out', 'bad-partner-card.pdf', '--json', '-C', copy], {cwd: out, env})
    expect(card.code, card.stderr).toBe(0)
    expect(card.json().sources).toEqual(['protocols/2026-v2.yaml'])
  })

  it('a May 2026 referral naming the superseded 2025-v1 gets no slip with v1 deadlines: the same protocol choice as validation', async () => {
    const copy = exampleSite(env)
    const rel = 'referrals/2026/r-2026-05-19-rj8uk2.yaml'
    const file = path.join(copy, rel)
    fs.writeFileSync(file, read(file).replace(/^status:/m, 'protocol: "2025-v1"\nstatus:'))
    const v = runLead(['validate', rel, '--json'], {cwd: copy, env})
    expect(v.json().diagnostics.map((d: {code: string}) => d.code)).toContain('PROTOCOL_NOT_IN_FORCE')
    const r = runLead(['form', 'handoff-slip', 'r-2026-05-19-rj8uk2', '--out', 'may.pdf', '-C', copy], {cwd: out, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^referrals\/2026\/r-2026-05-19-rj8uk2\.yaml:\d+:\d+: error RECORD_INVALID .*PROTOCOL_NOT_IN_FORCE/)
    expect(fs.existsSync(path.join(out, 'may.pdf'))).toBe(false)
    // Without the field it is judged under v2: its 30-day intake.
    const ok = runLead(['form', 'handoff-slip', 'r-2026-05-06-uqyvu5', '--out', 'may-ok.pdf', '-C', copy], {cwd: out, env})
    expect(ok.code, ok.stderr).toBe(0)
    expect(await pdfText(path.join(out, 'may-ok.pdf'))).toContain('Fri 5 Jun 2026')
  })

  it('a draft protocol: field forms refuse it without --draft; with --draft every page of PDF and HTML is marked DRAFT', async () => {
    const copy = exampleSite(env)
    const file = path.join(copy, 'protocols/2026-v2.yaml')
    fs.writeFileSync(file, read(file).replace(/^status: adopted$/m, 'status: draft'))
    for (const f of ['pocket-card', 'referral', 'protocol']) {
      const r = runLead(['form', f, '2026-v2', '--out', `draft-${f}.pdf`, '-C', copy], {cwd: out, env})
      expect(r.code, `${f}: ${r.stderr}`).toBe(2)
      expect(r.stderr).toMatch(/error PROTOCOL_NOT_ADOPTED protocol 2026-v2 is a draft \(not adopted\)/)
      expect(fs.existsSync(path.join(out, `draft-${f}.pdf`))).toBe(false)
    }
    const pdf = runLead(['form', 'protocol', '2026-v2', '--draft', '--out', 'draft-booklet.pdf', '-C', copy], {cwd: out, env})
    expect(pdf.code, pdf.stderr).toBe(0)
    expect(pdf.stderr).toContain('Marked on every page: DRAFT: protocol 2026-v2 is not adopted')
    const booklet = await pages(path.join(out, 'draft-booklet.pdf'))
    expect(booklet.length).toBeGreaterThan(1)
    for (const page of booklet) expect(page).toContain('DRAFT: protocol 2026-v2 is not adopted; not for field use')
    const card = runLead(['form', 'pocket-card', '2026-v2', '--draft', '--out', 'draft-card.pdf', '-C', copy], {cwd: out, env})
    expect(card.code, card.stderr).toBe(0)
    for (const page of await pages(path.join(out, 'draft-card.pdf'))) expect(page).toContain('DRAFT')
    const html = runLead(['form', 'pocket-card', '2026-v2', '--draft', '--out', 'draft-card.html', '-C', copy], {cwd: out, env})
    expect(html.code, html.stderr).toBe(0)
    const text = read(path.join(out, 'draft-card.html'))
    // On every printed page: the line under the header and the word across the page.
    const sections = text.split('<section class="page"').length - 1
    // A review copy's marking takes room under the header: the draft card may need a third card.
    expect(sections).toBe(Number(/\(HTML, (\d+) pages?/.exec(html.stderr)?.[1]))
    expect(sections).toBeGreaterThanOrEqual(2)
    // The marking wraps where the PDF's does.
    expect(text.replace(/<br>/g, ' ').split('<p class="marking" role="note">DRAFT: protocol 2026-v2 is not adopted; not for field use</p>').length - 1).toBe(sections)
    expect(text.split('<div class="marking-word" aria-hidden="true">DRAFT</div>').length - 1).toBe(sections)
    // The adopted version in force carries no marking.
    const clean = form(['pocket-card', '--out', 'clean-card.html'])
    expect(clean.code, clean.stderr).toBe(0)
    expect(read(path.join(out, 'clean-card.html'))).not.toMatch(/<div class="marking-word"|class="marking"/)
  })

  it('without --out inside the site, the form goes to .lead/forms/ (ignored by git) and the message says so', async () => {
    const copy = exampleSite(env)
    const cwd = path.join(copy, 'referrals')
    const r = runLead(['form', 'referral', 'r-2026-11-03-k3f9q2'], {cwd, env})
    expect(r.code, r.stderr).toBe(0)
    const expected = path.join(fs.realpathSync(copy), '.lead/forms/referral-r-2026-11-03-k3f9q2.pdf')
    expect(fs.existsSync(expected)).toBe(true)
    expect(fs.existsSync(path.join(cwd, 'referral-r-2026-11-03-k3f9q2.pdf'))).toBe(false)
    expect(r.stderr).toContain('the form goes to .lead/forms/, which git ignores')
    expect(r.stderr).toContain('Wrote ../.lead/forms/referral-r-2026-11-03-k3f9q2.pdf')
    expect(git(copy, ['status', '--porcelain', '--untracked-files=all'], env)).toBe('')
    const j = runLead(['form', 'pocket-card', '--json'], {cwd: copy, env})
    expect(j.json()).toMatchObject({ok: true, defaultName: true, file: path.join(fs.realpathSync(copy), '.lead/forms/pocket-card-2026-v2.pdf')})
    expect(git(copy, ['status', '--porcelain', '--untracked-files=all'], env)).toBe('')
  })

  it('a new site ignores .lead/forms/ in its .gitignore', async () => {
    const dir = tempDir('lead-forms-init-')
    const r = runLead(['init', dir, '--name', 'Test LEAD', '--timezone', 'America/Los_Angeles'], {cwd: out, env})
    expect(r.code, r.stderr).toBe(0)
    expect(read(path.join(dir, '.gitignore'))).toMatch(/^\.lead\/forms\/$/m)
  })
})

describe('forms from several records, and characters no font has', () => {
  it('coverage: a roster with one bad entry stops the report; --leave-out-invalid prints it marked INCOMPLETE on every page, naming what is missing', async () => {
    const copy = exampleSite(env)
    const file = path.join(copy, 'rosters/harbor-county-sheriff.yaml')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/status: active/, 'status: retired'))
    const refused = runLead(['form', 'coverage', '--out', 'cov-bad.pdf', '-C', copy], {cwd: out, env})
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^rosters\/harbor-county-sheriff\.yaml:\d+:\d+: error RECORD_INVALID /)
    expect(refused.stderr).toContain('--leave-out-invalid')
    expect(fs.existsSync(path.join(out, 'cov-bad.pdf'))).toBe(false)
    const r = runLead(['form', 'coverage', '--leave-out-invalid', '--out', 'cov-partial.pdf', '--json', '-C', copy], {cwd: out, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json().marking).toMatch(/^INCOMPLETE: leaves out 1 record/)
    const doc = await readPdf(path.join(out, 'cov-partial.pdf'))
    const officers = (fs.readFileSync(file, 'utf8').match(/badge:/g) ?? []).length
    expect(doc.text.replace(/\s+/g, ' ')).toContain(`leave out the roster of Harbor County Sheriff's Office (${officers} officers), rosters/harbor-county-sheriff.yaml`)
    for (const page of doc.pages) expect(page.text).toContain('INCOMPLETE: leaves out 1 record that fails validation')
    // Agencies by name, not by id.
    expect(doc.text).toContain('Harbor Police Department')
    expect(doc.text).not.toMatch(/\bharbor-pd\b/)
  })

  it('a referral whose notes hold a script no font has: refused naming code points, record and field, never the text; --allow-missing-glyphs prints a placeholder', async () => {
    const copy = exampleSite(env)
    const rel = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
    fs.appendFileSync(path.join(copy, rel), 'notes: "需要翻译"\n')
    const r = runLead(['form', 'referral', 'r-2026-11-03-k3f9q2', '--out', 'cjk.pdf', '-C', copy], {cwd: out, env})
    expect(r.code, r.stderr).toBe(1)
    expect(r.stderr).toMatch(/^referrals\/2026\/r-2026-11-03-k3f9q2\.yaml:\d+:\d+: error MISSING_GLYPHS no font has glyphs for U\+.*U\+.* in referrals\/2026\/r-2026-11-03-k3f9q2\.yaml \(notes\)/)
    expect(r.stderr).toContain('--allow-missing-glyphs')
    expect(r.stderr).not.toMatch(/[需要翻译]/)
    expect(fs.existsSync(path.join(out, 'cjk.pdf'))).toBe(false)
    const ok = runLead(['form', 'referral', 'r-2026-11-03-k3f9q2', '--allow-missing-glyphs', '--out', 'cjk.pdf', '-C', copy], {cwd: out, env})
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stderr).toMatch(/Printed � for 4 characters no font has: U\+/)
    expect((await readPdf(path.join(out, 'cjk.pdf'))).text).toContain('Notes: ����')
  })

  it('a font named in lead.yaml that is not there: FONT_NOT_FOUND at its entry', () => {
    const copy = exampleSite(env)
    fs.appendFileSync(path.join(copy, 'lead.yaml'), 'forms:\n  fonts: [fonts/NotoSansSC-Regular.otf]\n')
    const r = runLead(['form', 'pocket-card', '--out', 'nofont.pdf', '-C', copy], {cwd: out, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^lead\.yaml:\d+:\d+: error FONT_NOT_FOUND no such file in the site: fonts\/NotoSansSC-Regular\.otf/)
  })
})
