/** The forms the browser check prints, and the layout measurements it takes inside the page. */
import fs from 'node:fs'
import path from 'node:path'

export const FORMS_TO_CHECK: Array<[string, string[]]> = [
  ['referral (blank)', ['referral']],
  ['referral (filled)', ['referral', 'r-2026-11-03-k3f9q2']],
  ['referral (social contact)', ['referral', 'r-2025-06-21-htr2cu']],
  ['pocket-card', ['pocket-card']],
  ['pocket-card (superseded, marked)', ['pocket-card', '2025-v1', '--draft']],
  ['handoff-slip', ['handoff-slip', 'r-2026-11-03-k3f9q2']],
  ['roi (blank)', ['roi']],
  ['roi (consent)', ['roi', 'c-2026-11-03-p8m2wd']],
  ['mou', ['mou', '2026-harbor-lead-mou']],
  ['sign-in', ['sign-in', '2026-06-17-pd-initial']],
  ['protocol', ['protocol']],
  ['coverage', ['coverage']],
]

/** A site name as long as real ones get: it must wrap in the header, never run into the content. */
export function withLongSiteName(site: string): void {
  const file = path.join(site, 'lead.yaml')
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('name: Harbor County LEAD', 'name: Harbor County Law Enforcement Assisted Diversion and Let Everyone Advance with Dignity Program'))
}

/**
 * Run inside the printed page (a string, so no build helper leaks into it): every element inside
 * its page; everything in a page's content area inside that area; the header and footer clear of
 * the content; no element whose content overflows its box; no text under 8 pt.
 */
export const layoutProblems = `(() => {
  const problems = []
  const px = 96 / 72
  const out = (a, b) => a.left < b.left - 0.5 || a.right > b.right + 0.5 || a.top < b.top - 0.5 || a.bottom > b.bottom + 0.5
  const name = (el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' "' + (el.textContent || '').trim().slice(0, 40) + '"'
  document.querySelectorAll('.page').forEach((page, i) => {
    const p = page.getBoundingClientRect()
    const content = page.querySelector('.content').getBoundingClientRect()
    for (const part of page.querySelectorAll('.site, .foot, .marking')) {
      const r = part.getBoundingClientRect()
      if (r.bottom > content.top + 0.5 && r.top < content.bottom - 0.5) problems.push('page ' + (i + 1) + ': ' + name(part) + ' overlaps the content')
    }
    for (const el of page.querySelectorAll('*')) {
      if (el.classList.contains('marking-word')) continue
      const r = el.getBoundingClientRect()
      if (r.width === 0 && r.height === 0) continue
      if (out(r, p)) problems.push('page ' + (i + 1) + ': ' + name(el) + ' reaches outside the page')
      else if (el.closest('.content') && el !== page.querySelector('.content') && out(r, content)) problems.push('page ' + (i + 1) + ': ' + name(el) + ' reaches outside the content area')
      const style = getComputedStyle(el)
      if (style.display !== 'inline' && el.clientWidth > 0 && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) && style.overflow === 'visible' && el.classList.contains('page') === false) problems.push('page ' + (i + 1) + ': ' + name(el) + ' overflows its box')
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
      if (own && parseFloat(style.fontSize) < 8 * px - 0.01) problems.push('page ' + (i + 1) + ': ' + name(el) + ' is ' + (parseFloat(style.fontSize) / px).toFixed(1) + ' pt')
    }
  })
  return problems
})()`
