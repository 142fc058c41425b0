import {describe, expect, it} from 'vitest'
import {buildCoverageReport, type CoverageFormInput} from '../../src/core/forms/coverage-report.js'
import type {Block, FormDocument} from '../../src/core/forms/document.js'
import {MissingFormData, type FormContext} from '../../src/core/forms/form-context.js'
import {chooseFormat, documentDate} from '../../src/core/forms/form-output.js'
import {coverageLines, dayRange, thresholdText} from '../../src/core/forms/form-text.js'
import {buildHandoffSlip} from '../../src/core/forms/handoff-slip.js'
import {buildMouForm} from '../../src/core/forms/mou-form.js'
import {buildPocketCard} from '../../src/core/forms/pocket-card.js'
import {buildReferralForm} from '../../src/core/forms/referral-form.js'
import {escapeHtml, HTML_CSP, recordTextHtml, renderBlock, renderHtml} from '../../src/core/forms/render-html.js'
import {layoutForm, renderPdf} from '../../src/core/forms/render-pdf.js'
import {FontSet} from '../../src/core/forms/fonts.js'
import {buildSignInSheet} from '../../src/core/forms/sign-in-sheet.js'
import {readPdf} from '../support/pdf.js'
import type {Mou, Protocol, Referral, Roster, Training} from '../../src/core/records/types.js'


const ctx: FormContext = {
  site: {name: 'Test County LEAD', jurisdiction: 'Test County, WA', timezone: 'America/Los_Angeles'},
  referralPhone: '+1-555-0100',
  partners: new Map([
    ['pd', {id: 'pd', name: 'Test Police', type: 'law_enforcement'}],
    ['cm', {id: 'cm', name: 'Care Co', type: 'case_management'}],
  ]),
  courses: [{id: 'lead-initial', name: 'LEAD initial training', valid_months: 24}],
}

const protocol: Protocol = {
  id: 'p-v1',
  title: 'Test protocol',
  version: 1,
  status: 'adopted',
  adopted: {date: '2026-01-10', by: 'pcg'},
  effective: {from: '2026-02-01'},
  pathways: ['arrest_diversion', 'community'],
  min_age: 18,
  criteria: ['Agrees to an intake.'],
  divertible_charges: [
    {code: 'RCW 69.50.4013', label: 'Possession', category: 'drug', max_quantity: 3, unit: 'g'},
    {code: 'RCW 9A.52.080', label: 'Trespass 2', category: 'property'},
  ],
  exclusions: [
    {id: 'under-18', text: 'Under 18', overridable: false},
    {id: 'over-threshold', text: 'Over the threshold', overridable: true},
  ],
  intake_deadline_days: 14,
  coverage: {hours: [{days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '07:00', to: '19:00'}], off_hours_phone: '+1-555-0100', response_target_minutes: 30},
}

const referral: Referral = {
  id: 'r-2026-03-02-abc123',
  pathway: 'arrest_diversion',
  received: '2026-03-02T23:30:00-08:00',
  referrer: {agency: 'pd', badge: '0042'},
  participant: 'P-ABC123',
  charges: ['RCW 9A.52.080', 'RCW 9A.36.041'],
  screening: {exclusions_hit: ['over-threshold'], overrides: [{exclusion: 'over-threshold', reason: 'Scale error'}]},
  handoff: {case_manager: 'Ana Muñoz'},
  status: 'received',
}

function textOf(doc: FormDocument): string {
  const parts: string[] = [doc.title, doc.subtitle ?? '']
  const visit = (b: Block) => {
    if (b.type === 'heading' || b.type === 'paragraph') parts.push(b.text)
    else if (b.type === 'fields') for (const r of b.rows) parts.push(`${r.label}: ${r.value ?? ''}`)
    else if (b.type === 'list') parts.push(...b.items)
    else if (b.type === 'checklist') for (const i of b.items) parts.push(`[${i.checked ? 'x' : ' '}] ${i.text}${i.note ? ` (${i.note})` : ''}`)
    else if (b.type === 'table') parts.push(b.columns.map((c) => c.header).join(' | '), ...b.rows.map((r) => r.join(' | ')))
    else if (b.type === 'signatures') for (const l of b.lines) parts.push(`SIGN ${l.label} ${l.name ?? ''} ${l.title ?? ''} ${l.date ?? ''}`)
    else if (b.type === 'bar-chart') for (const bar of b.bars) parts.push(`BAR ${bar.label} ${bar.fraction} ${bar.text}${bar.highlight ? ' *' : ''}`)
    else if (b.type === 'keep-together') b.blocks.forEach(visit)
  }
  doc.blocks.forEach(visit)
  return parts.join('\n')
}

describe('form text', () => {
  it('collapses weekday runs and prints thresholds', () => {
    expect(dayRange(['mon', 'tue', 'wed', 'thu', 'fri'])).toBe('Mon–Fri')
    expect(dayRange(['sat', 'sun'])).toBe('Sat, Sun')
    expect(dayRange(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'])).toBe('Every day')
    expect(dayRange(['mon', 'wed', 'thu', 'fri'])).toBe('Mon, Wed–Fri')
    expect(coverageLines(protocol.coverage.hours)).toEqual(['Mon–Fri 07:00–19:00'])
    expect(thresholdText({max_quantity: 3, unit: 'g'})).toBe('≤ 3 g')
    expect(thresholdText({})).toBe('')
  })
})

describe('form builders', () => {
  it('pocket card: charges with thresholds, exclusions, phone and hours on a card page', () => {
    const doc = buildPocketCard(ctx, protocol)
    expect(doc.page).toBe('card')
    expect(doc.date).toBe('2026-01-10')
    const text = textOf(doc)
    expect(text).toContain('RCW 69.50.4013 | Possession | ≤ 3 g')
    expect(text).toContain('RCW 9A.52.080 | Trespass 2 | ')
    expect(text).toContain('Under 18 (no override)')
    expect(text).toContain('LEAD line: +1-555-0100')
    expect(text).toContain('Staffed: Mon–Fri 07:00–19:00')
    expect(text).toContain('Intake within 14 days')
  })

  it('a protocol without charges or hours, or a site without a phone, is an error naming the field', () => {
    const noCharges = () => buildPocketCard(ctx, {...protocol, divertible_charges: []})
    expect(noCharges).toThrow(MissingFormData)
    try {
      noCharges()
    } catch (error) {
      expect((error as MissingFormData).path).toEqual(['divertible_charges'])
      expect((error as MissingFormData).id).toBe('p-v1')
    }
    expect(() => buildReferralForm(ctx, {protocol: {...protocol, coverage: {hours: []}}})).toThrow(/no case-manager coverage hours/)
    const noPhone = {...ctx, referralPhone: undefined}
    expect(() => buildPocketCard(noPhone, {...protocol, coverage: {hours: protocol.coverage.hours}})).toThrow(/no LEAD phone number/)
  })

  it('referral form: blank has nothing ticked; filled ticks the charges and exclusions, lists a non-divertible charge', () => {
    const blank = textOf(buildReferralForm(ctx, {protocol}))
    expect(blank).not.toContain('[x]')
    expect(blank).toContain('[ ] RCW 69.50.4013 — Possession (max ≤ 3 g)')
    expect(blank).toContain('Participant code: ')
    const filled = buildReferralForm(ctx, {protocol, referral, officer: {badge: '0042', name: 'Thanh Nguyễn', status: 'active'}})
    const text = textOf(filled)
    expect(text).toContain('[x] RCW 9A.52.080 — Trespass 2')
    expect(text).toContain('[ ] RCW 69.50.4013')
    expect(text).toContain('[x] RCW 9A.36.041 — not divertible under this protocol')
    expect(text).toContain('[x] Over the threshold')
    expect(text).toContain('Over the threshold | Scale error')
    expect(text).toContain('Officer (name, badge): Thanh Nguyễn, #0042')
    // Received 23:30 on 2 March in Los Angeles: the local date counts, and intake is due 14 days later.
    expect(text).toContain('Received (date/time): 2026-03-02 23:30')
    expect(text).toContain('Intake due (14 days): 2026-03-16')
    expect(filled.date).toBe('2026-03-02')
  })

  it('handoff slip: case manager, deadline, voluntary; never the charges', () => {
    const doc = buildHandoffSlip(ctx, {referral, protocol, caseManagerPhone: '+1-555-0183', provider: 'Care Co'})
    const text = textOf(doc)
    expect(text).toContain('Your case manager: Ana Muñoz')
    expect(text).toContain("Case manager's phone: +1-555-0183")
    expect(text).toContain('Complete your intake by: Mon 16 Mar 2026')
    expect(text).toMatch(/LEAD is voluntary/)
    expect(text).not.toMatch(/RCW|Trespass|Possession/)
  })

  it('MOU: one signature block per signatory in party order, a blank one for a party without', () => {
    const mou: Mou = {
      id: 'm1',
      title: 'MOU',
      status: 'draft',
      effective: {from: '2026-01-01', to: '2027-12-31'},
      parties: [{partner: 'pd', contribution: 'Refers'}, {partner: 'cm'}],
      governance: {decision: 'consensus', votes_per_member: 1},
      signatories: [{partner: 'pd', name: 'Øyvind Berg', title: 'Chief', signed: '2026-01-02'}],
    }
    const doc = buildMouForm(ctx, mou)
    const signatures = doc.blocks.find((b) => b.type === 'signatures')
    expect(signatures).toEqual({type: 'signatures', lines: [{label: 'Test Police', name: 'Øyvind Berg', title: 'Chief', date: '2026-01-02'}, {label: 'Care Co'}]})
    expect(textOf(doc)).toContain('decides by consensus, one vote per member agency')
  })

  it('sign-in sheet: active officers matching the filters, by surname, then blank rows', () => {
    const roster: Roster = {
      id: 'pd',
      agency: 'pd',
      as_of: '2026-05-01',
      officers: [
        {badge: '0003', name: 'Zoë Adams', status: 'active', district: 'D1', shift: 'day'},
        {badge: '0001', name: 'Luis Muñoz', status: 'active', district: 'D1', shift: 'night'},
        {badge: '0002', name: 'Ann Gone', status: 'separated', district: 'D1', shift: 'day'},
        {badge: '0004', name: 'Bo Other', status: 'active', district: 'D2', shift: 'day'},
      ],
    }
    const training: Training = {id: 't1', course: 'lead-initial', date: '2026-05-02', agency: 'pd', trainers: ['Kim'], attendees: []}
    const doc = buildSignInSheet(ctx, {training, roster, filter: {district: 'd1'}, blankRows: 2})
    const table = doc.blocks.find((b) => b.type === 'table')!
    if (table.type !== 'table') throw new Error('no table')
    expect(table.rows.map((r) => r.slice(0, 3))).toEqual([
      ['1', '0003', 'Zoë Adams'],
      ['2', '0001', 'Luis Muñoz'],
      ['3', '', ''],
      ['4', '', ''],
    ])
    expect(table.columns.at(-1)!.header).toBe('Signature')
    expect(textOf(doc)).toContain('Expected: 2 active officers (district d1), roster as of 2026-05-01')
  })

  it('coverage report: catchment groups first and highlighted, figures as given', () => {
    const input: CoverageFormInput = {
      asOf: '2026-11-01',
      overall: {trained: 30, total: 40, percent: 75},
      sections: [
        {
          title: 'By district',
          groups: [
            {label: 'D9', trained: 1, total: 4, percent: 25, catchment: false},
            {label: 'D1', trained: 9, total: 10, percent: 90, catchment: true},
          ],
        },
      ],
    }
    const doc = buildCoverageReport(ctx, input)
    const text = textOf(doc)
    expect(text.indexOf('BAR D1 0.9 9/10 · 90% *')).toBeGreaterThan(-1)
    expect(text.indexOf('BAR D1')).toBeLessThan(text.indexOf('BAR D9 0.25 1/4 · 25%'))
    expect(text).toContain('D1 | Yes | 9 | 10 | 90%')
    expect(text).toContain('All officers: 30 of 40 trained (75%)')
    expect(doc.date).toBe('2026-11-01')
  })
})

describe('HTML renderer', () => {
  it('a paragraph kept with its heading but taller than a page prints each line once, on the page it falls on', async () => {
    const words = Array.from({length: 1600}, (_, i) => `w${i}`)
    const doc: FormDocument = {
      form: 'test', title: 'Long', header: {site: 'Site', jurisdiction: 'J'}, date: '2026-01-01', page: 'document', sources: [],
      blocks: [{type: 'keep-together', blocks: [{type: 'heading', level: 2, text: 'Notes'}, {type: 'paragraph', text: words.join(' ')}]}],
    }
    const {plan} = await layoutForm(doc, {paper: 'letter', date: new Date(0), fonts: await FontSet.load()})
    expect(plan.pages.length).toBeGreaterThan(1)
    const html = renderHtml(doc, plan)
    for (const w of [words[0]!, words[800]!, words.at(-1)!]) expect(html.match(new RegExp(`\\b${w}\\b`, 'g'))).toHaveLength(1)
  })
  it('keeps IDs, dates and phone numbers on one line, and lets words joined by a hyphen break', () => {
    const html = recordTextHtml('Consent c-2025-08-06-nlifv9 signed 2026-12-06; call 360-555-0199 re case-management, not <b>-1 & x-</b>')
    expect(html).toBe('Consent <span class="whole">c-2025-08-06-nlifv9</span> signed <span class="whole">2026-12-06</span>; call <span class="whole">360-555-0199</span> re case-management, not &lt;b&gt;-1 &amp; x-&lt;/b&gt;')
    // A code longer than a line could hold is left to the browser, which breaks it rather than overflow.
    expect(recordTextHtml('k-2025-0000000000-0000000000-0000')).not.toContain('<span')
    expect(recordTextHtml('decided pcg-2026-02-11#1')).toBe('decided <span class="whole">pcg-2026-02-11#1</span>')
    expect(renderBlock({type: 'paragraph', text: 'See r-2026-11-30-abc123.'})).toBe('<p class="normal">See <span class="whole">r-2026-11-30-abc123</span>.</p>')
  })
  it('escapes every record text and forbids scripts and remote loads', async () => {
    const evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    const doc: FormDocument = {
      form: 'test',
      title: evil,
      header: {site: evil, jurisdiction: 'J'},
      footer: evil,
      date: '2026-01-01',
      page: 'document',
      sources: [],
      blocks: [
        {type: 'paragraph', text: evil},
        {type: 'fields', rows: [{label: evil, value: evil}]},
        {type: 'table', columns: [{header: evil, width: 1}], rows: [[evil]]},
        {type: 'checklist', items: [{text: evil, note: evil}]},
        {type: 'signatures', lines: [{label: evil, name: evil, date: evil}]},
        {type: 'bar-chart', bars: [{label: evil, fraction: 0.5, text: evil}]},
      ],
    }
    const fonts = await FontSet.load()
    const plan = async (d: FormDocument, paper: 'letter' | 'a4') => (await layoutForm(d, {paper, date: new Date(0), fonts})).plan
    const html = renderHtml(doc, await plan(doc, 'letter'))
    expect(html).not.toMatch(/<script|<img|onerror=alert\(2\)>/)
    expect(html).toContain(escapeHtml(evil))
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`)
    expect(HTML_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    expect(html).toContain('@page { size: 612pt 792pt; margin: 0; }')
    expect(renderHtml({...doc, page: 'card'}, await plan({...doc, page: 'card'}, 'a4'))).toContain('size: 288pt 432pt')
  })
})

describe('PDF renderer', () => {
  const doc: FormDocument = {
    form: 'test',
    title: 'Names',
    header: {site: 'Test County LEAD', jurisdiction: 'Test County, WA'},
    date: '2026-02-03',
    page: 'document',
    sources: [],
    blocks: [
      {type: 'paragraph', text: 'Luis Muñoz, Thanh Nguyễn, Øyvind Hansen, Siobhán O’Neill'},
      {type: 'table', columns: [{header: 'N', width: 1}, {header: 'Name', width: 4}], rows: Array.from({length: 90}, (_, i) => [String(i + 1), `Officer ${i + 1}`])},
    ],
  }

  it('embeds fonts that print non-ASCII names, repeats table headers, and is byte-identical on rerun', async () => {
    const fonts = await FontSet.load()
    const a = await renderPdf(doc, {paper: 'letter', date: documentDate(doc), fonts})
    const b = await renderPdf(doc, {paper: 'letter', date: documentDate(doc), fonts})
    expect(Buffer.compare(a.bytes, b.bytes)).toBe(0)
    expect(a.pages).toBeGreaterThanOrEqual(3)
    const pdf = await readPdf(a.bytes)
    const text = pdf.text
    for (const name of ['Luis Muñoz', 'Thanh Nguyễn', 'Øyvind Hansen', 'Siobhán O’Neill', 'Officer 90']) expect(text).toContain(name)
    expect(text).toMatch(/Officer 1\s*\n/)
    expect(pdf.pages.length).toBe(a.pages)
    for (const [i, page] of pdf.pages.entries()) {
      expect(page.text).toContain('Test County LEAD')
      expect(page.text).toContain(`Page ${i + 1} of ${a.pages}`)
      expect(page.text).toMatch(/N\s+Name/)
    }
    expect(pdf.info.CreationDate).toBe('D:20260203000000Z')
    expect(pdf.fonts).toContain('DejaVuSans')
    // Embedded as subsets: only the glyphs used.
    expect(Buffer.from(a.bytes).toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans\b/)
  })
})

describe('output choices', () => {
  it('infers the format from the file name and refuses contradictions', () => {
    expect(chooseFormat(undefined, undefined)).toBe('pdf')
    expect(chooseFormat(undefined, 'x.HTML')).toBe('html')
    expect(chooseFormat('html', undefined)).toBe('html')
    expect(() => chooseFormat('pdf', 'x.html')).toThrow(/contradicts/)
    expect(() => chooseFormat(undefined, 'x.txt')).toThrow(/cannot tell the format/)
  })

  it('dates a document from its record, or SOURCE_DATE_EPOCH, never the clock', () => {
    const doc = {date: '2026-02-03'} as FormDocument
    expect(documentDate(doc).toISOString()).toBe('2026-02-03T00:00:00.000Z')
    expect(documentDate(doc, '0').toISOString()).toBe('1970-01-01T00:00:00.000Z')
    expect(() => documentDate(doc, 'yesterday')).toThrow(/SOURCE_DATE_EPOCH/)
  })
})
