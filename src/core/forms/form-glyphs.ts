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
import {shownAsParticipant} from '../privacy/disclosable.js'
import {codePoint, heldBy, holdersOf, missingGlyphs, scriptsOf, withPlaceholders, type TextSource} from './glyph-check.js'

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
  /** Characters printed as the placeholder (with --allow-missing-glyphs), as code points: those no participant's record holds. */
  replaced: string[]
  /** How many more were, and their scripts: a referral's, consent's or meeting's characters are never named (a name in Han is its code points). */
  concealed: {count: number; scripts: string[]}
}

/** Refuse (exit 1) a form with characters no font has; with `allow`, print a placeholder instead. */
export function checkGlyphs(site: Site, records: SiteRecords, doc: FormDocument, fonts: FontSet, allow: boolean): GlyphOutcome {
  const missing = missingGlyphs(doc, fonts)
  if (missing.length === 0) return {document: doc, replaced: [], concealed: {count: 0, scripts: []}}
  const sources: TextSource[] = [{file: CONFIG_FILE, data: site.configData}]
  const participants: TextSource[] = []
  for (const file of new Set([...doc.sources, ...(doc.quoted ?? [])])) {
    const record = records.records.find((r) => r.file === file)
    if (!record?.data) continue
    const source = {file, data: record.data}
    sources.push(source)
    if (shownAsParticipant(record.kind, record.data)) participants.push(source)
  }
  // A character is named only when a record whose values may be printed holds it and no
  // participant's record does; on a participant's form, one no source holds is not named either.
  const theirs = heldBy(missing, participants)
  const others = participants.length ? heldBy(missing, sources.filter((s) => !participants.includes(s))) : undefined
  const named = missing.filter((cp) => !theirs.has(cp) && (!others || others.has(cp)))
  const hidden = missing.filter((cp) => !named.includes(cp))
  const names = named.map(codePoint)
  const concealed = {count: hidden.length, scripts: scriptsOf(hidden)}
  if (allow) return {document: withPlaceholders(doc, missing), replaced: names, concealed}
  const holders = holdersOf(missing, sources)
  const listed = names.length > 8 ? [...names.slice(0, 8), `${names.length - 8} more`] : [...names]
  if (hidden.length) listed.push(concealedGlyphs(concealed))
  const shown = listed.length > 1 ? `${listed.slice(0, -1).join(' ')} and ${listed.at(-1)}` : listed[0]!
  const where = holders.length ? holders.map((h) => `${h.file} (${h.field})`).join(', ') : 'the form'
  const first = holders[0]
  const record = first ? records.records.find((r) => r.file === first.file) : undefined
  const locate = first?.file === CONFIG_FILE ? site.configSource : record?.source
  throw new LeadError('MISSING_GLYPHS', `no font has ${missing.length === 1 ? 'a glyph' : 'glyphs'} for ${shown} in ${where}; the form would print ${missing.length === 1 ? 'it' : 'them'} as blank boxes`, {
    ...(first ? {pos: {file: first.file, ...(locate ? locate.locate(first.path) : {})}} : {}),
    hint: 'name a font that has them in lead.yaml (forms: {fonts: [fonts/MyFont.ttf]} or npm:PACKAGE installed next to lead), or pass --allow-missing-glyphs to print � in their place',
    exit: ExitCode.invalid,
    details: {codePoints: names, concealed, holders: holders.map((h) => ({file: h.file, field: h.field}))},
  })
}

/** What a message says of characters it may not name: how many, and their scripts (enough to choose a font). */
export function concealedGlyphs({count, scripts}: {count: number; scripts: readonly string[]}): string {
  const script = scripts.length === 1 && scripts[0] === 'symbols' ? 'symbols' : `the ${scripts.join(', ')} script${scripts.length === 1 ? '' : 's'}`
  return `${count} character${count === 1 ? '' : 's'} in ${script} from a participant's record (not shown as code points)`
}
