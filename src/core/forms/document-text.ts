/** Every piece of text a form prints, to check it against the fonts or rewrite it. */
import type {Block, FormDocument} from './document.js'

/** Apply `fn` to every string the document prints (title, header, footer, every block's text). */
export function mapDocumentText(doc: FormDocument, fn: (text: string) => string): FormDocument {
  const block = (b: Block): Block => {
    switch (b.type) {
      case 'heading':
      case 'paragraph':
        return {...b, text: fn(b.text)}
      case 'fields':
        return {...b, rows: b.rows.map((r) => ({label: fn(r.label), ...(r.value !== undefined ? {value: fn(r.value)} : {})}))}
      case 'list':
        return {...b, items: b.items.map(fn)}
      case 'checklist':
        return {...b, items: b.items.map((i) => ({...i, text: fn(i.text), ...(i.note !== undefined ? {note: fn(i.note)} : {})}))}
      case 'table':
        return {...b, columns: b.columns.map((c) => ({...c, header: fn(c.header)})), rows: b.rows.map((r) => r.map(fn)), ...(b.empty !== undefined ? {empty: fn(b.empty)} : {})}
      case 'signatures':
        return {...b, lines: b.lines.map((l) => ({label: fn(l.label), ...(l.name !== undefined ? {name: fn(l.name)} : {}), ...(l.title !== undefined ? {title: fn(l.title)} : {}), ...(l.date !== undefined ? {date: fn(l.date)} : {})}))}
      case 'bar-chart':
        return {...b, bars: b.bars.map((bar) => ({...bar, label: fn(bar.label), text: fn(bar.text)})), ...(b.legend !== undefined ? {legend: fn(b.legend)} : {})}
      case 'keep-together':
        return {...b, blocks: b.blocks.map(block)}
      case 'page-break':
        return b
    }
  }
  return {
    ...doc,
    title: fn(doc.title),
    ...(doc.subtitle !== undefined ? {subtitle: fn(doc.subtitle)} : {}),
    header: {site: fn(doc.header.site), ...(doc.header.jurisdiction !== undefined ? {jurisdiction: fn(doc.header.jurisdiction)} : {})},
    ...(doc.footer !== undefined ? {footer: fn(doc.footer)} : {}),
    ...(doc.watermark !== undefined ? {watermark: fn(doc.watermark)} : {}),
    blocks: doc.blocks.map(block),
  }
}

/** Every string the document prints. */
export function documentTexts(doc: FormDocument): string[] {
  const out: string[] = []
  mapDocumentText(doc, (t) => (out.push(t), t))
  return out
}
