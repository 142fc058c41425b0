/**
 * Pagination shared by both formats. Every block becomes a list of measured units (a line, a
 * table row, a pair of signature lines…), each with its height known before it is placed; units
 * go on the page while they fit, a block marked `keep` moves whole to the next page rather than
 * split (unless it is taller than a page), a heading stays with what follows it, and a table's
 * header repeats on each page it continues on. The result is drawn into the PDF as it is placed,
 * and recorded as a page plan (which units of which block on which page) that the HTML renderer
 * follows, so a form has the same pages in PDF and from a browser.
 */
import type {FormDocument, Paper} from './document.js'
import type {FontSet, FontStyle} from './fonts.js'
import {TextSetter, type TextLine} from './text-lines.js'

/** No text on any form is smaller than this (points). */
export const MIN_PT = 8

export interface TypeScale {
  base: number
  small: number
  table: number
  title: number
  h1: number
  h2: number
  /** Page header, footer and page number. */
  margin: number
}

const SCALES: Record<'document' | 'card', TypeScale> = {
  document: {base: 10, small: 8.5, table: 9, title: 16, h1: 12, h2: 10.5, margin: 8},
  card: {base: 8.5, small: 8, table: 8, title: 10.5, h1: 9.5, h2: 9, margin: 8},
}

/** Page sizes in points (1/72 in). */
export const PAGE_SIZES: Record<Paper | 'card', [number, number]> = {letter: [612, 792], a4: [595.28, 841.89], card: [288, 432]}

export const LINE = 1.3
/** Baseline below the top of a line, as a share of the font size. */
export const ASCENT = 0.95

export const COLORS = {ink: '#111111', muted: '#555555', rule: '#999999', fill: '#e6e6e6', accent: '#1f3d7a', warn: '#b00020', bar: '#8c8c8c'}

export interface Geometry {
  size: [number, number]
  left: number
  width: number
  /** Content starts here: below the measured header (and marking). */
  top: number
  bottom: number
  scale: TypeScale
  header: {y: number; site: readonly TextLine[]; jurisdiction: readonly TextLine[]; ruleY: number; marking?: {y: number; lines: readonly TextLine[]}}
  /** Top of the footer's first line; the footer wraps where measured, above the page's bottom edge. */
  footerY: number
  footer: readonly TextLine[]
  /** Width the footer text may take (the page number sits at the right of its last line). */
  footerWidth: number
  /** Content may not reach below this point on the page (half-page forms). */
  limit: number
}

/** One measured piece of a block. */
export interface Unit {
  height: number
  draw(y: number): void
  /** Space left before the unit (dropped at the top of a page). */
  before?: number
}

export interface BlockUnits {
  units: Unit[]
  /** Move the whole block to a new page rather than split it (unless taller than a page). */
  keep?: boolean
  /** Place the next block's first unit on the same page as this block's last. */
  keepWithNext?: boolean
  /** Drawn first on every page the block continues on (a table header). */
  repeat?: Unit
  pageBreak?: boolean
  /** Space after the block. */
  after: number
  /** Line texts, for blocks whose units are lines of one text (paragraphs). */
  lines?: string[]
  /** A table's column widths in points (the HTML uses the same). */
  columnWidths?: number[]
  /** Whose unit each unit is, when the block gathers others (keep-together): path and index. */
  owners?: Array<{path: number[]; unit: number}>
  /** The gathered blocks' own units (keep-together), for their line texts and column widths. */
  children?: BlockUnits[]
}

/** Which units of which block (a path: [block] or [keep-together block, child]) a page holds. */
export interface Fragment {
  path: number[]
  from: number
  to: number
  /** For a paragraph split across pages: the text of its lines on this page. */
  text?: string
  /** For a table: its column widths in points. */
  widths?: number[]
}

export interface PagePlan {
  pages: Fragment[][]
  geometry: Geometry
}

/** The drawing surface the engine needs; the PDF renderer backs it with pdfkit. */
export interface Surface {
  addPage(): void
}

export function geometry(doc: FormDocument, paper: Paper, setter: TextSetter): Geometry {
  const card = doc.page === 'card'
  const size = PAGE_SIZES[card ? 'card' : paper]
  const scale = SCALES[card ? 'card' : 'document']
  const m = card ? {top: 34, bottom: 30, side: 16} : {top: 62, bottom: 58, side: 54}
  const width = size[0] - 2 * m.side
  const y = card ? 12 : 26
  // The site name and jurisdiction, measured: a long name wraps and pushes the content down.
  let jurisdiction = doc.header.jurisdiction ? setter.lines(doc.header.jurisdiction, 'regular', scale.margin, width * 0.4) : []
  const jw = Math.max(0, ...jurisdiction.map((l) => l.width))
  let site = setter.lines(doc.header.site, 'bold', scale.margin, width - (jw ? jw + 12 : 0))
  // A name too long for one line beside the jurisdiction takes the full width, the jurisdiction after it.
  if (site.length > 1 && doc.header.jurisdiction) {
    site = setter.lines(`${doc.header.site} · ${doc.header.jurisdiction}`, 'bold', scale.margin, width)
    jurisdiction = []
  }
  const lh = scale.margin * LINE
  const ruleY = y + Math.max(site.length, jurisdiction.length) * lh + 2
  let top = Math.max(m.top, ruleY + (card ? 9 : 14))
  let marking: Geometry['header']['marking']
  if (doc.watermark) {
    const lines = setter.lines(doc.watermark, 'bold', scale.margin, width)
    marking = {y: ruleY + 3, lines}
    top = Math.max(top, ruleY + 3 + lines.length * lh + (card ? 6 : 10))
  }
  const bottom = size[1] - m.bottom
  // The footer, measured beside the widest page number: a long one wraps upwards, never off the page.
  const footerWidth = width - setter.width('Page 99 of 99', 'regular', scale.margin) - 12
  const footer = doc.footer ? setter.lines(doc.footer, 'regular', scale.margin, footerWidth) : []
  const extra = Math.max(0, footer.length - 1) * lh
  // A half-page slip keeps everything, footer included, above the cut line at the middle.
  const footerY = (doc.half ? size[1] / 2 - 8 - lh : size[1] - m.bottom * 0.6) - extra
  const limit = doc.half ? footerY - 10 : Math.min(bottom, footerY - 6)
  return {size, left: m.side, width, top, bottom, scale, header: {y, site, jurisdiction, ruleY, ...(marking ? {marking} : {})}, footerY, footer, footerWidth, limit}
}

/**
 * Place the blocks' units page by page; `surface` gets a new page whenever one is needed. With
 * `draw: false` it only plans: the same pages, nothing drawn.
 */
export function paginate(blocks: BlockUnits[], paths: number[][], g: Geometry, surface: Surface, startY: number, options: {draw?: boolean} = {}): Fragment[][] {
  const draw = options.draw !== false
  const pages: Fragment[][] = [[]]
  let y = startY
  const newPage = () => {
    surface.addPage()
    pages.push([])
    y = g.top
  }
  const record = (path: number[], unit: number) => {
    const page = pages.at(-1)!
    const last = page.at(-1)
    if (last && last.path.join() === path.join() && last.to === unit) last.to = unit + 1
    else page.push({path, from: unit, to: unit + 1})
  }
  const room = g.limit - g.top
  blocks.forEach((b, i) => {
    if (b.pageBreak) {
      if (y > g.top) newPage()
      return
    }
    const total = b.units.reduce((s, u, k) => s + u.height + (k ? (u.before ?? 0) : 0), 0)
    // A block kept whole, or a heading with the start of what follows.
    let need = b.keep && total <= room ? total : (b.units[0]?.height ?? 0) + (b.repeat ? b.repeat.height : 0)
    if (b.keepWithNext) need = total + firstHeight(blocks[i + 1])
    if (y + need > g.limit && y > g.top) newPage()
    b.units.forEach((u, k) => {
      const before = k && y > g.top ? (u.before ?? 0) : 0
      if (y + before + u.height > g.limit && y > g.top) {
        newPage()
        if (b.repeat) {
          if (draw) b.repeat.draw(y)
          y += b.repeat.height
        }
      } else {
        y += before
      }
      if (draw) u.draw(y)
      const owner = b.owners?.[k]
      record(owner ? [...paths[i]!, ...owner.path] : paths[i]!, owner ? owner.unit : k)
      y += u.height
    })
    y += b.after
  })
  // Paragraph text split across pages: each page's share of the lines (a kept-together child's too).
  const byPath = new Map<string, BlockUnits>()
  blocks.forEach((b, i) => {
    byPath.set(paths[i]!.join(), b)
    b.children?.forEach((c, j) => byPath.set([...paths[i]!, j].join(), c))
  })
  for (const page of pages) {
    for (const f of page) {
      const b = byPath.get(f.path.join())
      if (b?.lines && (f.from > 0 || f.to < b.lines.length)) f.text = b.lines.slice(f.from, f.to).join(' ')
      if (b?.columnWidths) f.widths = b.columnWidths
    }
  }
  return pages
}

function firstHeight(b: BlockUnits | undefined): number {
  if (!b || b.pageBreak) return 0
  const first = b.units[0]?.height ?? 0
  return b.keep ? b.units.reduce((s, u) => s + u.height, 0) : first + (b.repeat?.height ?? 0) + (b.units[1]?.height ?? 0)
}

export type {FontSet, FontStyle}
