/**
 * Reading the PDFs lead writes, in JavaScript (pdfjs-dist), so the form tests need no system
 * program: the text of each page as lines, every text run with its position and size (for
 * overlap, overflow and minimum-size checks), the document info and the embedded fonts, and
 * what each page paints in which colour.
 */
import fs from 'node:fs'
import {getDocument, OPS} from 'pdfjs-dist/legacy/build/pdf.mjs'

/** One run of text as drawn: position in points from the page's top-left corner. */
export interface PdfText {
  text: string
  /** Left edge and baseline. */
  x: number
  baseline: number
  width: number
  /** Font size in points. */
  size: number
  font: string
}

export interface PdfPage {
  number: number
  width: number
  height: number
  items: PdfText[]
  /** The page's text as lines (top to bottom), runs on a line joined by spaces. */
  lines: string[]
  text: string
}

export interface PdfDocument {
  pages: PdfPage[]
  info: Record<string, string>
  /** Base names of the embedded fonts (`DejaVuSans`, `NotoSansHebrew`…), subset tags removed. */
  fonts: string[]
  /** Every page's text, pages separated by form feeds (like pdftotext). */
  text: string
}

export async function readPdf(source: string | Uint8Array): Promise<PdfDocument> {
  const bytes = typeof source === 'string' ? fs.readFileSync(source) : Buffer.from(source)
  const doc = await getDocument({data: new Uint8Array(bytes), verbosity: 0, useSystemFonts: false, disableFontFace: true, isEvalSupported: false}).promise
  try {
    const pages: PdfPage[] = []
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n)
      const [x0, y0, x1, y1] = page.view as [number, number, number, number]
      const height = y1 - y0
      const content = await page.getTextContent()
      const items: PdfText[] = []
      for (const raw of content.items) {
        if (!('str' in raw) || raw.str.trim() === '') continue
        const [a, b, , , e, f] = raw.transform as number[]
        items.push({text: raw.str, x: e! - x0, baseline: height - (f! - y0), width: raw.width, size: Math.hypot(a!, b!), font: raw.fontName})
      }
      const lines = textLines(items)
      pages.push({number: n, width: x1 - x0, height, items, lines, text: lines.join('\n')})
    }
    const meta = await doc.getMetadata()
    const info: Record<string, string> = {}
    for (const [k, v] of Object.entries(meta.info as Record<string, unknown>)) if (typeof v === 'string') info[k] = v
    return {pages, info, fonts: embeddedFonts(bytes), text: pages.map((p) => p.text).join('\n\f')}
  } finally {
    await doc.destroy()
  }
}

/** Runs whose baselines are within a third of their size form one line, read left to right. */
function textLines(items: PdfText[]): string[] {
  const sorted = [...items].sort((a, b) => a.baseline - b.baseline || a.x - b.x)
  const lines: PdfText[][] = []
  for (const item of sorted) {
    const line = lines.at(-1)
    if (line && Math.abs(line[0]!.baseline - item.baseline) < Math.max(1.5, item.size / 3)) line.push(item)
    else lines.push([item])
  }
  return lines.map((line) => {
    line.sort((a, b) => a.x - b.x)
    let out = ''
    let end = -Infinity
    for (const item of line) {
      // A gap wider than a space is a column break: two spaces, like pdftotext -layout.
      const gap = item.x - end
      if (out) out += gap > item.size * 0.9 ? '  ' : gap > item.size * 0.1 ? ' ' : ''
      out += item.text
      end = item.x + item.width
    }
    return out
  })
}

function embeddedFonts(bytes: Buffer): string[] {
  const names = new Set<string>()
  for (const m of bytes.toString('latin1').matchAll(/\/FontName\s*\/(?:[A-Z]{6}\+)?([A-Za-z0-9-]+)/g)) names.add(m[1]!)
  return [...names].sort()
}

/** The box a run's glyphs occupy (cap height above the baseline, descenders below). */
export function box(t: PdfText): {left: number; right: number; top: number; bottom: number} {
  return {left: t.x, right: t.x + t.width, top: t.baseline - t.size * 0.74, bottom: t.baseline + t.size * 0.22}
}

/** Pairs of runs on a page whose boxes overlap by more than `tolerance` points both ways. */
export function overlappingText(page: PdfPage, tolerance = 0.5): Array<[PdfText, PdfText]> {
  const out: Array<[PdfText, PdfText]> = []
  const boxes = page.items.map((item) => ({item, ...box(item)}))
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!
      const b = boxes[j]!
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left)
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
      if (w > tolerance && h > tolerance) out.push([a.item, b.item])
    }
  }
  return out
}

/** Runs that reach outside the page (with `inset` points kept free on each side). */
export function textOffPage(page: PdfPage, inset = 0): PdfText[] {
  return page.items.filter((t) => {
    const b = box(t)
    return b.left < inset - 0.5 || b.right > page.width - inset + 0.5 || b.top < inset - 0.5 || b.bottom > page.height - inset + 0.5
  })
}

/** One thing a page paints, with the graphics state in effect when it is painted. */
export interface Painted {
  kind: 'text' | 'fill' | 'stroke'
  /** The text shown (for `text`). */
  text?: string
  /** Fill colour for text and fills, stroke colour for strokes (`#rrggbb`; PDF's default is black). */
  color: string
  /** Line width of a stroke (PDF's default is 1). */
  lineWidth?: number
}

/**
 * Every text, fill and stroke of each page with the colour (and line width) the PDF's graphics
 * state gives it, following save/restore: what a viewer paints, whatever operators set it.
 */
export async function paintedColors(source: string | Uint8Array): Promise<Painted[][]> {
  const bytes = typeof source === 'string' ? fs.readFileSync(source) : Buffer.from(source)
  const doc = await getDocument({data: new Uint8Array(bytes), verbosity: 0, useSystemFonts: false, disableFontFace: true, isEvalSupported: false}).promise
  try {
    const pages: Painted[][] = []
    for (let n = 1; n <= doc.numPages; n++) {
      const {fnArray, argsArray} = await (await doc.getPage(n)).getOperatorList()
      type State = {fill: string; stroke: string; lineWidth: number}
      let state: State = {fill: '#000000', stroke: '#000000', lineWidth: 1}
      const stack: State[] = []
      const out: Painted[] = []
      fnArray.forEach((fn, i) => {
        const args = argsArray[i] as unknown[]
        if (fn === OPS.save) stack.push({...state})
        else if (fn === OPS.restore) state = stack.pop() ?? state
        else if (fn === OPS.setFillRGBColor) state.fill = String(args[0])
        else if (fn === OPS.setStrokeRGBColor) state.stroke = String(args[0])
        else if (fn === OPS.setLineWidth) state.lineWidth = Number(args[0])
        else if (fn === OPS.showText) out.push({kind: 'text', text: (args[0] as Array<{unicode?: string} | number>).map((g) => (typeof g === 'number' ? '' : (g.unicode ?? ''))).join(''), color: state.fill})
        else if (fn === OPS.constructPath) {
          // pdfjs gathers a path and its painting operator into one constructPath.
          const paint = args[0] as number
          if (paint === OPS.stroke || paint === OPS.closeStroke) out.push({kind: 'stroke', color: state.stroke, lineWidth: state.lineWidth})
          else if (paint === OPS.fill || paint === OPS.eoFill) out.push({kind: 'fill', color: state.fill})
        }
      })
      pages.push(out)
    }
    return pages
  } finally {
    await doc.destroy()
  }
}
