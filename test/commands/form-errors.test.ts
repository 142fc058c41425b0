/**
 * `lead form` refusing what it must not print (invalid records, drafts, missing glyphs and
 * fonts, bad flags), escaping record text in HTML, and where a form goes without --out. What
 * the forms print is in form.test.ts. Each site copy starts with a warm parse cache
 * (exampleSite's `warm`): these tests are about forms, not the cache.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {FormRuns, pdfDoc, pdfText, renderInProcess} from '../support/forms.js'
import {readPdf} from '../support/pdf.js'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv, writeSiteFile} from '../support/cli.js'

afterAll(cleanupTemp)
// Each test spawns lead several times: on a busy two-core machine one run can take seconds.
vi.setConfig({testTimeout: 120_000})

const env = testEnv()
let site: string
let out: string
const runs = new FormRuns(() => site, () => out, env)
const form = (args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}) => runs.run(args, options)

beforeAll(() => {
  site = exampleSite(env, {warm: true})
  out = tempDir('lead-forms-out-')
})

describe('record text in HTML is escaped', () => {
  it('a <script> and an attribute breakout in the records stay text', async () => {
    const copy = exampleSite(env, {warm: true})
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
    // The PDF of the same records, made in this process (the HTML above is the end-to-end run).
    const pdf = await renderInProcess(copy, ['mou', '2026-harbor-lead-mou'], 'pdf')
    expect((await readPdf(pdf.bytes)).text).toContain('"><img src=x onerror=alert(1)>')
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
    const copy = exampleSite(env, {warm: true})
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
    const copy = exampleSite(env, {warm: true})
    const file = path.join(copy, 'mous/2026-harbor-lead-mou.yaml')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('status: signed', 'status: singed'))
    const r = runLead(['form', 'mou', '2026-harbor-lead-mou', '-C', copy], {cwd: out, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mous\/2026-harbor-lead-mou\.yaml:5:\d+: error RECORD_INVALID 1 error in mous\/2026-harbor-lead-mou\.yaml this form is built from \(first: /)
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
    const copy = exampleSite(env, {warm: true})
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
    const copy = exampleSite(env, {warm: true})
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
    const copy = exampleSite(env, {warm: true})
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
    const copy = exampleSite(env, {warm: true})
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
    // The card's PDF in this process (--draft is run end to end above and below).
    const card = await renderInProcess(copy, ['pocket-card', '2026-v2'], 'pdf', {draft: true})
    for (const page of (await readPdf(card.bytes)).text.split('\f').filter((p) => p.trim())) expect(page).toContain('DRAFT')
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
    // The adopted version in force carries no marking (made in this process).
    const clean = await renderInProcess(site, ['pocket-card'], 'html')
    expect(clean.bytes.toString('utf8')).not.toMatch(/<div class="marking-word"|class="marking"/)
  })

  it('without --out inside the site, the form goes to .lead/forms/ (ignored by git) and the message says so', async () => {
    const copy = exampleSite(env, {warm: true})
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
    const copy = exampleSite(env, {warm: true})
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
    const doc = await pdfDoc(path.join(out, 'cov-partial.pdf'))
    const officers = (fs.readFileSync(file, 'utf8').match(/badge:/g) ?? []).length
    expect(doc.text.replace(/\s+/g, ' ')).toContain(`leave out the roster of Harbor County Sheriff's Office (${officers} officers), rosters/harbor-county-sheriff.yaml`)
    for (const page of doc.pages) expect(page.text).toContain('INCOMPLETE: leaves out 1 record that fails validation')
    // Agencies by name, not by id.
    expect(doc.text).toContain('Harbor Police Department')
    expect(doc.text).not.toMatch(/\bharbor-pd\b/)
  })

  it('a referral whose notes hold a script no font has: refused naming the script, record and field, never the text nor its code points (a name in Han is its code points); --allow-missing-glyphs prints a placeholder', async () => {
    const copy = exampleSite(env, {warm: true})
    const rel = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
    fs.appendFileSync(path.join(copy, rel), 'notes: "需要翻译"\n')
    const r = runLead(['form', 'referral', 'r-2026-11-03-k3f9q2', '--out', 'cjk.pdf', '-C', copy], {cwd: out, env})
    expect(r.code, r.stderr).toBe(1)
    expect(r.stderr).toMatch(/^referrals\/2026\/r-2026-11-03-k3f9q2\.yaml:\d+:\d+: error MISSING_GLYPHS no font has glyphs for 4 characters in the Han script from a participant's record \(not shown as code points\) in referrals\/2026\/r-2026-11-03-k3f9q2\.yaml \(notes\)/)
    expect(r.stderr).toContain('--allow-missing-glyphs')
    expect(r.stderr).not.toMatch(/[需要翻译]|U\+/)
    expect(fs.existsSync(path.join(out, 'cjk.pdf'))).toBe(false)
    const ok = runLead(['form', 'referral', 'r-2026-11-03-k3f9q2', '--allow-missing-glyphs', '--out', 'cjk.pdf', '-C', copy], {cwd: out, env})
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stderr).toContain("Printed � for 4 characters no font has: 4 characters in the Han script from a participant's record (not shown as code points).")
    expect(ok.stderr).not.toMatch(/U\+/)
    expect((await pdfDoc(path.join(out, 'cjk.pdf'))).text).toContain('Notes: ����')
  })

  it('a PCG agenda whose open action, from an earlier meeting, holds a script no font has: refused at that record\'s line and column, never the text nor its code points', () => {
    const copy = exampleSite(env, {warm: true})
    const rel = 'meetings/2026/pcg-2026-10-21.yaml'
    const text = fs.readFileSync(path.join(copy, rel), 'utf8').replace("Collect each partner's proposed changes to the MOU.", "Collect each partner's proposed changes to the MOU (王芳).")
    fs.writeFileSync(path.join(copy, rel), text)
    // The action's text value, where the message points (the record is not the agenda's meeting).
    const line = text.split('\n').findIndex((l) => l.includes('王芳')) + 1
    const column = text.split('\n')[line - 1]!.indexOf('Collect') + 1
    for (const json of [[], ['--json']]) {
      const r = runLead(['form', 'pcg-agenda', 'pcg-2026-12-16', '--out', 'pcg-cjk.pdf', '-C', copy, ...json], {cwd: out, env})
      expect(r.code, r.stderr).toBe(1)
      expect(r.stdout + r.stderr).not.toMatch(/王|芳|U\+/)
      if (json.length) expect(r.json().error).toMatchObject({code: 'MISSING_GLYPHS', file: rel, line, column, details: {codePoints: [], concealed: {count: 2, scripts: ['Han']}, holders: [{file: rel, field: 'actions[0].text'}]}})
      else expect(r.stderr).toContain(`${rel}:${line}:${column}: error MISSING_GLYPHS no font has glyphs for 2 characters in the Han script from a participant's record (not shown as code points) in ${rel} (actions[0].text)`)
    }
    expect(fs.existsSync(path.join(out, 'pcg-cjk.pdf'))).toBe(false)
  })

  it('a font named in lead.yaml that is not there: FONT_NOT_FOUND at its entry', () => {
    const copy = exampleSite(env, {warm: true})
    fs.appendFileSync(path.join(copy, 'lead.yaml'), 'forms:\n  fonts: [fonts/NotoSansSC-Regular.otf]\n')
    const r = runLead(['form', 'pocket-card', '--out', 'nofont.pdf', '-C', copy], {cwd: out, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^lead\.yaml:\d+:\d+: error FONT_NOT_FOUND no such file in the site: fonts\/NotoSansSC-Regular\.otf/)
  })
})
