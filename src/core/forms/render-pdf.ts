/**
 * The PDF renderer: draws a FormDocument with pdfkit (imported lazily: only form commands pay for
 * it). Output is reproducible: the creation date comes from the caller (a record's date or
 * SOURCE_DATE_EPOCH), pdfkit derives the file ID from the document info, and font subset tags
 * come from the font's index, so the same records give byte-identical files.
 */
import type {Bar, Block, ChecklistItem, FormDocument, Paper, SignatureLine, TableColumn} from './document.js'
import {fontPath} from './fonts.js'

export interface PdfOptions {
  paper: Paper
  /** The document's creation and modification date. */
  date: Date
}

export interface PdfResult {
  bytes: Buffer
  pages: number
}

/** Page sizes in points (1/72 in). */
export const PAGE_SIZES: Record<Paper | 'card', [number, number]> = {letter: [612, 792], a4: [595.28, 841.89], card: [288, 432]}

const INK = '#111111'
const MUTED = '#555555'
const RULE = '#999999'
const FILL = '#e6e6e6'
const ACCENT = '#1f3d7a'
const WARN = '#b00020'
const BAR = '#8c8c8c'

type Pdf = PDFKit.PDFDocument

export async function renderPdf(doc: FormDocument, options: PdfOptions): Promise<PdfResult> {
  const {default: PDFDocument} = await import('pdfkit')
  const card = doc.page === 'card'
  const size = PAGE_SIZES[card ? 'card' : options.paper]
  const margins = card ? {top: 34, bottom: 30, left: 16, right: 16} : {top: 62, bottom: 58, left: 54, right: 54}
  const pdf = new PDFDocument({
    size,
    margins,
    bufferPages: true,
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
  pdf.registerFont('regular', fontPath('regular'))
  pdf.registerFont('bold', fontPath('bold'))
  pdf.registerFont('oblique', fontPath('oblique'))
  const chunks: Buffer[] = []
  pdf.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve())
    pdf.on('error', reject)
  })

  const layout = new Layout(pdf, card ? 7 : 10, margins, size)
  layout.title(doc.title, doc.subtitle)
  for (const block of doc.blocks) layout.block(block)
  layout.decoratePages(doc)
  const pages = pdf.bufferedPageRange().count
  pdf.end()
  await done
  return {bytes: Buffer.concat(chunks), pages}
}

class Layout {
  private readonly left: number
  private readonly width: number
  private readonly top: number
  private readonly bottom: number
  y: number

  constructor(
    private readonly pdf: Pdf,
    private readonly base: number,
    private readonly margins: {top: number; bottom: number; left: number; right: number},
    private readonly size: [number, number],
  ) {
    this.left = margins.left
    this.width = size[0] - margins.left - margins.right
    this.top = margins.top
    this.bottom = size[1] - margins.bottom
    this.y = this.top
  }

  private get gap(): number {
    return this.base * 0.5
  }

  private font(style: 'regular' | 'bold' | 'oblique', size: number, color = INK): Pdf {
    return this.pdf.font(style).fontSize(size).fillColor(color)
  }

  private measure(text: string, width: number, style: 'regular' | 'bold' | 'oblique', size: number): number {
    return this.pdf.font(style).fontSize(size).heightOfString(text === '' ? ' ' : text, {width, lineGap: size * 0.15})
  }

  private write(text: string, x: number, y: number, width: number, style: 'regular' | 'bold' | 'oblique', size: number, color = INK, align: 'left' | 'right' | 'center' = 'left'): void {
    if (text === '') return
    this.font(style, size, color).text(text, x, y, {width, lineGap: size * 0.15, align})
  }

  newPage(): void {
    this.pdf.addPage({size: this.size, margins: this.margins})
    this.y = this.top
  }

  /** Start a new page unless `height` fits below the cursor (a block taller than a page just starts at the top). */
  ensure(height: number): void {
    if (this.y + height > this.bottom && this.y > this.top) this.newPage()
  }

  title(title: string, subtitle?: string): void {
    const size = this.base * 1.6
    const h = this.measure(title, this.width, 'bold', size)
    this.write(title, this.left, this.y, this.width, 'bold', size)
    this.y += h + 2
    if (subtitle) {
      const sh = this.measure(subtitle, this.width, 'regular', this.base)
      this.write(subtitle, this.left, this.y, this.width, 'regular', this.base, MUTED)
      this.y += sh
    }
    this.y += this.gap * 1.5
  }

  block(b: Block): void {
    switch (b.type) {
      case 'heading':
        return this.heading(b.text, b.level)
      case 'paragraph':
        return this.paragraph(b.text, b.style ?? 'normal')
      case 'fields':
        return this.fields(b.rows, b.columns ?? 1)
      case 'list':
        return this.list(b.items, b.ordered ?? false)
      case 'checklist':
        return this.checklist(b.items, b.columns ?? 1)
      case 'table':
        return this.table(b.columns, b.rows.length ? b.rows : [[b.empty ?? '']], b.rowHeight)
      case 'signatures':
        return this.signatures(b.lines)
      case 'bar-chart':
        return this.barChart(b.bars, b.legend)
      case 'page-break':
        if (this.y > this.top) this.newPage()
    }
  }

  private heading(text: string, level: 1 | 2): void {
    const size = level === 1 ? this.base * 1.22 : this.base * 1.05
    const h = this.measure(text, this.width, 'bold', size)
    const before = level === 1 ? this.base * 0.9 : this.base * 0.6
    // Keep a heading with the first lines of what follows it.
    this.ensure(before + h + this.base * 4)
    if (this.y > this.top) this.y += before
    this.write(text, this.left, this.y, this.width, 'bold', size)
    this.y += h + 1
    if (level === 1) {
      this.pdf.moveTo(this.left, this.y).lineTo(this.left + this.width, this.y).lineWidth(0.5).strokeColor(RULE).stroke()
      this.y += 3
    } else {
      this.y += 1
    }
  }

  private paragraph(text: string, style: 'normal' | 'small' | 'strong' | 'notice'): void {
    const size = style === 'small' ? this.base * 0.82 : this.base
    const font = style === 'strong' || style === 'notice' ? 'bold' : 'regular'
    const pad = style === 'notice' ? 4 : 0
    const h = this.measure(text, this.width - 2 * pad, font, size) + 2 * pad
    this.ensure(h)
    // Only a paragraph taller than a page overflows; pdfkit then continues it on new pages itself.
    const overflow = this.y + h > this.bottom
    if (style === 'notice' && !overflow) this.pdf.rect(this.left, this.y, this.width, h).lineWidth(1).strokeColor(INK).stroke()
    this.write(text, this.left + pad, this.y + pad, this.width - 2 * pad, font, size, style === 'small' ? '#333333' : INK)
    this.y = (overflow ? this.pdf.y : this.y + h) + this.gap
  }

  private fields(rows: Array<{label: string; value?: string}>, columns: 1 | 2): void {
    const colGap = 14
    const cellWidth = columns === 2 ? (this.width - colGap) / 2 : this.width
    // As wide as the longest label (so labels rarely wrap), within a quarter to a half of the cell.
    const longest = Math.max(0, ...rows.map((r) => this.pdf.font('bold').fontSize(this.base).widthOfString(r.label)))
    const labelWidth = Math.min(cellWidth * (columns === 2 ? 0.5 : 0.4), Math.max(cellWidth * 0.25, longest + 4))
    const valueWidth = cellWidth - labelWidth - 6
    for (let i = 0; i < rows.length; i += columns) {
      const group = rows.slice(i, i + columns)
      const heights = group.map((r) => Math.max(r.label ? this.measure(r.label, labelWidth, 'bold', this.base) : 0, this.measure(r.value ?? '', valueWidth, 'regular', this.base)))
      const h = Math.max(...heights, this.base * 1.2) + 5
      this.ensure(h)
      group.forEach((r, j) => {
        const x = this.left + j * (cellWidth + colGap)
        const lineStart = r.label ? x + labelWidth + 6 : x
        if (r.label) this.write(r.label, x, this.y + 2, labelWidth, 'bold', this.base)
        this.write(r.value ?? '', lineStart, this.y + 2, r.label ? valueWidth : cellWidth, 'regular', this.base)
        this.pdf.moveTo(lineStart, this.y + h - 1).lineTo(x + cellWidth, this.y + h - 1).lineWidth(0.5).strokeColor(RULE).stroke()
      })
      this.y += h + 1
    }
    this.y += this.gap
  }

  private list(items: string[], ordered: boolean): void {
    const indent = this.base * 1.5
    items.forEach((item, i) => {
      const h = this.measure(item, this.width - indent, 'regular', this.base)
      this.ensure(h)
      this.write(ordered ? `${i + 1}.` : '•', this.left, this.y, indent - 3, 'regular', this.base, INK, ordered ? 'right' : 'left')
      this.write(item, this.left + indent, this.y, this.width - indent, 'regular', this.base)
      this.y += h + this.base * 0.2
    })
    this.y += this.gap
  }

  private checklist(items: ChecklistItem[], columns: 1 | 2): void {
    const colGap = 14
    const cellWidth = columns === 2 ? (this.width - colGap) / 2 : this.width
    const box = this.base * 0.85
    const indent = box + this.base * 0.6
    const text = (item: ChecklistItem) => (item.note ? `${item.text} (${item.note})` : item.text)
    for (let i = 0; i < items.length; i += columns) {
      const group = items.slice(i, i + columns)
      const h = Math.max(...group.map((item) => this.measure(text(item), cellWidth - indent, item.checked ? 'bold' : 'regular', this.base))) + this.base * 0.3
      this.ensure(h)
      group.forEach((item, j) => {
        const x = this.left + j * (cellWidth + colGap)
        const by = this.y + this.base * 0.12
        this.pdf.rect(x, by, box, box).lineWidth(0.7).strokeColor(INK).stroke()
        if (item.checked) {
          this.pdf.moveTo(x + 1.5, by + 1.5).lineTo(x + box - 1.5, by + box - 1.5).moveTo(x + box - 1.5, by + 1.5).lineTo(x + 1.5, by + box - 1.5).lineWidth(1.1).strokeColor(INK).stroke()
        }
        this.write(text(item), x + indent, this.y, cellWidth - indent, item.checked ? 'bold' : 'regular', this.base)
      })
      this.y += h
    }
    this.y += this.gap
  }

  private table(columns: TableColumn[], rows: string[][], rowHeight?: number): void {
    const pad = 3
    const size = this.base * 0.92
    const widths = this.columnWidths(columns, rows, pad, size)
    const rowH = (cells: string[], font: 'regular' | 'bold') => Math.max(rowHeight ?? 0, ...widths.map((w, i) => this.measure(cells[i] ?? '', w - 2 * pad, font, size) + 2 * pad))
    const headers = columns.map((c) => c.header)
    const headH = rowH(headers, 'bold')
    const drawRow = (cells: string[], h: number, header: boolean) => {
      let x = this.left
      columns.forEach((c, i) => {
        const w = widths[i]!
        if (header) this.pdf.rect(x, this.y, w, h).fillColor(FILL).fill()
        this.pdf.rect(x, this.y, w, h).lineWidth(0.5).strokeColor(RULE).stroke()
        this.write(cells[i] ?? '', x + pad, this.y + pad, w - 2 * pad, header ? 'bold' : 'regular', size, INK, c.align ?? 'left')
        x += w
      })
      this.y += h
    }
    // The header never sits alone at the bottom of a page.
    this.ensure(headH + rowH(rows[0] ?? [], 'regular'))
    drawRow(headers, headH, true)
    for (const row of rows) {
      const h = rowH(row, 'regular')
      if (this.y + h > this.bottom) {
        this.newPage()
        drawRow(headers, headH, true)
      }
      drawRow(row, h, false)
    }
    this.y += this.gap * 1.5
  }

  /** Shares of the width, widened where a column's longest word would otherwise break mid-word. */
  private columnWidths(columns: TableColumn[], rows: string[][], pad: number, size: number): number[] {
    const total = columns.reduce((sum, c) => sum + c.width, 0)
    const widths = columns.map((c) => (this.width * c.width) / total)
    const longestWord = (text: string, font: 'regular' | 'bold') =>
      Math.max(0, ...text.split(/\s+/).map((w) => this.pdf.font(font).fontSize(size).widthOfString(w)))
    const min = columns.map((c, i) => Math.max(longestWord(c.header, 'bold'), ...rows.map((r) => longestWord(r[i] ?? '', 'regular'))) + 2 * pad + 1)
    if (min.reduce((a, b) => a + b, 0) > this.width) return widths
    const deficit = widths.reduce((sum, w, i) => sum + Math.max(0, min[i]! - w), 0)
    const slack = widths.reduce((sum, w, i) => sum + Math.max(0, w - min[i]!), 0)
    if (deficit === 0 || slack === 0) return widths
    return widths.map((w, i) => (w < min[i]! ? min[i]! : w - ((w - min[i]!) / slack) * deficit))
  }

  private signatures(lines: SignatureLine[]): void {
    const colGap = 24
    const cellWidth = (this.width - colGap) / 2
    this.y += this.base * 0.5
    for (let i = 0; i < lines.length; i += 2) {
      const group = lines.slice(i, i + 2)
      const texts = group.map((l) => [l.label, [l.name, l.title].filter(Boolean).join(', '), l.date ? `Signed ${l.date}` : 'Date: ______________'].filter(Boolean))
      const textH = Math.max(...texts.map((t) => t.reduce((s, line, k) => s + this.measure(line, cellWidth, k === 0 ? 'bold' : 'regular', k === 0 ? this.base : this.base * 0.9), 0)))
      const room = this.base * 2.8
      const h = room + textH + this.base
      this.ensure(h)
      group.forEach((_, j) => {
        const x = this.left + j * (cellWidth + colGap)
        const lineY = this.y + room
        this.pdf.moveTo(x, lineY).lineTo(x + cellWidth, lineY).lineWidth(0.8).strokeColor(INK).stroke()
        let ty = lineY + 2
        texts[j]!.forEach((line, k) => {
          const bold = k === 0
          const size = bold ? this.base : this.base * 0.9
          this.write(line, x, ty, cellWidth, bold ? 'bold' : 'regular', size, bold ? INK : MUTED)
          ty += this.measure(line, cellWidth, bold ? 'bold' : 'regular', size)
        })
      })
      this.y += h
    }
    this.y += this.gap
  }

  private barChart(bars: Bar[], legend?: string): void {
    const labelW = this.width * 0.3
    const trackX = this.left + labelW + 6
    const textW = this.width * 0.2
    const trackW = this.width - labelW - textW - 12
    const barH = this.base * 0.95
    for (const bar of bars) {
      const h = Math.max(this.measure(bar.label, labelW, 'regular', this.base), barH) + this.base * 0.45
      this.ensure(h)
      this.write(bar.label, this.left, this.y, labelW, bar.highlight ? 'bold' : 'regular', this.base)
      const by = this.y + (this.base * 1.15 - barH) / 2
      this.pdf.rect(trackX, by, trackW, barH).fillColor(FILL).fill()
      const f = Math.max(0, Math.min(1, Number.isFinite(bar.fraction) ? bar.fraction : 0))
      if (f > 0) this.pdf.rect(trackX, by, trackW * f, barH).fillColor(bar.highlight ? ACCENT : BAR).fill()
      this.write(bar.text, trackX + trackW + 6, this.y, textW, 'regular', this.base)
      this.y += h
    }
    if (legend) {
      this.y += 2
      this.paragraph(legend, 'small')
    } else {
      this.y += this.gap
    }
  }

  /** A review copy's marking: a red line under the header and the word across the page, on every page. */
  private markPage(text: string, y: number, small: number): void {
    this.write(text, this.left, y + 2, this.width, 'bold', small * 1.05, WARN, 'center')
    const word = text.split(':')[0]!
    const [w, h] = this.size
    const size = Math.min(w, h) / Math.max(4, word.length * 0.62)
    this.pdf.save()
    this.pdf.rotate(-35, {origin: [w / 2, h / 2]})
    this.pdf.fillOpacity(0.13)
    this.font('bold', size, WARN).text(word, 0, h / 2 - size / 2, {width: w, align: 'center', lineBreak: false})
    this.pdf.restore()
  }

  /** Site header, footer and "Page i of n" on every page, drawn once the page count is known. */
  decoratePages(doc: FormDocument): void {
    const range = this.pdf.bufferedPageRange()
    const small = this.base * 0.78
    const header = doc.header.site
    for (let i = range.start; i < range.start + range.count; i++) {
      this.pdf.switchToPage(i)
      // Text in the margins must not trigger pdfkit's automatic page breaks.
      const saved = this.pdf.page.margins
      this.pdf.page.margins = {top: 0, bottom: 0, left: 0, right: 0}
      const hy = this.margins.top * 0.45
      this.write(header, this.left, hy, this.width * 0.6, 'bold', small, MUTED)
      if (doc.header.jurisdiction) this.write(doc.header.jurisdiction, this.left + this.width * 0.4, hy, this.width * 0.6, 'regular', small, MUTED, 'right')
      const ly = hy + small * 1.5
      this.pdf.moveTo(this.left, ly).lineTo(this.left + this.width, ly).lineWidth(0.5).strokeColor(RULE).stroke()
      const fy = this.size[1] - this.margins.bottom * 0.6
      if (doc.footer) this.write(doc.footer, this.left, fy, this.width * 0.7, 'regular', small, MUTED)
      if (doc.watermark) this.markPage(doc.watermark, ly, small)
      this.write(`Page ${i - range.start + 1} of ${range.count}`, this.left + this.width * 0.6, fy, this.width * 0.4, 'regular', small, MUTED, 'right')
      this.pdf.page.margins = saved
    }
  }
}
