/**
 * Each block of a form as measured units for the page layout, drawn with pdfkit through a Pen.
 * Heights come from the same text lines that are drawn (TextSetter), so rows never overlap.
 */
import type {Bar, Block, ChecklistItem, SignatureLine, TableColumn} from './document.js'
import type {FaceName, FontSet, FontStyle} from './fonts.js'
import {ASCENT, COLORS, LINE, type BlockUnits, type Geometry, type Unit} from './page-layout.js'
import type {TextLine, TextSetter} from './text-lines.js'

type Pdf = PDFKit.PDFDocument
type Align = 'left' | 'right' | 'center'

/**
 * Draws measured text lines and rules into the PDF. The fill and stroke colours and the line width
 * in effect on the page are remembered, and set only when they change: a table row sets none of
 * them again (a sign-in sheet otherwise writes some 200,000 colour operators the page already has).
 */
export class Pen {
  private readonly registered = new Set<string>(['regular', 'bold', 'oblique'])
  private fill: string | undefined
  private stroke: string | undefined
  private strokeWidth: number | undefined
  constructor(
    readonly pdf: Pdf,
    readonly setter: TextSetter,
    private readonly fonts: FontSet,
  ) {}

  lines(text: string, style: FontStyle, size: number, width: number): readonly TextLine[] {
    return this.setter.lines(text, style, size, width)
  }

  height(lines: readonly TextLine[], size: number): number {
    return lines.length * size * LINE
  }

  /** A new page starts from the PDF's default graphics state: set everything afresh. */
  newPage(): void {
    this.fill = undefined
    this.stroke = undefined
    this.strokeWidth = undefined
  }

  private fillWith(color: string): void {
    if (this.fill === color) return
    this.pdf.fillColor(color)
    this.fill = color
  }

  private strokeWith(color: string, width: number): void {
    if (this.strokeWidth !== width) this.pdf.lineWidth(width)
    if (this.stroke !== color) this.pdf.strokeColor(color)
    this.stroke = color
    this.strokeWidth = width
  }

  face(face: FaceName): Pdf {
    if (!this.registered.has(face)) {
      // A fallback font is embedded only when a document uses it (and then subset, like all fonts).
      this.pdf.registerFont(face, this.fonts.file(face))
      this.registered.add(face)
    }
    return this.pdf.font(face)
  }

  draw(lines: readonly TextLine[], x: number, y: number, width: number, size: number, color: string = COLORS.ink, align: Align = 'left'): void {
    lines.forEach((line, i) => {
      let cx = align === 'right' ? x + width - line.width : align === 'center' ? x + (width - line.width) / 2 : x
      const baseline = y + i * size * LINE + size * ASCENT
      for (const run of line.runs) {
        this.fillWith(color)
        this.face(run.face).fontSize(size).text(run.text, cx, baseline, {lineBreak: false, baseline: 'alphabetic'})
        cx += run.width
      }
    })
  }

  rule(x1: number, y1: number, x2: number, y2: number, width = 0.5, color: string = COLORS.rule, dash?: number): void {
    // Inside save/restore: the colour and width in effect afterwards are the ones remembered.
    this.pdf.save()
    if (dash) this.pdf.dash(dash, {space: dash})
    this.pdf.moveTo(x1, y1).lineTo(x2, y2).lineWidth(width).strokeColor(color).stroke()
    this.pdf.restore()
  }

  box(x: number, y: number, w: number, h: number, stroke: string | undefined, fill?: string, lineWidth = 0.5): void {
    if (fill) {
      this.fillWith(fill)
      this.pdf.rect(x, y, w, h).fill()
    }
    if (stroke) {
      this.strokeWith(stroke, lineWidth)
      this.pdf.rect(x, y, w, h).stroke()
    }
  }
}

/** Turns blocks into units for one page geometry. */
export class BlockMeasurer {
  private readonly s: Geometry['scale']
  constructor(
    private readonly pen: Pen,
    private readonly g: Geometry,
  ) {
    this.s = g.scale
  }

  private get gap(): number {
    return this.s.base * 0.5
  }

  title(title: string, subtitle?: string): BlockUnits {
    const {left, width} = this.g
    const t = this.pen.lines(title, 'bold', this.s.title, width)
    const units: Unit[] = [{height: this.pen.height(t, this.s.title) + 2, draw: (y) => this.pen.draw(t, left, y, width, this.s.title)}]
    if (subtitle) {
      const st = this.pen.lines(subtitle, 'regular', this.s.base, width)
      units.push({height: this.pen.height(st, this.s.base), draw: (y) => this.pen.draw(st, left, y, width, this.s.base, COLORS.muted)})
    }
    return {units, keep: true, after: this.gap * 1.5}
  }

  block(b: Block): BlockUnits {
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
      case 'keep-together':
        return this.keepTogether(b.blocks)
      case 'page-break':
        return {units: [], pageBreak: true, after: 0}
    }
  }

  private keepTogether(blocks: Block[]): BlockUnits {
    const units: Unit[] = []
    const owners: Array<{path: number[]; unit: number}> = []
    const children: BlockUnits[] = []
    blocks.forEach((child, j) => {
      const b = this.block(child)
      children.push(b)
      b.units.forEach((u, k) => {
        units.push(k === b.units.length - 1 ? {...u, height: u.height + b.after} : u)
        owners.push({path: [j], unit: k})
      })
    })
    return {units, owners, children, keep: true, after: 0}
  }

  private heading(text: string, level: 1 | 2): BlockUnits {
    const {left, width} = this.g
    const size = level === 1 ? this.s.h1 : this.s.h2
    const lines = this.pen.lines(text, 'bold', size, width)
    const h = this.pen.height(lines, size)
    return {
      units: [
        {
          height: h + (level === 1 ? 4 : 2),
          before: level === 1 ? this.s.base * 0.9 : this.s.base * 0.6,
          draw: (y) => {
            this.pen.draw(lines, left, y, width, size)
            if (level === 1) this.pen.rule(left, y + h + 1, left + width, y + h + 1)
          },
        },
      ],
      keepWithNext: true,
      after: 0,
    }
  }

  private paragraph(text: string, style: 'normal' | 'small' | 'strong' | 'notice'): BlockUnits {
    const {left, width} = this.g
    const size = style === 'small' ? this.s.small : this.s.base
    const face: FontStyle = style === 'strong' || style === 'notice' ? 'bold' : 'regular'
    const color = style === 'small' ? '#333333' : COLORS.ink
    if (style === 'notice') {
      const pad = 4
      const lines = this.pen.lines(text, face, size, width - 2 * pad)
      const h = this.pen.height(lines, size) + 2 * pad
      return {units: [{height: h, draw: (y) => (this.pen.box(left, y, width, h, COLORS.ink, undefined, 1), this.pen.draw(lines, left + pad, y + pad, width - 2 * pad, size))}], after: this.gap}
    }
    const lines = this.pen.lines(text, face, size, width)
    const lh = size * LINE
    return {units: lines.map((line) => ({height: lh, draw: (y: number) => this.pen.draw([line], left, y, width, size, color)})), keep: true, after: this.gap, lines: lines.map((l) => l.text)}
  }

  private fields(rows: Array<{label: string; value?: string}>, columns: 1 | 2): BlockUnits {
    const {left} = this.g
    const size = this.s.base
    const colGap = 14
    const cellWidth = columns === 2 ? (this.g.width - colGap) / 2 : this.g.width
    // As wide as the longest label (so labels rarely wrap), within a quarter to a half of the cell.
    const longest = Math.max(0, ...rows.map((r) => this.pen.setter.width(r.label, 'bold', size)))
    const labelWidth = Math.min(cellWidth * (columns === 2 ? 0.5 : 0.42), Math.max(cellWidth * 0.25, longest + 4))
    const valueWidth = cellWidth - labelWidth - 6
    const units: Unit[] = []
    for (let i = 0; i < rows.length; i += columns) {
      const group = rows.slice(i, i + columns).map((r) => ({
        r,
        label: r.label ? this.pen.lines(r.label, 'bold', size, labelWidth) : [],
        value: this.pen.lines(r.value ?? '', 'regular', size, r.label ? valueWidth : cellWidth),
      }))
      const h = Math.max(...group.map((c) => Math.max(this.pen.height(c.label, size), this.pen.height(c.value, size))), size * 1.2) + 5
      units.push({
        height: h + 1,
        draw: (y) =>
          group.forEach((c, j) => {
            const x = left + j * (cellWidth + colGap)
            const start = c.r.label ? x + labelWidth + 6 : x
            this.pen.draw(c.label, x, y + 2, labelWidth, size)
            this.pen.draw(c.value, start, y + 2, c.r.label ? valueWidth : cellWidth, size)
            this.pen.rule(start, y + h - 1, x + cellWidth, y + h - 1)
          }),
      })
    }
    return {units, after: this.gap}
  }

  private list(items: string[], ordered: boolean): BlockUnits {
    const {left, width} = this.g
    const size = this.s.base
    const indent = size * 1.5
    const units = items.map((item, i) => {
      const lines = this.pen.lines(item, 'regular', size, width - indent)
      const bullet = this.pen.lines(ordered ? `${i + 1}.` : '•', 'regular', size, indent)
      return {
        height: this.pen.height(lines, size) + size * 0.2,
        draw: (y: number) => {
          this.pen.draw(bullet, left, y, indent - 3, size, COLORS.ink, ordered ? 'right' : 'left')
          this.pen.draw(lines, left + indent, y, width - indent, size)
        },
      }
    })
    return {units, after: this.gap}
  }

  private checklist(items: ChecklistItem[], columns: 1 | 2): BlockUnits {
    const {left} = this.g
    const size = this.s.base
    const colGap = 14
    const cellWidth = columns === 2 ? (this.g.width - colGap) / 2 : this.g.width
    const box = size * 0.85
    const indent = box + size * 0.6
    const units: Unit[] = []
    for (let i = 0; i < items.length; i += columns) {
      const group = items.slice(i, i + columns).map((item) => ({item, lines: this.pen.lines(item.note ? `${item.text} (${item.note})` : item.text, item.checked ? 'bold' : 'regular', size, cellWidth - indent)}))
      const h = Math.max(...group.map((c) => this.pen.height(c.lines, size))) + size * 0.3
      units.push({
        height: h,
        draw: (y) =>
          group.forEach((c, j) => {
            const x = left + j * (cellWidth + colGap)
            const by = y + size * (ASCENT - 0.8)
            this.pen.box(x, by, box, box, COLORS.ink, undefined, 0.7)
            if (c.item.checked) {
              this.pen.rule(x + 1.5, by + 1.5, x + box - 1.5, by + box - 1.5, 1.1, COLORS.ink)
              this.pen.rule(x + box - 1.5, by + 1.5, x + 1.5, by + box - 1.5, 1.1, COLORS.ink)
            }
            this.pen.draw(c.lines, x + indent, y, cellWidth - indent, size)
          }),
      })
    }
    return {units, after: this.gap}
  }

  private table(columns: TableColumn[], rows: string[][], rowHeight?: number): BlockUnits {
    const pad = 3
    const size = this.s.table
    const widths = this.columnWidths(columns, rows, pad, size)
    const row = (cells: string[], header: boolean): Unit => {
      const face: FontStyle = header ? 'bold' : 'regular'
      const set = widths.map((w, i) => this.pen.lines(cells[i] ?? '', face, size, w - 2 * pad))
      const h = Math.max(rowHeight ?? 0, ...set.map((l) => this.pen.height(l, size) + 2 * pad))
      return {
        height: h,
        draw: (y) => {
          let x = this.g.left
          columns.forEach((c, i) => {
            const w = widths[i]!
            this.pen.box(x, y, w, h, COLORS.rule, header ? COLORS.fill : undefined)
            this.pen.draw(set[i]!, x + pad, y + pad, w - 2 * pad, size, COLORS.ink, c.align ?? 'left')
            x += w
          })
        },
      }
    }
    const header = row(columns.map((c) => c.header), true)
    return {units: [header, ...rows.map((r) => row(r, false))], repeat: header, after: this.gap * 1.5, columnWidths: widths}
  }

  /** Shares of the width, widened where a column's longest word would otherwise break mid-word. */
  private columnWidths(columns: TableColumn[], rows: string[][], pad: number, size: number): number[] {
    const total = columns.reduce((sum, c) => sum + c.width, 0)
    const widths = columns.map((c) => (this.g.width * c.width) / total)
    const longestWord = (text: string, face: FontStyle) => Math.max(0, ...text.split(/\s+/).map((w) => this.pen.setter.width(w, face, size)))
    // Each distinct cell once: a roster's ranks, units and names repeat thousands of times.
    const longestCell = (i: number) => {
      let most = 0
      for (const text of new Set(rows.map((r) => r[i] ?? ''))) most = Math.max(most, longestWord(text, 'regular'))
      return most
    }
    const min = columns.map((c, i) => Math.max(longestWord(c.header, 'bold'), longestCell(i)) + 2 * pad + 1)
    if (min.reduce((a, b) => a + b, 0) > this.g.width) return widths
    const deficit = widths.reduce((sum, w, i) => sum + Math.max(0, min[i]! - w), 0)
    const slack = widths.reduce((sum, w, i) => sum + Math.max(0, w - min[i]!), 0)
    if (deficit === 0 || slack === 0) return widths
    return widths.map((w, i) => (w < min[i]! ? min[i]! : w - ((w - min[i]!) / slack) * deficit))
  }

  private signatures(lines: SignatureLine[]): BlockUnits {
    const {left} = this.g
    const colGap = 24
    const cellWidth = (this.g.width - colGap) / 2
    const room = this.s.base * 2.8
    const units: Unit[] = []
    for (let i = 0; i < lines.length; i += 2) {
      const group = lines.slice(i, i + 2).map((l) => {
        const who = [l.name, l.title].filter(Boolean).join(', ')
        const texts: Array<[readonly TextLine[], number, string]> = [[this.pen.lines(l.label, 'bold', this.s.base, cellWidth), this.s.base, COLORS.ink]]
        if (who) texts.push([this.pen.lines(who, 'regular', this.s.small, cellWidth), this.s.small, COLORS.muted])
        texts.push([this.pen.lines(l.date ? `Signed ${l.date}` : 'Date: ______________', 'regular', this.s.small, cellWidth), this.s.small, COLORS.muted])
        return texts
      })
      const textH = Math.max(...group.map((t) => t.reduce((s, [ls, size]) => s + this.pen.height(ls, size), 0)))
      const h = room + 2 + textH + this.s.base
      units.push({
        height: h,
        before: i === 0 ? this.s.base * 0.5 : 0,
        draw: (y) =>
          group.forEach((texts, j) => {
            const x = left + j * (cellWidth + colGap)
            this.pen.rule(x, y + room, x + cellWidth, y + room, 0.8, COLORS.ink)
            let ty = y + room + 2
            for (const [ls, size, color] of texts) {
              this.pen.draw(ls, x, ty, cellWidth, size, color)
              ty += this.pen.height(ls, size)
            }
          }),
      })
    }
    return {units, keep: true, after: this.gap}
  }

  private barChart(bars: Bar[], legend?: string): BlockUnits {
    const {left, width} = this.g
    const size = this.s.base
    const labelW = width * 0.32
    const textW = width * 0.2
    const trackX = left + labelW + 6
    const trackW = width - labelW - textW - 12
    const barH = size * 0.95
    const units: Unit[] = bars.map((bar) => {
      // Measured in the face it is drawn in (bold for catchment groups), so wrapped labels get their room.
      const label = this.pen.lines(bar.label, bar.highlight ? 'bold' : 'regular', size, labelW)
      const text = this.pen.lines(bar.text, 'regular', size, textW)
      const h = Math.max(this.pen.height(label, size), this.pen.height(text, size), barH) + size * 0.45
      return {
        height: h,
        draw: (y: number) => {
          this.pen.draw(label, left, y, labelW, size)
          const by = y + (size * LINE - barH) / 2
          this.pen.box(trackX, by, trackW, barH, undefined, COLORS.fill)
          const f = Math.max(0, Math.min(1, Number.isFinite(bar.fraction) ? bar.fraction : 0))
          if (f > 0) this.pen.box(trackX, by, trackW * f, barH, undefined, bar.highlight ? COLORS.accent : COLORS.bar)
          this.pen.draw(text, trackX + trackW + 6, y, textW, size)
        },
      }
    })
    if (legend) {
      const lines = this.pen.lines(legend, 'regular', this.s.small, width)
      units.push({height: this.pen.height(lines, this.s.small), before: 2, draw: (y) => this.pen.draw(lines, left, y, width, this.s.small, '#333333')})
    }
    return {units, after: this.gap}
  }
}
