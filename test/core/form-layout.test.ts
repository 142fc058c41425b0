/**
 * Layout measured from the PDF itself (pdfjs text positions), in-process: no two runs of text
 * overlap, nothing leaves the page, nothing is under 8 pt, signatures stay with what they sign,
 * the pocket card is two cards, the handoff slip half a page, right-to-left text in its column,
 * and every character printed or refused.
 */
import {beforeAll, describe, expect, it} from 'vitest'
import {buildCoverageReport} from '../../src/core/forms/coverage-report.js'
import type {FormDocument} from '../../src/core/forms/document.js'
import type {FormContext} from '../../src/core/forms/form-context.js'
import {FontSet, resolveFallbackFonts, type FallbackFont} from '../../src/core/forms/fonts.js'
import {missingGlyphs, withPlaceholders, holdersOf} from '../../src/core/forms/glyph-check.js'
import {buildHandoffSlip} from '../../src/core/forms/handoff-slip.js'
import {MIN_PT, paginate, type BlockUnits, type Geometry} from '../../src/core/forms/page-layout.js'
import {buildPocketCard} from '../../src/core/forms/pocket-card.js'
import {buildReferralForm} from '../../src/core/forms/referral-form.js'
import {renderHtml} from '../../src/core/forms/render-html.js'
import {layoutForm, renderPdf} from '../../src/core/forms/render-pdf.js'
import {buildRoiForm} from '../../src/core/forms/roi-form.js'
import {buildSignInSheet} from '../../src/core/forms/sign-in-sheet.js'
import type {Protocol, Referral, Roster, Training} from '../../src/core/records/types.js'
import {overlappingText, readPdf, textOffPage, type PdfDocument} from '../support/pdf.js'
import {REPO_ROOT} from '../support/cli.js'

let fonts: FontSet
beforeAll(async () => {
  fonts = await FontSet.load()
})

const ctx: FormContext = {
  site: {name: 'Test County LEAD', jurisdiction: 'Test County, WA', timezone: 'America/Los_Angeles'},
  referralPhone: '+1-555-0100',
  partners: new Map([
    ['pd', {id: 'pd', name: 'Test Police Department', type: 'law_enforcement'}],
    ['cm', {id: 'cm', name: 'Care Co', type: 'case_management'}],
  ]),
  courses: [{id: 'lead-initial', name: 'LEAD initial training', valid_months: 24}],
}

// Only weekday office hours and no off-hours phone: forms must not promise night cover.
const protocol: Protocol = {
  id: 'p-v1',
  title: 'Test protocol',
  version: 1,
  status: 'adopted',
  adopted: {date: '2026-01-10', by: 'pcg'},
  effective: {from: '2026-02-01'},
  pathways: ['arrest_diversion', 'social_contact', 'community'],
  min_age: 18,
  criteria: ['18 or older. Record only whether this is met.', 'The conduct appears related to substance use, mental illness or homelessness.', 'Agrees to an intake assessment. Participation is voluntary.'],
  divertible_charges: [
    {code: 'RCW 69.50.4013', label: 'Possession of a controlled substance', category: 'drug', max_quantity: 3, unit: 'g'},
    {code: 'RCW 69.50.401', label: 'Delivery of a controlled substance, subsistence level', category: 'drug', max_quantity: 3, unit: 'g', pathways: ['arrest_diversion'], note: 'Subsistence-level selling only.'} as Protocol['divertible_charges'][number],
    {code: 'RCW 9A.56.050', label: 'Theft in the third degree', category: 'property'},
    {code: 'RCW 9A.52.080', label: 'Criminal trespass in the second degree', category: 'property'},
    {code: 'RCW 9A.48.090', label: 'Malicious mischief in the third degree', category: 'property'},
    {code: 'RCW 9A.56.170', label: 'Possessing stolen property in the third degree', category: 'property'},
    {code: 'RCW 9A.88.030', label: 'Prostitution', category: 'public_order'},
    {code: 'RCW 9A.84.030', label: 'Disorderly conduct', category: 'public_order'},
  ],
  exclusions: [
    {id: 'over-threshold', text: 'The quantity is over the threshold listed for the charge.', overridable: true},
    {id: 'under-18', text: 'Under 18 years old. Refer to juvenile diversion instead.', overridable: false},
    {id: 'exploits-minors', text: 'Appears to exploit minors or to involve minors in the offense.', overridable: false},
    {id: 'violent', text: 'A conviction for a violent offense within the last 10 years.', overridable: true},
  ],
  intake_deadline_days: 30,
  coverage: {hours: [{days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '17:00'}], response_target_minutes: 30},
}

const referral: Referral = {
  id: 'r-2026-11-30-abc123',
  pathway: 'arrest_diversion',
  received: '2026-11-30T10:00:00-08:00',
  referrer: {agency: 'pd', badge: '0042'},
  participant: 'P-ABC123',
  charges: ['RCW 9A.52.080'],
  screening: {exclusions_hit: [], age_ok: true, consent_to_participate: true},
  handoff: {case_manager: 'Ana Muñoz'},
  status: 'received',
}

async function pdfOf(doc: FormDocument): Promise<PdfDocument> {
  const {bytes} = await renderPdf(doc, {paper: 'letter', date: new Date('2026-01-01T00:00:00Z'), fonts})
  return readPdf(bytes)
}

function expectClean(pdf: PdfDocument): void {
  for (const page of pdf.pages) {
    expect(overlappingText(page).map(([a, b]) => `${a.text} / ${b.text}`), `page ${page.number}: overlapping text`).toEqual([])
    expect(textOffPage(page, 8).map((t) => t.text), `page ${page.number}: text off the page`).toEqual([])
    expect(page.items.filter((t) => t.size < MIN_PT - 0.01).map((t) => `${t.text} ${t.size}`), `page ${page.number}: text under ${MIN_PT} pt`).toEqual([])
  }
}

describe('layout measured from the PDF', () => {
  it('coverage: wrapped bar labels (bold for catchment groups) never print over the next row; names, not ids', async () => {
    const long = (n: number) => `Harbor County Sheriff's Office · Patrol and Community Outreach Unit ${n}`
    const doc = buildCoverageReport(ctx, {
      asOf: '2026-11-30',
      sections: [{title: 'By unit', groups: Array.from({length: 12}, (_, i) => ({label: long(i), trained: i, total: 12, percent: (i / 12) * 100, catchment: i % 2 === 0}))}],
    })
    expectClean(await pdfOf(doc))
  })

  it('pocket card: two cards, 8 pt at least, nothing over the table even with a long site name', async () => {
    const longName = {...ctx, site: {...ctx.site, name: 'Harbor County Law Enforcement Assisted Diversion and Let Everyone Advance with Dignity Program'}}
    for (const c of [ctx, longName]) {
      const pdf = await pdfOf(buildPocketCard(c, protocol))
      expect(pdf.pages, pdf.pages.map((p) => p.text).join('\n=====\n')).toHaveLength(2)
      expect(pdf.pages[0]!.width).toBe(288)
      expectClean(pdf)
      // The header (site name) ends above the title.
      const title = pdf.pages[0]!.items.find((t) => t.text.startsWith('LEAD pocket card'))!
      const header = pdf.pages[0]!.items.filter((t) => /Harbor|Test County|Program|Dignity/.test(t.text))
      for (const h of header) expect(h.baseline).toBeLessThan(title.baseline - title.size)
    }
    // A long footer (a version with an end date) wraps upwards, clear of the content and the page edge.
    const ended = await pdfOf(buildPocketCard(ctx, {...protocol, id: 'harbor-county-2025-v1', effective: {from: '2025-01-01', to: '2026-02-28'}}))
    expectClean(ended)
    expect(ended.text.replace(/\s+/g, ' ')).toContain('from 2025-01-01 to 2026-02-28')
  })

  it('blank ROI: the signature lines stay on the page with the statement they sign', async () => {
    const partners = Array.from({length: 14}, (_, i) => ({id: `p${i}`, name: `Partner organisation number ${i} of the county`, type: 'community' as const}))
    const pdf = await pdfOf(buildRoiForm(ctx, {partners, asOf: '2026-11-30'}))
    expectClean(pdf)
    const page = pdf.pages.find((p) => p.text.includes('I may revoke this consent'))!
    expect(page.lines.some((l) => /^Participant\s+Witness$/.test(l))).toBe(true)
  })

  it('handoff slip: fits the top half of a Letter page, dates as people write them, no night cover the protocol lacks', async () => {
    const doc = buildHandoffSlip(ctx, {referral, protocol, caseManagerPhone: '+1-555-0183', provider: 'Care Co'})
    const pdf = await pdfOf(doc)
    expect(pdf.pages).toHaveLength(1)
    expectClean(pdf)
    const above = pdf.pages[0]!.items.filter((t) => t.text !== 'cut here')
    for (const t of above) expect(t.baseline, t.text).toBeLessThan(396)
    expect(pdf.text).toContain('Wed 30 Dec 2026')
    expect(pdf.text).not.toMatch(/day and night|on-call|answers the LEAD line at any time/)
    expect(pdf.text).toContain('Case managers answer the LEAD line Mon–Fri 08:00–17:00.')
  })

  it('referral form: each question once; office hours only, no on-call promise', async () => {
    const pdf = await pdfOf(buildReferralForm(ctx, {protocol}))
    expectClean(pdf)
    expect(pdf.text.match(/18 or older/g)).toHaveLength(1)
    expect(pdf.text.match(/voluntary/gi)).toHaveLength(1)
    expect(pdf.text.replace(/\s+/g, ' ')).toContain('The protocol sets no on-call coverage outside these hours.')
    expect(pdf.text).not.toMatch(/on-call case manager/)
    const filled = buildReferralForm(ctx, {protocol, referral})
    const checklist = filled.blocks.find((b) => b.type === 'checklist' && b.items[0]?.text.startsWith('18 or older'))
    expect(checklist?.type === 'checklist' && checklist.items.map((i) => i.checked)).toEqual([true, false, true])
  })

  it('pocket card with only office hours: no "same number, on-call case manager"', async () => {
    const pdf = await pdfOf(buildPocketCard(ctx, protocol))
    expect(pdf.text).not.toMatch(/same number|on-call case manager/)
    expect(pdf.text.replace(/\s+/g, ' ')).toContain('none set in protocol p-v1')
    const always = await pdfOf(buildPocketCard(ctx, {...protocol, coverage: {hours: [{days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '24:00'}], off_hours_phone: '+1-555-0100'}}))
    expect(always.text).toContain('staffed at all hours')
    const onCall = await pdfOf(buildPocketCard(ctx, {...protocol, coverage: {...protocol.coverage, off_hours_phone: '+1-555-0100'}}))
    expect(onCall.text.replace(/\s+/g, ' ')).toContain('+1-555-0100 (same number, on-call case manager)')
  })

  it('sign-in sheet: the signature column is wide enough to sign (2.5 in)', async () => {
    const roster: Roster = {id: 'pd', agency: 'pd', as_of: '2026-05-01', officers: Array.from({length: 30}, (_, i) => ({badge: String(1000 + i), name: `Officer Number${i}`, status: 'active' as const, rank: 'Sergeant', unit: 'Patrol', district: 'D1', shift: 'night'}))}
    const training: Training = {id: 't1', course: 'lead-initial', date: '2026-05-02', agency: 'pd', trainers: ['Kim'], attendees: []}
    const pdf = await pdfOf(buildSignInSheet(ctx, {training, roster}))
    expectClean(pdf)
    for (const page of pdf.pages) {
      const header = page.items.find((t) => t.text === 'Signature')!
      expect(612 - 54 - (header.x - 3)).toBeGreaterThanOrEqual(180)
    }
  })

  it('HTML follows the PDF page plan: same pages, the site header once per page', async () => {
    const doc = buildRoiForm(ctx, {partners: [...ctx.partners.values()], asOf: '2026-11-30'})
    const {plan} = await layoutForm(doc, {paper: 'letter', date: new Date(0), fonts})
    const html = renderHtml(doc, plan)
    expect(html.match(/<section class="page"/g)).toHaveLength(plan.pages.length)
    expect(html.match(/<div class="site">/g)).toHaveLength(plan.pages.length)
    expect(html).not.toMatch(/@top-left|@bottom-right/)
    expect(html).toContain(`Page ${plan.pages.length} of ${plan.pages.length}`)
    expect((await pdfOf(doc)).pages).toHaveLength(plan.pages.length)
  })
})

describe('pages planned, then drawn one at a time', () => {
  it('planning without drawing gives the same pages and draws nothing', () => {
    const drawn: number[] = []
    const block = (n: number, from: number): BlockUnits => ({units: Array.from({length: n}, (_, k) => ({height: 100, draw: (y: number) => drawn.push(from + k + y / 1000)})), after: 0, repeat: {height: 20, draw: () => drawn.push(-1)}}) as unknown as BlockUnits
    const blocks = [block(1, 0), block(7, 100)]
    const g = {top: 0, limit: 250} as unknown as Geometry
    let planned = 0
    const plan = paginate(blocks, [[-1], [0]], g, {addPage: () => planned++}, 0, {draw: false})
    expect(drawn).toEqual([])
    let added = 0
    const pages = paginate(blocks, [[-1], [0]], g, {addPage: () => added++}, 0)
    expect(pages).toEqual(plan)
    expect(added).toBe(planned)
    expect(plan.length).toBe(planned + 1)
    // Every unit drawn once, the repeated header on each page the block continues on.
    expect(drawn.filter((d) => d >= 0).map(Math.floor)).toEqual([0, 100, 101, 102, 103, 104, 105, 106])
    expect(drawn.filter((d) => d === -1)).toHaveLength(planned)
  })

  it('a long sign-in sheet: each page headed and numbered of the planned total', async () => {
    const officers = Array.from({length: 160}, (_, i) => ({id: `p${i}`, badge: String(1000 + i), name: `Officer ${i} Example`, status: 'active', since: '2020-01-01'}))
    const roster = {id: 'pd', agency: 'pd', as_of: '2026-11-01', officers} as unknown as Roster
    const training = {id: '2026-12-01-pd', course: 'lead-initial', date: '2026-12-01', agency: 'pd'} as unknown as Training
    const doc = buildSignInSheet(ctx, {training, roster})
    const {plan} = await layoutForm(doc, {paper: 'letter', date: new Date(0), fonts})
    const pdf = await pdfOf(doc)
    expect(plan.pages.length).toBeGreaterThan(3)
    expect(pdf.pages).toHaveLength(plan.pages.length)
    for (const [i, page] of pdf.pages.entries()) {
      expect(page.text).toContain('Test County LEAD')
      expect(page.text).toContain(`Page ${i + 1} of ${plan.pages.length}`)
    }
    expect(pdf.text).toContain('Officer 159 Example')
    expectClean(pdf)
  })
})

describe('scripts', () => {
  it('a Hebrew word stays in its column, in reading order; Greek and Cyrillic print from the bundled font', async () => {
    const p = {...protocol, divertible_charges: [{code: 'X 1', label: 'החזקה של חומר', category: 'drug', max_quantity: 3, unit: 'g'}, {code: 'X 2', label: 'Κλοπή · Кража', category: 'property'}]} as Protocol
    const pdf = await pdfOf(buildPocketCard(ctx, p))
    expectClean(pdf)
    const page = pdf.pages[0]!
    const max = page.items.find((t) => t.text === 'Max')!
    const hebrew = page.items.filter((t) => /[\u05d0-\u05ea]/.test(t.text))
    expect(hebrew.length).toBeGreaterThan(0)
    for (const t of hebrew) expect(t.x + t.width, 'Hebrew inside the Charge column').toBeLessThan(max.x - 3)
    // Reading order: the first word (החזקה) is the rightmost, so left to right the words run backwards.
    expect(hebrew.map((t) => t.text).join(' ')).toMatch(/חומר\s*של\s*החזקה/)
    expect(pdf.text).toContain('Κλοπή · Кража')
    expect(missingGlyphs(buildPocketCard(ctx, p), fonts)).toEqual([])
  })

  it('characters no font has are found, placed in their records, or replaced by a visible placeholder', async () => {
    const doc = buildPocketCard({...ctx, site: {...ctx.site, name: 'Test County LEAD 中心 🦊'}}, protocol)
    expect(missingGlyphs(doc, fonts)).toEqual([0x4e2d, 0x5fc3, 0x1f98a])
    const holders = holdersOf([0x4e2d], [{file: 'lead.yaml', data: {site: {name: 'Test County LEAD 中心'}}}, {file: 'referrals/2026/r.yaml', data: {notes: ['ok', 'x 中']}}])
    expect(holders.map((h) => `${h.file} ${h.field}`)).toEqual(['lead.yaml site.name', 'referrals/2026/r.yaml notes[1]'])
    const pdf = await pdfOf(withPlaceholders(doc, missingGlyphs(doc, fonts)))
    expect(pdf.text).toContain('Test County LEAD \ufffd\ufffd \ufffd')
  })

  it('a fallback font named as npm:PACKAGE/file prints what DejaVu Sans lacks, embedded only when used', async () => {
    const resolved = resolveFallbackFonts(REPO_ROOT, ['npm:dejavu-fonts-ttf/ttf/DejaVuMathTeXGyre.ttf', 'fonts/missing.ttf', 'npm:no-such-font-package'], REPO_ROOT)
    expect(resolved.map((r) => ('problem' in r ? r.problem : 'ok'))).toEqual(['ok', 'no such file in the site: fonts/missing.ttf', 'the font package no-such-font-package is not installed (looked next to lead and in the site\'s folder)'])
    const math = await FontSet.load([resolved[0] as FallbackFont])
    const doc = buildPocketCard({...ctx, site: {...ctx.site, name: 'Test ℊ County'}}, protocol)
    expect(missingGlyphs(doc, fonts)).toEqual([0x210a])
    expect(missingGlyphs(doc, math)).toEqual([])
    const {bytes} = await renderPdf(doc, {paper: 'letter', date: new Date(0), fonts: math})
    const pdf = await readPdf(bytes)
    expect(pdf.text).toContain('Test ℊ County')
    expect(pdf.fonts).toContain('DejaVuMathTeXGyre-Regular')
    const plain = await readPdf((await renderPdf(buildPocketCard(ctx, protocol), {paper: 'letter', date: new Date(0), fonts: math})).bytes)
    expect(plain.fonts).not.toContain('DejaVuMathTeXGyre-Regular')
  })
})

describe('signature blocks in HTML', () => {
  it('a signed date prints under the line, never in the signing space', async () => {
    const {renderBlock} = await import('../../src/core/forms/render-html.js')
    const html = renderBlock({type: 'signatures', lines: [{label: 'Harbor PD', name: 'Marisol Vega', title: 'Chief', date: '2026-02-19'}]})
    expect(html).toContain('<div class="line"></div>')
    expect(html.indexOf('Signed <span class="whole">2026-02-19</span>')).toBeGreaterThan(html.indexOf('<div class="line"></div>'))
  })
})
