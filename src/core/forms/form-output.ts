/**
 * From a document to a file: pick the format, render, and write atomically with mode 0600
 * (forms can carry personal data: officers' names, a participant's code).
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {usageError} from '../errors.js'
import {createOutputFile, makeSiteDir, PRIVATE_DIR, writeOutputFile} from '../records/output-path.js'
import type {FormDocument, Paper} from './document.js'
import type {FontSet} from './fonts.js'
import {renderHtml} from './render-html.js'

export const FORMATS = ['pdf', 'html'] as const
export type FormFormat = (typeof FORMATS)[number]

/** The format a file name implies (`.pdf`, `.html`, `.htm`), if any. */
export function formatOfPath(file: string): FormFormat | undefined {
  const ext = path.extname(file).toLowerCase()
  if (ext === '.pdf') return 'pdf'
  if (ext === '.html' || ext === '.htm') return 'html'
  return undefined
}

/** --format wins when it agrees with --out's extension; a contradiction is a usage error. */
export function chooseFormat(flag: FormFormat | undefined, out: string | undefined): FormFormat {
  const implied = out && out !== '-' ? formatOfPath(out) : undefined
  if (flag && implied && flag !== implied) throw usageError('FORMAT_MISMATCH', `--format ${flag} contradicts --out ${out}`, `name the file .${flag}, or drop --format`)
  if (!flag && out && out !== '-' && !implied) throw usageError('UNKNOWN_FORMAT', `cannot tell the format from ${out}`, 'name the file .pdf or .html, or pass --format pdf|html')
  return flag ?? implied ?? 'pdf'
}

/**
 * The date a file records: SOURCE_DATE_EPOCH (seconds, the reproducible-builds convention) when
 * set, else the document's own date (from its record) at 00:00 UTC. Never the wall clock.
 */
export function documentDate(doc: FormDocument, sourceDateEpoch?: string): Date {
  if (sourceDateEpoch !== undefined && sourceDateEpoch !== '') {
    if (!/^[0-9]{1,12}$/.test(sourceDateEpoch)) throw usageError('BAD_SOURCE_DATE_EPOCH', `SOURCE_DATE_EPOCH=${sourceDateEpoch} is not a number of seconds`, 'unset it, or set it to a Unix time such as 1767225600')
    return new Date(Number(sourceDateEpoch) * 1000)
  }
  return new Date(`${doc.date}T00:00:00Z`)
}

export interface RenderedForm {
  bytes: Buffer
  format: FormFormat
  /** Printed pages: the HTML follows the PDF's page plan, so both have the same count. */
  pages: number
  sha256: string
}

export async function renderForm(doc: FormDocument, options: {format: FormFormat; paper: Paper; date: Date; fonts: FontSet}): Promise<RenderedForm> {
  const {layoutForm, renderPdf} = await import('./render-pdf.js')
  if (options.format === 'html') {
    const {plan} = await layoutForm(doc, options)
    const bytes = Buffer.from(renderHtml(doc, plan), 'utf8')
    return {bytes, format: 'html', pages: plan.pages.length, sha256: sha256(bytes)}
  }
  const {bytes, pages} = await renderPdf(doc, options)
  return {bytes, format: 'pdf', pages, sha256: sha256(bytes)}
}

/** Where forms go by default inside a site: ignored by git, whatever the site's .gitignore says. */
export const SITE_FORMS_DIR = '.lead/forms'

/**
 * The default file for a form: in the current folder, unless that folder is inside the site's
 * working tree, where an untracked PDF with personal data is easily committed by accident; then
 * in .lead/forms/ (created with a .gitignore of its own, so older sites are covered too).
 */
export function defaultFormFile(siteRoot: string, cwd: string, name: string): string {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p)
    } catch {
      return path.resolve(p)
    }
  }
  const root = real(siteRoot)
  const here = real(cwd)
  const rel = path.relative(root, here)
  const inside = rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
  if (!inside) return path.join(cwd, name)
  const dir = makeSiteDir(root, SITE_FORMS_DIR, PRIVATE_DIR)
  createOutputFile(root, path.join(dir, '.gitignore'), '# Printed forms can hold personal data: never committed.\n*\n')
  return path.join(dir, name)
}

/** Write a form (owner-only: it may name a participant's code and a case manager), through no link inside the site. */
export function writeForm(siteRoot: string, file: string, bytes: Uint8Array): void {
  writeOutputFile(siteRoot, file, bytes, {private: true})
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
