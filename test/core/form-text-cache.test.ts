/**
 * Forms set each distinct string once (a sign-in sheet repeats ranks, units and names thousands of
 * times): the cached lines must be exactly what setting the text afresh gives, for every style,
 * size and width, and a long sheet must still print every officer once, in order, in its column,
 * with the page breaks its geometry implies.
 */
import {beforeAll, describe, expect, it} from 'vitest'
import type {FormDocument} from '../../src/core/forms/document.js'
import type {FormContext} from '../../src/core/forms/form-context.js'
import {FontSet, type FaceName} from '../../src/core/forms/fonts.js'
import {renderPdf} from '../../src/core/forms/render-pdf.js'
import {buildSignInSheet} from '../../src/core/forms/sign-in-sheet.js'
import {TextSetter} from '../../src/core/forms/text-lines.js'
import type {Roster, Training} from '../../src/core/records/types.js'
import {overlappingText, paintedColors, readPdf, textOffPage, type PdfText} from '../support/pdf.js'

let fonts: FontSet
beforeAll(async () => {
  fonts = await FontSet.load()
})

/** A stand-in for pdfkit's widthOfString with made-up metrics, counting what it is asked. */
function countingMeasure() {
  const calls = new Map<string, number>()
  const measure = (text: string, face: FaceName, size: number) => {
    const key = `${face}|${size}|${text}`
    calls.set(key, (calls.get(key) ?? 0) + 1)
    return [...text].reduce((w, ch) => w + (ch === ' ' ? 0.28 : /[A-Z]/.test(ch) ? 0.68 : 0.55) * (face === 'bold' ? 1.1 : 1), 0) * size
  }
  return {measure, calls}
}

describe('text set once per distinct string', () => {
  const texts = ['9161 - POLICE OFFICER', 'Unit 7 · D8', 'Ann de la Cruz', 'Crisis intervention / behavioral health unit', 'a-hyphenated-word', 'Zoë Müller', 'החזקה של חומר', 'two\nlines', '', '   ', 'Supercalifragilisticexpialidocious']

  it('cached lines equal lines set afresh, for every style, size and width the same text is set at', () => {
    const cached = new TextSetter(fonts, countingMeasure().measure)
    for (let round = 0; round < 2; round++) {
      for (const text of texts) {
        for (const style of ['regular', 'bold'] as const) {
          for (const [size, width] of [[9, 40], [9, 120.5], [10, 40], [9, 1000]] as const) {
            const fresh = new TextSetter(fonts, countingMeasure().measure).lines(text, style, size, width)
            expect(cached.lines(text, style, size, width), `${JSON.stringify(text)} ${style} ${size} pt in ${width} pt`).toEqual(fresh)
          }
        }
      }
    }
    // The settings really differ (a key that dropped one of them would have passed the loop above only by luck).
    expect(cached.lines(texts[0]!, 'regular', 9, 40).length).toBeGreaterThan(cached.lines(texts[0]!, 'regular', 9, 1000).length)
    expect(cached.lines(texts[0]!, 'bold', 9, 1000)[0]!.width).toBeGreaterThan(cached.lines(texts[0]!, 'regular', 9, 1000)[0]!.width)
    expect(cached.lines(texts[0]!, 'regular', 10, 1000)[0]!.width).toBeGreaterThan(cached.lines(texts[0]!, 'regular', 9, 1000)[0]!.width)
  })

  it('each distinct face, size and string is measured once, and repeated cells share one set of lines', () => {
    const {measure, calls} = countingMeasure()
    const setter = new TextSetter(fonts, measure)
    const ranks = ['POLICE OFFICER', 'SERGEANT', 'LIEUTENANT']
    const first = setter.lines('POLICE OFFICER', 'regular', 9, 80)
    for (let i = 0; i < 3000; i++) {
      setter.lines(ranks[i % 3]!, 'regular', 9, 80)
      setter.width(ranks[i % 3]!, 'regular', 9)
    }
    expect(setter.lines('POLICE OFFICER', 'regular', 9, 80)).toBe(first)
    expect([...calls.values()].every((n) => n === 1), JSON.stringify([...calls])).toBe(true)
    expect(calls.has('regular|9|SERGEANT')).toBe(true)
    expect(calls.has('regular|9|LIEUTENANT')).toBe(true)
  })

  it('plain ASCII is one run in its style; other text is still split by the face that has each character', () => {
    const setter = new TextSetter(fonts, countingMeasure().measure)
    expect(setter.runs("O'Brien, Ann #42", 'bold')).toEqual([{text: "O'Brien, Ann #42", face: 'bold'}])
    expect(setter.runs('', 'regular')).toEqual([])
    // A character DejaVu Sans lacks (and no fallback has) stays in the text's own face, like ASCII.
    expect(setter.runs('Ann 中', 'regular')).toEqual([{text: 'Ann 中', face: 'regular'}])
    expect(setter.width("O'Brien", 'regular', 9)).toBeCloseTo(countingMeasure().measure("O'Brien", 'regular', 9), 10)
  })
})

describe('a sign-in sheet of several hundred officers', () => {
  const FAMILY = ['Garcia', 'Smith', 'Nguyen', 'Okafor', 'Rivera', 'Chen', 'Murphy', 'Patel', 'Kowalski', 'Johnson']
  const GIVEN = ['Ann', 'Bo', 'Carlos', 'Dana', 'Ed', 'Fatima', 'Gus']
  const RANKS = ['POLICE OFFICER', 'SERGEANT', 'LIEUTENANT']
  const n = 420
  const officers = Array.from({length: n}, (_, i) => ({
    id: `e${i}`,
    badge: String(5000 + ((i * 7919) % 9000)),
    name: `${GIVEN[i % 7]} ${FAMILY[(i * 3) % 10]}`,
    family_name: FAMILY[(i * 3) % 10]!,
    given_name: GIVEN[i % 7]!,
    rank: RANKS[i % 3]!,
    unit: `Unit ${i % 25}`,
    district: `D${(i % 5) + 1}`,
    status: 'active' as const,
    since: '2020-01-01',
  }))
  const roster = {id: 'pd', agency: 'pd', as_of: '2026-11-01', officers} as unknown as Roster
  const training = {id: '2026-12-01-pd', course: 'cit', date: '2026-12-01', agency: 'pd'} as unknown as Training
  const ctx: FormContext = {site: {name: 'Test County LEAD'}, partners: new Map([['pd', {id: 'pd', name: 'Test Police Department', type: 'law_enforcement'}]]), courses: [{id: 'cit', name: 'Crisis intervention', valid_months: 24}]}

  it('prints every officer once, in surname order, in its column, with the page breaks the Letter geometry implies', async () => {
    const {bytes, pages} = await renderPdf(buildSignInSheet(ctx, {training, roster}), {paper: 'letter', date: new Date(0), fonts})
    const pdf = await readPdf(bytes)
    expect(pdf.pages).toHaveLength(pages)

    // Expected order, worked out here: family name, then given name, then badge.
    const expected = [...officers].sort((a, b) => a.family_name.localeCompare(b.family_name) || a.given_name.localeCompare(b.given_name) || Number(a.badge) - Number(b.badge))
    const headerX = (items: PdfText[], text: string) => items.find((t) => t.text.startsWith(text))!.x
    const rows: Array<{page: number; number: PdfText; cells: string[]; lines: number}> = []
    let headerLines = 0
    for (const page of pdf.pages) {
      expect(overlappingText(page), `page ${page.number}`).toEqual([])
      expect(textOffPage(page, 8), `page ${page.number}`).toEqual([])
      // The header row repeats on every page, its columns where they were on page 1.
      const columns = ['Badge', 'Name', 'Rank', 'Unit ·', 'Signature'].map((h) => headerX(page.items, h))
      for (const [i, h] of ['Badge', 'Name', 'Rank', 'Unit ·', 'Signature'].entries()) expect(columns[i]).toBeCloseTo(headerX(pdf.pages[0]!.items, h), 3)
      const header = page.items.find((t) => t.text === 'Badge')!
      // Headers in bold, cells in the regular face.
      const bold = page.items.filter((t) => Math.abs(t.baseline - header.baseline) < 0.5).map((t) => t.font)
      expect(new Set(bold).size).toBe(1)
      expect(page.items.filter((t) => t.baseline > header.baseline + 15).every((t) => t.font !== bold[0]), `page ${page.number}: a cell in bold`).toBe(true)
      headerLines = new Set(page.items.filter((t) => t.x >= columns[0]! - 0.01 && t.baseline >= header.baseline - 0.5 && t.baseline < header.baseline + 20).map((t) => t.baseline.toFixed(1))).size
      // Table rows: a number in the # column; its cells are what lies below its baseline until the next row's.
      const numbers = page.items.filter((t) => /^\d+$/.test(t.text) && t.x < columns[0]! && t.baseline > header.baseline)
      numbers.forEach((num, k) => {
        const end = numbers[k + 1]?.baseline ?? num.baseline + 22
        const band = page.items.filter((t) => t !== num && t.baseline > num.baseline - 0.5 && t.baseline < end - 0.5).sort((a, b) => a.baseline - b.baseline)
        // Each piece of text starts at its column's left edge (3 pt of padding), whatever string it holds.
        for (const t of band) expect(columns.some((x) => Math.abs(t.x - x) < 0.01), `${t.text} at ${t.x}`).toBe(true)
        const cells = columns.slice(0, 4).map((x) => band.filter((t) => Math.abs(t.x - x) < 0.01).map((t) => t.text).join(' '))
        rows.push({page: page.number, number: num, cells, lines: new Set([num, ...band].map((t) => t.baseline.toFixed(1))).size})
      })
    }
    // Row numbers 1 … n + 5 (five blank rows for walk-ins), right-aligned to one edge.
    expect(rows.map((r) => Number(r.number.text))).toEqual(Array.from({length: n + 5}, (_, i) => i + 1))
    const rightEdges = rows.map((r) => r.number.x + r.number.width)
    for (const edge of rightEdges) expect(edge).toBeCloseTo(rightEdges[0]!, 1)
    // Each officer once, in order, with their own badge, name, rank and unit.
    expect(rows.slice(0, n).map((r) => r.cells.join(' | '))).toEqual(expected.map((o) => `${o.badge} | ${o.name} | ${o.rank} | ${o.unit} · ${o.district}`))
    expect(rows.slice(n).map((r) => r.cells.join(''))).toEqual(['', '', '', '', ''])
    // The page breaks, worked out from Letter's geometry: content from 62 pt down to 734 pt (the
    // footer's margin), the header row repeated at the top of each continuing page, a row 22 pt
    // (room to sign) or, when a cell wraps, its lines at 9 pt × 1.3 plus 3 pt of padding each side.
    const height = (lines: number) => Math.max(22, lines * 9 * 1.3 + 6)
    expect(rows.some((r) => r.lines === 2), 'some rank wraps onto a second line').toBe(true)
    const firstPage = rows.filter((r) => r.page === 1).length
    let page = 1
    let y = Infinity
    const expectedPages = rows.map((r, i) => {
      if (i < firstPage) return 1
      if (y + height(r.lines) > 734) {
        page++
        y = 62 + height(headerLines)
      }
      y += height(r.lines)
      return page
    })
    expect(rows.map((r) => r.page)).toEqual(expectedPages)
    expect(pages).toBe(page)
  }, 60_000)
})

describe('colours set once and kept', () => {
  it('every text, fill and rule of a multi-page sign-in sheet is painted in its own colour, on every page', async () => {
    const officers = Array.from({length: 90}, (_, i) => ({id: `e${i}`, badge: String(100 + i), name: `Ann Example${i}`, rank: 'SERGEANT', unit: 'Patrol', status: 'active' as const, since: '2020-01-01'}))
    const roster = {id: 'pd', agency: 'pd', as_of: '2026-11-01', officers} as unknown as Roster
    const training = {id: '2026-12-01-pd', course: 'cit', date: '2026-12-01', agency: 'pd'} as unknown as Training
    const ctx: FormContext = {site: {name: 'Test County LEAD', jurisdiction: 'Test County, WA'}, partners: new Map(), courses: [{id: 'cit', name: 'Crisis intervention', valid_months: 24}]}
    const {bytes, pages} = await renderPdf({...buildSignInSheet(ctx, {training, roster}), watermark: 'DRAFT: a review copy'}, {paper: 'letter', date: new Date(0), fonts})
    const painted = await paintedColors(bytes)
    expect(painted).toHaveLength(pages)
    expect(pages).toBeGreaterThan(2)
    // What each piece is decides its colour: the page's header and footer and the title's subtitle muted, the review marking
    // in red, the note under the fields dark grey, the rest ink; table and field rules grey, 0.5 pt.
    const expectedColor = (text: string) =>
      /^(Test County LEAD|Test County, WA|Crisis intervention · 2026-12-01|Session 2026-12-01-pd|Page \d+ of \d+)$/.test(text) ? '#555555' : /^DRAFT/.test(text) ? '#b00020' : /^Sign next to your name/.test(text) ? '#333333' : '#111111'
    painted.forEach((page, i) => {
      const texts = page.filter((p) => p.kind === 'text')
      expect(texts.length).toBeGreaterThan(20)
      for (const t of texts) expect(t.color, `page ${i + 1}: ${t.text}`).toBe(expectedColor(t.text!))
      const strokes = page.filter((p) => p.kind === 'stroke')
      expect(strokes.length).toBeGreaterThan(20)
      for (const s of strokes) expect(`${s.color} ${s.lineWidth}`, `page ${i + 1}`).toBe('#999999 0.5')
      // The table's header row, grey, on every page.
      expect(page.filter((p) => p.kind === 'fill').map((p) => p.color)).toEqual(Array(6).fill('#e6e6e6'))
    })
  }, 60_000)

  it('boxes of different weights in turn each get their own line width and colour', async () => {
    const notice = {type: 'paragraph', style: 'notice', text: 'Read this first.'} as const
    const doc: FormDocument = {
      form: 'test', title: 'Weights', header: {site: 'Test County LEAD'}, date: '2026-12-01', page: 'document', sources: [],
      blocks: [notice, {type: 'checklist', items: [{text: 'one'}, {text: 'two'}]}, {type: 'table', columns: [{header: 'A', width: 1}, {header: 'B', width: 1}], rows: [['a', 'b']]}, notice],
    }
    const [page] = await paintedColors((await renderPdf(doc, {paper: 'letter', date: new Date(0), fonts})).bytes)
    const strokes = page!.filter((p) => p.kind === 'stroke').map((p) => `${p.color} ${p.lineWidth}`)
    // Notice box 1 pt ink; checkboxes 0.7 pt ink; table cells 0.5 pt grey; the notice again; the page header's rule.
    expect(strokes).toEqual(['#111111 1', '#111111 0.7', '#111111 0.7', ...Array(4).fill('#999999 0.5'), '#111111 1', '#999999 0.5'])
  })
})
