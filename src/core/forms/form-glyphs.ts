/**
 * The site's fonts for a form, and the check that every character the form prints has a glyph:
 * a form that would print blank boxes is refused, naming the characters (as code points) and the
 * records and fields that hold them, unless the user asks for a visible placeholder instead.
 */
import path from 'node:path'
import {ExitCode, LeadError} from '../errors.js'
// lead's own install folder: font packages installed next to it (npm install -g) are found from there.
import {LEAD_ROOT} from '../lead-files.js'
import {CONFIG_FILE} from '../records/kinds.js'
import type {SiteRecords} from '../records/load.js'
import type {Site} from '../site.js'
import type {FormDocument} from './document.js'
import {FontSet, resolveFallbackFonts, type FallbackFont} from './fonts.js'
import {codePoint, holdersOf, missingGlyphs, withPlaceholders, type TextSource} from './glyph-check.js'

/** DejaVu Sans and the fonts lead.yaml `forms.fonts` names; a font that cannot be used is an error at its entry. */
export async function siteFonts(site: Site): Promise<FontSet> {
  const specs = site.config.forms?.fonts ?? []
  const fallbacks: FallbackFont[] = []
  for (const entry of resolveFallbackFonts(site.root, specs, LEAD_ROOT)) {
    if ('problem' in entry) {
      throw new LeadError('FONT_NOT_FOUND', entry.problem, {
        pos: {file: CONFIG_FILE, ...(site.configSource ? site.configSource.locate(['forms', 'fonts', entry.index]) : {})},
        hint: entry.spec.startsWith('npm:') ? `install it next to lead (npm install -g ${entry.spec.slice(4).split('/').slice(0, entry.spec.startsWith('npm:@') ? 2 : 1).join('/')}), or name a font file in the site` : 'put the .ttf or .otf file in the site and give its path relative to the site folder',
        exit: ExitCode.invalid,
      })
    }
    fallbacks.push(entry)
  }
  try {
    return await FontSet.load(fallbacks)
  } catch (error) {
    let bad: FallbackFont | undefined
    for (const f of fallbacks) {
      try {
        await FontSet.load([f])
      } catch {
        bad = f
        break
      }
    }
    throw new LeadError('FONT_UNREADABLE', `cannot read the font ${bad ? path.basename(bad.file) : ''}: ${(error as Error).message}`, {
      ...(bad && site.configSource ? {pos: {file: CONFIG_FILE, ...site.configSource.locate(['forms', 'fonts', bad.index])}} : {}),
      hint: 'name a TrueType or OpenType font (.ttf, .otf, .ttc)',
      exit: ExitCode.invalid,
    })
  }
}

export interface GlyphOutcome {
  document: FormDocument
  /** Characters printed as the placeholder (with --allow-missing-glyphs). */
  replaced: string[]
}

/** Refuse (exit 1) a form with characters no font has; with `allow`, print a placeholder instead. */
export function checkGlyphs(site: Site, records: SiteRecords, doc: FormDocument, fonts: FontSet, allow: boolean): GlyphOutcome {
  const missing = missingGlyphs(doc, fonts)
  if (missing.length === 0) return {document: doc, replaced: []}
  const names = missing.map(codePoint)
  if (allow) return {document: withPlaceholders(doc, missing), replaced: names}
  const sources: TextSource[] = [{file: CONFIG_FILE, data: site.configData}]
  for (const file of doc.sources) {
    const record = records.records.find((r) => r.file === file)
    if (record?.data) sources.push({file, data: record.data})
  }
  const holders = holdersOf(missing, sources)
  const shown = names.length > 8 ? `${names.slice(0, 8).join(' ')} and ${names.length - 8} more` : names.join(' ')
  const where = holders.length ? holders.map((h) => `${h.file} (${h.field})`).join(', ') : 'the form'
  const first = holders[0]
  const record = first ? records.records.find((r) => r.file === first.file) : undefined
  const locate = first?.file === CONFIG_FILE ? site.configSource : record?.source
  throw new LeadError('MISSING_GLYPHS', `no font has ${missing.length === 1 ? 'a glyph' : 'glyphs'} for ${shown} in ${where}; the form would print ${missing.length === 1 ? 'it' : 'them'} as blank boxes`, {
    ...(first ? {pos: {file: first.file, ...(locate ? locate.locate(first.path) : {})}} : {}),
    hint: 'name a font that has them in lead.yaml (forms: {fonts: [fonts/MyFont.ttf]} or npm:PACKAGE installed next to lead), or pass --allow-missing-glyphs to print � in their place',
    exit: ExitCode.invalid,
    details: {codePoints: names, holders: holders.map((h) => ({file: h.file, field: h.field}))},
  })
}
