/**
 * What the form tests share. A `lead form` run costs 1.5–2 s of CPU (Node's start, fontkit's
 * first shaping of text, a whole-site validation), so each distinct command line runs once per
 * test file (`FormRuns.once`) and the tests that check what one output prints read the same
 * file; a PDF is parsed once (`pdfDoc`). The HTML twin of each form in the render matrix is made in
 * this process, through the same core calls the command makes (`renderInProcess`): after the
 * first form, rendering here takes ~0.1 s instead of a new process. Every form command still
 * has its own run of the built CLI, and HTML is written end to end by several of them.
 */
import fs from 'node:fs'
import path from 'node:path'
import {prepareForm} from '../../src/core/forms/make-form.js'
import {checkGlyphs, siteFonts} from '../../src/core/forms/form-glyphs.js'
import {documentDate, renderForm, type FormFormat, type RenderedForm} from '../../src/core/forms/form-output.js'
import type {FormName} from '../../src/core/forms/form-catalog.js'
import type {FontSet} from '../../src/core/forms/fonts.js'
import {loadRecords, type SiteRecords} from '../../src/core/records/load.js'
import {readSite, type Site} from '../../src/core/site.js'
import {runLead, type RunResult} from './cli.js'
import {readPdf, type PdfDocument} from './pdf.js'

/** Every form, with an ID where it takes one, as the render matrix prints them. */
export const ALL_FORMS: Array<[string, string[]]> = [
  ['referral (blank)', ['referral']],
  ['referral (filled)', ['referral', 'r-2026-11-03-k3f9q2']],
  ['pocket-card', ['pocket-card']],
  ['handoff-slip', ['handoff-slip', 'r-2026-11-03-k3f9q2']],
  ['roi (blank)', ['roi']],
  ['roi (consent)', ['roi', 'c-2026-11-03-p8m2wd']],
  ['mou', ['mou', '2026-harbor-lead-mou']],
  ['sign-in', ['sign-in', '2026-06-17-pd-initial']],
  ['protocol', ['protocol']],
  ['coverage', ['coverage']],
  ['pcg-agenda', ['pcg-agenda']],
  ['minutes', ['minutes', 'pcg-2026-02-18']],
  ['case-conference (planned)', ['case-conference']],
  ['case-conference (held)', ['case-conference', 'owg-2026-11-17']],
]

/** The matrix's date: every matrix form is printed "as of" it. */
export const MATRIX_AS_OF = '2026-11-20'

const parsed = new Map<string, Promise<PdfDocument>>()

/** A PDF parsed once per content (pdfjs takes 0.1–0.5 s a file): keyed by path, size and mtime. */
export function pdfDoc(file: string): Promise<PdfDocument> {
  const st = fs.statSync(file)
  const key = `${file}\0${st.size}\0${st.mtimeMs}`
  let doc = parsed.get(key)
  if (!doc) parsed.set(key, (doc = readPdf(file)))
  return doc
}

export async function pdfText(file: string): Promise<string> {
  return (await pdfDoc(file)).text
}

/** Page count, the first page's size in points ("288 x 432") and the creation date (D:YYYYMMDDhhmmssZ). */
export async function pdfInfo(file: string): Promise<{pages: number; size: string; creation: string}> {
  const doc = await pdfDoc(file)
  const first = doc.pages[0]!
  return {pages: doc.pages.length, size: `${+first.width.toFixed(2)} x ${+first.height.toFixed(2)}`, creation: doc.info.CreationDate ?? ''}
}

/** `lead form …` against one site, writing into `out`; a command line given to `once` runs once per file. */
export class FormRuns {
  private readonly done = new Map<string, {run: RunResult; file: string}>()
  constructor(
    readonly site: () => string,
    readonly out: () => string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  run(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): RunResult {
    return runLead(['form', ...args, '-C', this.site()], {cwd: options.cwd ?? this.out(), env: options.env ?? this.env})
  }

  /** The matrix's PDF of a form (`--as-of` the matrix date), made once: the run and the file. */
  matrixPdf(args: string[]): {run: RunResult; file: string} {
    return this.once(args, `${args.join('-')}.pdf`)
  }

  /** `lead form ARGS --out NAME --as-of MATRIX_AS_OF`, run once per file whoever asks first. */
  once(args: string[], name: string): {run: RunResult; file: string} {
    const key = `${args.join('\0')}\0${name}`
    let hit = this.done.get(key)
    if (!hit) {
      hit = {run: this.run([...args, '--out', name, '--as-of', MATRIX_AS_OF]), file: path.join(this.out(), name)}
      this.done.set(key, hit)
    }
    return hit
  }
}

let loaded: {root: string; site: Site; records: SiteRecords; fonts: FontSet} | undefined

/**
 * A form rendered in this process the way `lead form` renders it (src/cli/form-command.ts:
 * load, prepare, glyph check, render), for checks that need no process boundary.
 */
export async function renderInProcess(root: string, args: string[], format: FormFormat, options: {asOf?: string; draft?: boolean} = {}): Promise<RenderedForm> {
  if (loaded?.root !== root) {
    const site = readSite(root)
    // No parse cache: the test process leaves the site's .git/lead/ to the CLI runs.
    loaded = {root, site, records: await loadRecords(site, {cache: false, parallelThreshold: Infinity}), fonts: await siteFonts(site)}
  }
  const {site, records, fonts} = loaded
  const [form, id] = args as [FormName, string | undefined]
  const prepared = prepareForm(site, records, {form, asOf: options.asOf ?? MATRIX_AS_OF, ...(id ? {id} : {}), ...(options.draft ? {draft: true} : {})})
  const {document} = checkGlyphs(site, records, prepared.document, fonts, false)
  return renderForm(document, {format, paper: 'letter', fonts, date: documentDate(document)})
}
