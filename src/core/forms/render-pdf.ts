/**
 * The PDF renderer: lays a FormDocument out with pdfkit (imported lazily: only form commands pay
 * for it) and records the page plan the HTML renderer follows. Output is reproducible: the
 * creation date comes from the caller (a record's date or SOURCE_DATE_EPOCH), pdfkit derives the
 * file ID from the document info, and font subset tags come from the font's index, so the same
 * records give byte-identical files.
 */
import {BlockMeasurer, Pen} from './block-units.js'
import type {FormDocument, Paper} from './document.js'
import {fontPath, type FaceName, type FontSet} from './fonts.js'
import {COLORS, geometry, paginate, type BlockUnits, type Geometry, type PagePlan} from './page-layout.js'
import {TextSetter} from './text-lines.js'

export {PAGE_SIZES} from './page-layout.js'

export interface PdfOptions {
  paper: Paper
  /** The document's creation and modification date. */
  date: Date
  fonts: FontSet
}

export interface PdfResult {
  bytes: Buffer
  pages: number
}

export interface LaidOutForm {
  plan: PagePlan
}

/** A PDF ready to be laid out into: fonts registered, blocks measured, nothing drawn yet. */
interface Prepared {
  pdf: PDFKit.PDFDocument
  pen: Pen
  g: Geometry
  blocks: BlockUnits[]
  paths: number[][]
}

async function prepare(doc: FormDocument, options: PdfOptions): Promise<Prepared> {
  const {default: PDFDocument} = await import('pdfkit')
  const pdf = new PDFDocument({
    size: doc.page === 'card' ? [288, 432] : options.paper === 'a4' ? [595.28, 841.89] : [612, 792],
    margins: {top: 0, bottom: 0, left: 0, right: 0},
    // Each page is written out as soon as the next one starts: a sign-in sheet of 8,600 officers
    // would otherwise hold all its pages until the end (docs/performance.md).
    bufferPages: false,
    autoFirstPage: true,
    displayTitle: true,
    lang: 'en-US',
    info: {
      Title: doc.title,
      Author: doc.header.site,
      Subject: `lead form ${doc.form}`,
      Creator: 'lead',
      Producer: 'lead (PDFKit)',
      CreationDate: options.date,
      ModDate: options.date,
    },
  })
  for (const style of ['regular', 'bold', 'oblique'] as const) pdf.registerFont(style, fontPath(style))
  const registered = new Set<string>(['regular', 'bold', 'oblique'])
  const use = (face: FaceName) => {
    if (!registered.has(face)) {
      pdf.registerFont(face, options.fonts.file(face))
      registered.add(face)
    }
    return pdf.font(face)
  }
  const setter = new TextSetter(options.fonts, (text, face, size) => use(face).fontSize(size).widthOfString(text))
  const pen = new Pen(pdf, setter, options.fonts)
  const g = geometry(doc, options.paper, setter)
  const measurer = new BlockMeasurer(pen, g)
  const blocks: BlockUnits[] = [measurer.title(doc.title, doc.subtitle), ...doc.blocks.map((b) => measurer.block(b))]
  const paths = blocks.map((_, i) => (i === 0 ? [-1] : [i - 1]))
  return {pdf, pen, g, blocks, paths}
}

/** The page plan alone (what the HTML renderer follows): units placed, nothing drawn. */
export async function layoutForm(doc: FormDocument, options: PdfOptions): Promise<LaidOutForm> {
  const {blocks, paths, g} = await prepare(doc, options)
  return {plan: {pages: paginate(blocks, paths, g, {addPage: () => {}}, g.top, {draw: false}), geometry: g}}
}

/**
 * Two passes: the plan first, so "Page i of n" is known when a page is finished, then the drawing,
 * each page decorated and handed to pdfkit's stream before the next begins.
 */
export async function renderPdf(doc: FormDocument, options: PdfOptions): Promise<PdfResult> {
  const {pdf, pen, g, blocks, paths} = await prepare(doc, options)
  const total = paginate(blocks, paths, g, {addPage: () => {}}, g.top, {draw: false}).length
  const chunks: Buffer[] = []
  pdf.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve())
    pdf.on('error', reject)
  })
  let page = 0
  const addPage = () => {
    decoratePage(pdf, pen, doc, g, page++, total)
    pdf.addPage({size: g.size, margins: {top: 0, bottom: 0, left: 0, right: 0}})
    pen.newPage()
  }
  const drawn = paginate(blocks, paths, g, {addPage}, g.top).length
  decoratePage(pdf, pen, doc, g, page, total)
  // The plan and the drawing come from the same measured units; if they ever differ, a page
  // would say "of n" wrongly.
  if (drawn !== total) throw new Error(`form layout is not deterministic: ${drawn} pages drawn, ${total} planned`)
  pdf.end()
  await done
  return {bytes: Buffer.concat(chunks), pages: total}
}

/** Site header, footer, "Page i of n", a review copy's marking and a slip's cut line, on the current page (index 0-based). */
function decoratePage(pdf: PDFKit.PDFDocument, pen: Pen, doc: FormDocument, g: Geometry, index: number, total: number): void {
  const small = g.scale.margin
  const [w, h] = g.size
  const {left, width, header} = g
  pen.draw(header.site, left, header.y, width, small, COLORS.muted)
  pen.draw(header.jurisdiction, left, header.y, width, small, COLORS.muted, 'right')
  pen.rule(left, header.ruleY, left + width, header.ruleY)
  if (header.marking) {
    pen.draw(header.marking.lines, left, header.marking.y, width, small, COLORS.warn, 'center')
    watermark(pdf, doc.watermark!.split(':')[0]!, w, h)
  }
  pen.draw(g.footer, left, g.footerY, g.footerWidth, small, COLORS.muted)
  const page = pen.lines(`Page ${index + 1} of ${total}`, 'regular', small, width)
  const lastLine = g.footerY + Math.max(0, g.footer.length - 1) * small * 1.3
  pen.draw(page, left, lastLine, width, small, COLORS.muted, 'right')
  if (doc.half) {
    const y = h / 2
    pen.rule(left, y, left + width, y, 0.6, COLORS.muted, 3)
    const cut = pen.lines('cut here', 'regular', small, width)
    pen.draw(cut, left, y + 2, width, small, COLORS.muted, 'center')
  }
}

/** The word (DRAFT, SUPERSEDED) across the page, faint, behind nothing that matters. */
function watermark(pdf: PDFKit.PDFDocument, word: string, w: number, h: number): void {
  const size = Math.min(w, h) / Math.max(4, word.length * 0.62)
  pdf.save()
  pdf.rotate(-35, {origin: [w / 2, h / 2]})
  pdf.fillOpacity(0.13)
  pdf.font('bold').fontSize(size).fillColor(COLORS.warn).text(word, 0, h / 2 - size / 2, {width: w, align: 'center', lineBreak: false})
  pdf.restore()
}
