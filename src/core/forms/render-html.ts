/**
 * One standalone HTML file per form: inline print CSS, no scripts, and a Content-Security-Policy
 * that forbids loading or running anything, so record text can never become active content.
 * Every piece of record text passes through escapeHtml (in blocks, recordTextHtml). Pages follow the PDF's page plan: each
 * printed page is a section of the paper's size holding the same blocks, rows and lines as the
 * PDF page, with its own site header, footer and "Page i of n" (no CSS page-margin boxes needed),
 * so the HTML prints the same pages as the PDF from any browser.
 */
import type {Block, FormDocument} from './document.js'
import {LINE, type Fragment, type PagePlan} from './page-layout.js'

export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[ch]!)
}

/** A word of letters and digits joined by hyphens (r-2025-08-06-nlifv9, 2026-12-06, 360-555-0199, case-management), or a meeting's decision (pcg-2026-02-11#1). */
const HYPHENATED = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+(?:#\p{N}+)?/gu
/** A hyphen with a digit beside it: the word is an ID, a date or a phone number. */
const BESIDE_DIGIT = /\p{N}-|-\p{N}/u
/** Longer codes are left to the browser, which breaks them rather than overflow their box. */
const KEPT_WHOLE_MAX = 24

/**
 * Escaped record text, with each ID, date and phone number kept on one line (`.whole`): a browser
 * breaks after any hyphen followed by a letter (UAX #14), so `c-2025-08-06-nlifv9` could print as
 * `c-2025-08-06-` / `nlifv9`, read on paper as two. The PDF breaks only between letters (text-lines.ts).
 */
export function recordTextHtml(text: string): string {
  return escapeHtml(text).replace(HYPHENATED, (word) => (word.length <= KEPT_WHOLE_MAX && BESIDE_DIGIT.test(word) ? `<span class="whole">${word}</span>` : word))
}

const pt = (n: number) => `${+n.toFixed(2)}pt`

export function renderHtml(doc: FormDocument, plan: PagePlan): string {
  const e = escapeHtml
  const g = plan.geometry
  const s = g.scale
  const [w, h] = g.size
  const css = `
@page { size: ${pt(w)} ${pt(h)}; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "DejaVu Sans", Verdana, "Segoe UI", Arial, sans-serif; font-size: ${pt(s.base)}; line-height: ${LINE}; color: #111; background: #fff; }
.page { position: relative; width: ${pt(w)}; height: ${pt(h)}; overflow: hidden; break-after: page; background: #fff; }
.page:last-child { break-after: auto; }
.site { position: absolute; left: ${pt(g.left)}; width: ${pt(g.width)}; top: ${pt(g.header.y)}; height: ${pt(g.header.ruleY - g.header.y)}; border-bottom: 0.5pt solid #999; font-size: ${pt(s.margin)}; color: #555; display: flex; justify-content: space-between; gap: 12pt; }
.site b, .site span { white-space: nowrap; } .site span { text-align: right; }
.marking { position: absolute; left: ${pt(g.left)}; width: ${pt(g.width)}; top: ${pt((g.header.marking?.y ?? 0))}; margin: 0; color: #b00020; font-weight: bold; font-size: ${pt(s.margin)}; text-align: center; white-space: nowrap; line-height: ${LINE}; }
.marking-word { position: absolute; top: 45%; left: 0; right: 0; text-align: center; transform: rotate(-35deg); font: bold ${doc.page === 'card' ? '48pt' : '110pt'} "DejaVu Sans", Verdana, sans-serif; color: #b00020; opacity: 0.13; pointer-events: none; }
.content { position: absolute; left: ${pt(g.left)}; width: ${pt(g.width)}; top: ${pt(g.top)}; height: ${pt(g.limit - g.top)}; }
.foot { position: absolute; left: ${pt(g.left)}; width: ${pt(g.width)}; top: ${pt(g.footerY)}; font-size: ${pt(s.margin)}; color: #555; display: flex; justify-content: space-between; align-items: flex-end; gap: 12pt; }
.foot span:first-child { white-space: nowrap; } .foot span:last-child { white-space: nowrap; }
.cut { position: absolute; left: ${pt(g.left)}; width: ${pt(g.width)}; top: ${pt(h / 2)}; border-top: 0.6pt dashed #555; font-size: ${pt(s.margin)}; color: #555; text-align: center; }
h1 { font-size: ${pt(s.title)}; margin: 0 0 2pt; line-height: ${LINE}; }
.subtitle { color: #555; margin: 0; }
.title { margin-bottom: ${pt(s.base * 0.75)}; }
h2 { font-size: ${pt(s.h1)}; margin: ${pt(s.base * 0.9)} 0 ${pt(s.base * 0.3)}; border-bottom: 0.5pt solid #999; line-height: ${LINE}; }
h3 { font-size: ${pt(s.h2)}; margin: ${pt(s.base * 0.6)} 0 2pt; line-height: ${LINE}; }
.content > :first-child, .keep > :first-child { margin-top: 0; }
p { margin: 0 0 ${pt(s.base * 0.5)}; }
.whole { white-space: nowrap; }
p.small { font-size: ${pt(s.small)}; color: #333; }
p.strong { font-weight: bold; }
p.notice { font-weight: bold; border: 1pt solid #111; padding: 4pt; }
.fields { display: grid; column-gap: 14pt; margin: 0 0 ${pt(s.base * 0.5)}; }
.fields.two { grid-template-columns: 1fr 1fr; }
.field { display: grid; grid-template-columns: var(--label) 1fr; column-gap: 6pt; padding-top: 2pt; min-height: ${pt(s.base * 1.2 + 6)}; }
.field dt { font-weight: bold; margin: 0; } .field dd { margin: 0; border-bottom: 0.5pt solid #999; }
.field.nolabel { grid-template-columns: 1fr; }
ul.check { list-style: none; padding: 0; margin: 0 0 ${pt(s.base * 0.5)}; display: grid; column-gap: 14pt; }
ul.check.two { grid-template-columns: 1fr 1fr; }
ul.check li { padding-left: ${pt(s.base * 1.45)}; text-indent: ${pt(-s.base * 1.45)}; }
ul.check li.on { font-weight: bold; }
.box { display: inline-block; width: ${pt(s.base * 1.45)}; text-indent: 0; }
ol.plain, ul.plain { margin: 0 0 ${pt(s.base * 0.5)}; padding-left: ${pt(s.base * 1.5)}; }
ol.plain li, ul.plain li { margin-bottom: ${pt(s.base * 0.2)}; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0 0 ${pt(s.base * 0.75)}; font-size: ${pt(s.table)}; }
th { background: #e6e6e6; text-align: left; }
th, td { border: 0.5pt solid #999; padding: 2.75pt 3pt; vertical-align: top; overflow-wrap: anywhere; }
td.right, th.right { text-align: right; } td.center, th.center { text-align: center; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; column-gap: 24pt; margin: ${pt(s.base * 0.5)} 0 ${pt(s.base * 0.5)}; }
.signature { padding-bottom: ${pt(s.base)}; }
.signature .line { border-bottom: 0.8pt solid #111; height: ${pt(s.base * 2.8)}; margin-bottom: 2pt; }
.signature .who { font-size: ${pt(s.small)}; color: #555; }
.bar-row { display: grid; grid-template-columns: 32% 1fr 20%; column-gap: 6pt; align-items: start; margin-bottom: ${pt(s.base * 0.45)}; }
.bar-row .hi { font-weight: bold; }
.bar-track { background: #e6e6e6; height: ${pt(s.base * 0.95)}; margin-top: ${pt((s.base * LINE - s.base * 0.95) / 2)}; }
.bar-fill { background: #8c8c8c; height: 100%; } .bar-fill.hi { background: #1f3d7a; }
@media screen { body { background: #ddd; padding: 12pt 0; } .page { margin: 0 auto 12pt; box-shadow: 0 1px 4px rgba(0,0,0,0.3); } }
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
  ]
  const n = plan.pages.length
  plan.pages.forEach((fragments, i) => {
    out.push(`<section class="page" data-page="${i + 1}">`)
    // The header wraps where the PDF's does (same font, same width), so it ends where the PDF's does.
    const lines = (ls: ReadonlyArray<{text: string}>) => ls.map((l) => e(l.text)).join('<br>')
    out.push(`<div class="site"><b>${lines(g.header.site)}</b><span>${lines(g.header.jurisdiction)}</span></div>`)
    if (doc.watermark) out.push(`<div class="marking-word" aria-hidden="true">${e(doc.watermark.split(':')[0]!)}</div>`, `<p class="marking" role="note">${lines(g.header.marking?.lines ?? [{text: doc.watermark}])}</p>`)
    out.push('<div class="content">')
    for (const f of fragments) out.push(renderFragment(doc, f))
    out.push('</div>')
    out.push(`<div class="foot"><span>${lines(g.footer)}</span><span>Page ${i + 1} of ${n}</span></div>`)
    if (doc.half) out.push('<div class="cut">cut here</div>')
    out.push('</section>')
  })
  out.push('</body>', '</html>', '')
  return out.join('\n')
}

function renderFragment(doc: FormDocument, f: Fragment): string {
  if (f.path[0] === -1) {
    const parts = [f.from === 0 ? `<h1>${escapeHtml(doc.title)}</h1>` : '', doc.subtitle && f.to > 1 ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>` : '']
    return `<div class="title">${parts.join('')}</div>`
  }
  let block = doc.blocks[f.path[0]!]!
  if (f.path.length > 1 && block.type === 'keep-together') block = block.blocks[f.path[1]!]!
  return renderBlock(block, f.from, f.to, f.text, f.widths)
}

/** One block, or the units [from, to) of it that a page holds. */
export function renderBlock(b: Block, from = 0, to = Number.MAX_SAFE_INTEGER, text?: string, widths?: number[]): string {
  const e = recordTextHtml
  switch (b.type) {
    case 'heading':
      return b.level === 1 ? `<h2>${e(b.text)}</h2>` : `<h3>${e(b.text)}</h3>`
    case 'paragraph':
      return `<p class="${b.style ?? 'normal'}">${e(text ?? b.text)}</p>`
    case 'fields': {
      const cols = b.columns ?? 1
      const rows = b.rows.slice(from * cols, to * cols)
      return `<dl class="fields${cols === 2 ? ' two' : ''}" style="--label: fit-content(${cols === 2 ? 50 : 42}%)">${rows
        .map((r) => `<div class="field${r.label ? '' : ' nolabel'}">${r.label ? `<dt>${e(r.label)}</dt>` : ''}<dd>${e(r.value ?? '')}</dd></div>`)
        .join('')}</dl>`
    }
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul'
      return `<${tag} class="plain"${b.ordered && from ? ` start="${from + 1}"` : ''}>${b.items
        .slice(from, to)
        .map((i) => `<li>${e(i)}</li>`)
        .join('')}</${tag}>`
    }
    case 'checklist': {
      const cols = b.columns ?? 1
      return `<ul class="check${cols === 2 ? ' two' : ''}">${b.items
        .slice(from * cols, to * cols)
        .map((i) => `<li${i.checked ? ' class="on"' : ''}><span class="box">${i.checked ? '☒' : '☐'}</span>${e(i.text)}${i.note ? ` (${e(i.note)})` : ''}</li>`)
        .join('')}</ul>`
    }
    case 'table': {
      const total = b.columns.reduce((s, c) => s + c.width, 0)
      const cls = (a: string | undefined) => (a && a !== 'left' ? ` class="${a}"` : '')
      const width = (i: number) => (widths?.[i] !== undefined ? pt(widths[i]!) : `${((100 * b.columns[i]!.width) / total).toFixed(1)}%`)
      // The last column takes what is left (the collapsed outer border included), so the table fits.
      const head = `<thead><tr>${b.columns.map((c, i) => `<th${cls(c.align)}${i < b.columns.length - 1 ? ` style="width:${width(i)}"` : ''}>${e(c.header)}</th>`).join('')}</tr></thead>`
      const style = b.rowHeight ? ` style="height:${b.rowHeight}pt"` : ''
      const all = b.rows.length ? b.rows : [[b.empty ?? '']]
      // Unit 0 is the header row; unit k is row k - 1.
      const rows = all.slice(Math.max(0, from - 1), Math.max(0, to - 1))
      const body = rows.map((r) => `<tr${style}>${b.columns.map((c, i) => `<td${cls(c.align)}>${e(r[i] ?? '')}</td>`).join('')}</tr>`).join('\n')
      return `<table>${head}<tbody>\n${body}\n</tbody></table>`
    }
    case 'signatures':
      return `<div class="signatures">${b.lines
        .slice(from * 2, to * 2)
        .map((l) => {
          const who = [l.name, l.title].filter(Boolean).join(', ')
          return `<div class="signature"><div class="line"></div><div><strong>${e(l.label)}</strong></div>${who ? `<div class="who">${e(who)}</div>` : ''}<div class="who">${l.date ? `Signed ${e(l.date)}` : 'Date: ______________'}</div></div>`
        })
        .join('')}</div>`
    case 'bar-chart': {
      const bars = b.bars.slice(from, to).map((bar) => {
        const w = (100 * Math.max(0, Math.min(1, Number.isFinite(bar.fraction) ? bar.fraction : 0))).toFixed(1)
        return `<div class="bar-row"><span${bar.highlight ? ' class="hi"' : ''}>${e(bar.label)}</span><div class="bar-track"><div class="bar-fill${bar.highlight ? ' hi' : ''}" style="width:${w}%"></div></div><span>${e(bar.text)}</span></div>`
      })
      const legend = b.legend && to > b.bars.length ? `<p class="small">${e(b.legend)}</p>` : ''
      return `<div class="chart">${bars.join('')}${legend}</div>`
    }
    case 'keep-together':
      return `<div class="keep">${b.blocks.map((c) => renderBlock(c)).join('')}</div>`
    case 'page-break':
      return ''
  }
}
