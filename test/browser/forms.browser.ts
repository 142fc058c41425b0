/**
 * `npm run test:browser`: every HTML form, printed by headless Chromium. Each must print the same
 * number of pages as lead's PDF, log no console or Content-Security-Policy error, keep every
 * element inside its page and its content area (measured from the browser's layout), and use no
 * text smaller than 8 pt. Without a browser it fails in CI and says why elsewhere.
 */
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Browser} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, runLead, tempDir, testEnv} from '../support/cli.js'
import {readPdf} from '../support/pdf.js'
import {findChromium, launch, NO_BROWSER} from './chromium.js'
import type {FormDocument} from '../../src/core/forms/document.js'
import {FontSet} from '../../src/core/forms/fonts.js'
import {renderHtml} from '../../src/core/forms/render-html.js'
import {layoutForm} from '../../src/core/forms/render-pdf.js'
import {FORMS_TO_CHECK, layoutProblems, withLongSiteName} from './form-cases.js'

const chromium = findChromium()
const env = testEnv()
let site: string
let out: string
let browser: Browser | undefined
let close: (() => Promise<void>) | undefined

if (!chromium) {
  if (process.env.CI) {
    it('finds a browser', () => {
      throw new Error(`browser check: ${NO_BROWSER}`)
    })
  } else {
    console.warn(`browser check SKIPPED: ${NO_BROWSER}`)
    it.skip(`browser check skipped: ${NO_BROWSER}`, () => {})
  }
} else {
  beforeAll(async () => {
    site = exampleSite(env)
    withLongSiteName(site)
    out = tempDir('lead-browser-')
    ;({browser, close} = await launch(chromium))
  })
  afterAll(async () => {
    await close?.()
    cleanupTemp()
  })

  it('breaks no ID, date or phone number across lines, and still breaks words joined by a hyphen', async () => {
    // The ID at every place a line can end: somewhere the browser would break it after a hyphen.
    const text = (k: number) => `${'x'.repeat(k)} see c-2025-08-06-nlifv9, 2026-12-06 and 360-555-0199 about case-management`
    const doc: FormDocument = {form: 'test', title: 'Breaks', header: {site: 'Site', jurisdiction: 'J'}, date: '2026-01-01', page: 'document', sources: [], blocks: Array.from({length: 60}, (_, k) => ({type: 'paragraph' as const, text: text(k)}))}
    const {plan} = await layoutForm(doc, {paper: 'letter', date: new Date(0), fonts: await FontSet.load()})
    const page = await browser!.newPage()
    await page.setViewportSize({width: 400, height: 800})
    await page.setContent(renderHtml(doc, plan).replace(/width: 612pt/, 'width: 300pt'))
    const split = await page.evaluate(`(() => {
      const out = []
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (const m of n.textContent.matchAll(/c-2025-08-06-nlifv9|2026-12-06|360-555-0199|case-management/g)) {
          const r = document.createRange()
          r.setStart(n, m.index)
          r.setEnd(n, m.index + m[0].length)
          const lines = new Set([...r.getClientRects()].map((q) => Math.round(q.top)))
          if (lines.size > 1) out.push(m[0])
        }
      }
      return out
    })()`)
    await page.close()
    expect((split as string[]).filter((w) => w !== 'case-management'), 'codes split across lines').toEqual([])
    expect(split as string[], 'a word joined by a hyphen may break there').toContain('case-management')
  })

  describe(`every HTML form printed by ${chromium}`, () => {
    for (const [name, args] of FORMS_TO_CHECK) {
      it(name, async () => {
        const base = name.replace(/\W+/g, '-')
        const make = (ext: string) => {
          const r = runLead(['form', ...args, '--as-of', '2026-11-20', '--out', path.join(out, `${base}.${ext}`), '--json', '-C', site], {env})
          expect(r.code, r.stderr).toBe(0)
          return r.json() as {pages: number; file: string}
        }
        const pdf = make('pdf')
        const html = make('html')
        expect(html.pages, 'lead plans the HTML with the PDF’s pages').toBe(pdf.pages)

        const page = await browser!.newPage()
        const messages: string[] = []
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') messages.push(`${m.type()}: ${m.text()}`)
        })
        page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`))
        await page.goto(pathToFileURL(html.file).href, {waitUntil: 'load'})
        await page.emulateMedia({media: 'print'})
        const problems = await page.evaluate(layoutProblems)
        expect(problems, 'elements outside their page or content area, or text under 8 pt').toEqual([])
        const printed = await page.pdf({preferCSSPageSize: true, printBackground: true})
        await page.close()
        fs.writeFileSync(path.join(out, `${base}.chromium.pdf`), printed)
        const fromChrome = await readPdf(printed)
        expect(fromChrome.pages.length, 'pages printed from Chromium').toBe(pdf.pages)
        const size = fromChrome.pages[0]!
        const ours = (await readPdf(pdf.file)).pages[0]!
        expect(Math.abs(size.width - ours.width)).toBeLessThan(1)
        expect(Math.abs(size.height - ours.height)).toBeLessThan(1)
        expect(messages, 'console and CSP messages').toEqual([])
      })
    }
  })
}
