/**
 * One standalone HTML file per form: inline print CSS, no scripts, and a Content-Security-Policy
 * that forbids loading or running anything, so record text can never become active content.
 * Every piece of record text passes through escapeHtml (or cssString for the page-margin boxes).
 */
import type {Block, FormDocument, Paper} from './document.js'

export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[ch]!)
}

/** A CSS string literal: everything but plain letters, digits and spaces as a hex escape. */
export function cssString(text: string): string {
  return `"${[...text].map((ch) => (/[A-Za-z0-9 ,.]/.test(ch) ? ch : `\\${ch.codePointAt(0)!.toString(16)} `)).join('')}"`
}

const PAGE_SIZE: Record<Paper | 'card', string> = {letter: 'letter', a4: 'A4', card: '4in 6in'}

export function renderHtml(doc: FormDocument, paper: Paper): string {
  const e = escapeHtml
  const card = doc.page === 'card'
  const header = [doc.header.site, doc.header.jurisdiction].filter(Boolean).join(' · ')
  const footer = doc.footer ?? ''
  const css = `
@page { size: ${PAGE_SIZE[card ? 'card' : paper]}; margin: ${card ? '0.45in 0.25in 0.4in' : '0.8in 0.75in 0.7in'};
  @top-left { content: ${cssString(header)}; font: 8pt "DejaVu Sans", Arial, sans-serif; color: #555; }
  @bottom-left { content: ${cssString(footer)}; font: 7pt "DejaVu Sans", Arial, sans-serif; color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7pt "DejaVu Sans", Arial, sans-serif; color: #555; }${doc.watermark ? `
  @top-center { content: ${cssString(doc.watermark)}; font: bold 8pt "DejaVu Sans", Arial, sans-serif; color: #b00020; }` : ''} }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: ${card ? '7.5pt' : '10pt'}; line-height: 1.35; color: #111; margin: 0 auto; max-width: ${card ? '4in' : '7.5in'}; padding: 1em; }
.site { font-size: 8pt; color: #555; border-bottom: 0.5pt solid #999; padding-bottom: 2pt; display: flex; justify-content: space-between; }
h1 { font-size: ${card ? '11pt' : '16pt'}; margin: 8pt 0 2pt; }
.subtitle { color: #444; margin: 0 0 8pt; }
h2 { font-size: ${card ? '8.5pt' : '11.5pt'}; margin: ${card ? '6pt' : '12pt'} 0 3pt; border-bottom: 0.5pt solid #bbb; break-after: avoid; }
h3 { font-size: ${card ? '8pt' : '10.5pt'}; margin: 8pt 0 2pt; break-after: avoid; }
p { margin: 3pt 0 5pt; }
p.small { font-size: 0.82em; color: #333; }
p.strong { font-weight: bold; }
p.notice { font-weight: bold; border: 1pt solid #111; padding: 4pt 6pt; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 3pt 8pt; margin: 4pt 0 6pt; }
dl.fields.two { grid-template-columns: max-content 1fr max-content 1fr; }
dl.fields dt { font-weight: bold; }
dl.fields dd { margin: 0; border-bottom: 0.5pt solid #999; min-height: 1.3em; }
ul.check { list-style: none; padding: 0; margin: 3pt 0 6pt; }
ul.check.two { columns: 2; }
ul.check li { padding-left: 1.4em; text-indent: -1.4em; margin: 2pt 0; break-inside: avoid; }
ul.check .box { display: inline-block; width: 1em; text-indent: 0; font-family: "DejaVu Sans", sans-serif; }
.note { color: #444; font-size: 0.85em; }
ul.plain, ol.plain { margin: 3pt 0 6pt; padding-left: 1.3em; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
thead { display: table-header-group; }
th { background: #e6e6e6; text-align: left; font-weight: bold; }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; vertical-align: top; }
tr { break-inside: avoid; }
td.right, th.right { text-align: right; } td.center, th.center { text-align: center; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 18pt 24pt; margin: 14pt 0 8pt; }
.signature { break-inside: avoid; }
.signature .line { border-bottom: 0.8pt solid #111; height: 28pt; display: flex; justify-content: flex-end; align-items: flex-end; }
.signature .who { font-size: 0.85em; }
.chart { margin: 4pt 0 6pt; }
.bar-row { display: grid; grid-template-columns: 30% 1fr 22%; gap: 6pt; align-items: center; margin: 2pt 0; break-inside: avoid; }
.bar-track { background: #e6e6e6; height: 10pt; }
.bar-fill { background: #8c8c8c; height: 10pt; }
.bar-fill.hi { background: #1f3d7a; }
.page-break { break-before: page; }
.marking { color: #b00020; font-weight: bold; border: 1.5pt solid #b00020; padding: 3pt 6pt; margin: 4pt 0; text-align: center; }
.marking-word { position: fixed; top: 40%; left: 0; right: 0; text-align: center; transform: rotate(-35deg); font: bold ${card ? '48pt' : '110pt'} "DejaVu Sans", Arial, sans-serif; color: #b00020; opacity: 0.13; pointer-events: none; z-index: 10; }
@media print { body { max-width: none; padding: 0; } }
`
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="lead form ${e(doc.form)}">`,
    `<title>${e(doc.title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    `<div class="site"><span>${e(doc.header.site)}</span><span>${e(doc.header.jurisdiction ?? '')}</span></div>`,
    // position: fixed repeats on every printed page; the banner and the @page margin box say why.
    ...(doc.watermark ? [`<div class="marking-word" aria-hidden="true">${e(doc.watermark.split(':')[0]!)}</div>`, `<p class="marking" role="note">${e(doc.watermark)}</p>`] : []),
    `<h1>${e(doc.title)}</h1>`,
  ]
  if (doc.subtitle) out.push(`<p class="subtitle">${e(doc.subtitle)}</p>`)
  for (const block of doc.blocks) out.push(renderBlock(block))
  out.push('</body>', '</html>', '')
  return out.join('\n')
}

function renderBlock(b: Block): string {
  const e = escapeHtml
  switch (b.type) {
    case 'heading':
      return b.level === 1 ? `<h2>${e(b.text)}</h2>` : `<h3>${e(b.text)}</h3>`
    case 'paragraph':
      return `<p class="${b.style ?? 'normal'}">${e(b.text)}</p>`
    case 'fields':
      return `<dl class="fields${b.columns === 2 ? ' two' : ''}">${b.rows.map((r) => `<dt>${e(r.label)}</dt><dd>${e(r.value ?? '')}</dd>`).join('')}</dl>`
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul'
      return `<${tag} class="plain">${b.items.map((i) => `<li>${e(i)}</li>`).join('')}</${tag}>`
    }
    case 'checklist':
      return `<ul class="check${b.columns === 2 ? ' two' : ''}">${b.items
        .map((i) => `<li><span class="box">${i.checked ? '☒' : '☐'}</span>${e(i.text)}${i.note ? ` <span class="note">(${e(i.note)})</span>` : ''}</li>`)
        .join('')}</ul>`
    case 'table': {
      const total = b.columns.reduce((s, c) => s + c.width, 0)
      const cls = (a: string | undefined) => (a && a !== 'left' ? ` class="${a}"` : '')
      const head = `<thead><tr>${b.columns.map((c) => `<th${cls(c.align)} style="width:${((100 * c.width) / total).toFixed(1)}%">${e(c.header)}</th>`).join('')}</tr></thead>`
      const style = b.rowHeight ? ` style="height:${b.rowHeight}pt"` : ''
      const rows = b.rows.length ? b.rows : [[b.empty ?? '']]
      const body = rows.map((r) => `<tr${style}>${b.columns.map((c, i) => `<td${cls(c.align)}>${e(r[i] ?? '')}</td>`).join('')}</tr>`).join('\n')
      return `<table>${head}<tbody>\n${body}\n</tbody></table>`
    }
    case 'signatures':
      return `<div class="signatures">${b.lines
        .map((l) => {
          const who = [l.name, l.title].filter(Boolean).join(', ')
          return `<div class="signature"><div class="line">${l.date ? `<span class="note">Signed ${e(l.date)}</span>` : ''}</div><div class="who"><strong>${e(l.label)}</strong>${who ? `<br>${e(who)}` : ''}${l.date ? '' : '<br>Date: ____________'}</div></div>`
        })
        .join('')}</div>`
    case 'bar-chart':
      return `<div class="chart">${b.bars
        .map((bar) => {
          const w = (100 * Math.max(0, Math.min(1, bar.fraction))).toFixed(1)
          return `<div class="bar-row"><span>${e(bar.label)}</span><div class="bar-track"><div class="bar-fill${bar.highlight ? ' hi' : ''}" style="width:${w}%"></div></div><span>${e(bar.text)}</span></div>`
        })
        .join('')}${b.legend ? `<p class="small">${e(b.legend)}</p>` : ''}</div>`
    case 'page-break':
      return '<div class="page-break"></div>'
  }
}
