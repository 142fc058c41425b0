/**
 * What every `lead form NAME` command shares: the output flags, the record lookup, rendering,
 * writing the file (or stdout) and reporting it. A form command only names its form and its ID.
 */
import {Flags} from './oclif.js'
import fs from 'node:fs'
import path from 'node:path'
import {usageError} from '../core/errors.js'
import {PAPERS, type Paper} from '../core/forms/document.js'
import {formInfo, type FormName} from '../core/forms/form-catalog.js'
import {chooseFormat, defaultFormFile, documentDate, FORMATS, renderForm, SITE_FORMS_DIR, writeForm, type FormFormat} from '../core/forms/form-output.js'
import {checkGlyphs, concealedGlyphs, siteFonts} from '../core/forms/form-glyphs.js'
import {prepareForm, type FormRequest} from '../core/forms/make-form.js'
import type {OfficerFilter} from '../core/forms/sign-in-sheet.js'
import {formInputs} from '../core/forms/form-records.js'
import {siteToday} from '../core/clock/site-zone.js'
import {LeadCommand} from './lead-command.js'
import {dateFlag} from './date-flag.js'

export const formFlags = {
  out: Flags.string({char: 'o', description: 'File to write (default: <form>-<id>.<format> in the current folder, or in the site\'s .lead/forms/ when the current folder is inside the site); "-" writes to stdout.'}),
  format: Flags.string({char: 'f', description: 'pdf or html (default: from the --out extension, else pdf).', options: [...FORMATS]}),
  paper: Flags.string({description: 'Paper size (the pocket card always uses its 4 × 6 in card).', options: [...PAPERS], default: 'letter'}),
  'as-of': Flags.string({description: "Today's date for the protocol in force and blank forms, YYYY-MM-DD (default: today in the site's time zone)."}),
  'allow-missing-glyphs': Flags.boolean({description: 'Print � for characters no font has (default: refuse the form, naming them and the records that hold them).', default: false}),
}

/** For the forms officers carry (pocket card, referral form, protocol booklet). */
export const draftFlag = {
  draft: Flags.boolean({description: 'Allow a draft or superseded protocol: a review copy marked DRAFT or SUPERSEDED on every page.', default: false}),
}

export interface FormFlags {
  draft?: boolean
  dir?: string
  out?: string
  format?: string
  paper?: string
  'as-of'?: string
  'allow-missing-glyphs'?: boolean
}

export abstract class FormCommand extends LeadCommand {
  protected async makeForm(form: FormName, id: string | undefined, flags: FormFlags, filter?: OfficerFilter, extra?: Partial<FormRequest>): Promise<void> {
    dateFlag('as-of', flags['as-of'])
    if (flags.out === '-' && this.jsonMode) throw usageError('STDOUT_TAKEN', '--out - and --json both want stdout', 'write the form to a file with --out FILE, or drop --json')
    const format: FormFormat = chooseFormat(flags.format as FormFormat | undefined, flags.out)
    const paper = (flags.paper ?? 'letter') as Paper
    const site = this.openSite(flags.dir)
    const asOf = flags['as-of'] ?? siteToday(site)
    const info = formInfo(form)
    if (info.idRequired && !id) throw usageError('MISSING_ID', `the ${form} form needs a ${info.kinds.join(' or ')} ID`, `lead form ${form} ID (see \`lead form list\`)`)

    const {records, findings} = await formInputs(site, form, id, asOf)
    const prepared = prepareForm(site, records, {form, asOf, ...(id ? {id} : {}), ...(filter ? {filter} : {}), ...(flags.draft ? {draft: true} : {}), ...(extra ?? {})}, findings)
    const fonts = await siteFonts(site)
    const {document, replaced, concealed} = checkGlyphs(site, records, prepared.document, fonts, flags['allow-missing-glyphs'] ?? false)
    const baseName = prepared.baseName
    const rendered = await renderForm(document, {format, paper, fonts, date: documentDate(document, process.env.SOURCE_DATE_EPOCH)})
    const printed = replaced.length + concealed.count
    if (printed) this.say(`Printed � for ${printed} character${printed === 1 ? '' : 's'} no font has: ${[replaced.join(' '), concealed.count ? concealedGlyphs(concealed) : ''].filter(Boolean).join(', ')}.`)

    const pageSize = document.page === 'card' ? 'card' : paper
    if (flags.out === '-') {
      process.stdout.write(rendered.bytes)
      this.say(`Wrote the ${form} form to stdout (${describe(rendered.format, rendered.pages, pageSize)}).`)
      return
    }
    const file = flags.out === undefined ? defaultFormFile(site.root, process.cwd(), `${baseName}.${format}`) : path.resolve(flags.out)
    const folder = path.dirname(file)
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw usageError('NO_SUCH_FOLDER', `cannot write ${flags.out}: ${folder} is not a folder`, 'create the folder first, or choose another --out')
    if (fs.lstatSync(file, {throwIfNoEntry: false})?.isDirectory()) throw usageError('OUT_IS_FOLDER', `${flags.out ?? file} is a folder`, 'give a file name, e.g. --out forms/card.pdf')
    writeForm(site.root, file, rendered.bytes)
    const shown = path.relative(process.cwd(), file) || file
    if (this.jsonMode) {
      this.printJson({
        ok: true,
        form,
        title: document.title,
        format: rendered.format,
        file,
        defaultName: flags.out === undefined,
        paper: pageSize,
        pages: rendered.pages,
        missingGlyphs: replaced,
        missingGlyphsConcealed: concealed,
        bytes: rendered.bytes.length,
        sha256: rendered.sha256,
        asOf,
        marking: document.watermark ?? null,
        sources: document.sources,
      })
      return
    }
    if (document.watermark) this.say(`Marked on every page: ${document.watermark}.`)
    const inSiteFolder = flags.out === undefined && path.dirname(file) === path.join(fs.realpathSync(site.root), SITE_FORMS_DIR)
    if (inSiteFolder) this.say(`The current folder is inside the site: the form goes to ${SITE_FORMS_DIR}/, which git ignores (choose another place with --out).`)
    this.say(`Wrote ${shown} (${describe(rendered.format, rendered.pages, pageSize)})${document.sources.length ? ` from ${document.sources.join(', ')}` : ''}.`)
  }
}

function describe(format: FormFormat, pages: number, paper: string): string {
  const size = paper === 'card' ? '4 × 6 in card' : paper === 'a4' ? 'A4' : 'Letter'
  return `${format === 'pdf' ? 'PDF' : 'HTML'}, ${pages} page${pages === 1 ? '' : 's'}, ${size}`
}
