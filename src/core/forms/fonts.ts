/**
 * The fonts a form is printed with: DejaVu Sans (bundled: Latin, Greek, Cyrillic, Vietnamese, and
 * some Hebrew and Arabic), then the fallback fonts the site names in lead.yaml `forms.fonts`, in
 * that order, for the scripts DejaVu lacks (CJK, Devanagari…). Each character is drawn with the
 * first font that has a glyph for it. Fonts are read with fontkit (pdfkit's own font engine), so
 * the glyph check and the PDF agree on what each font holds.
 */
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {ioError} from '../errors.js'

export const FONT_FILES = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  oblique: 'DejaVuSans-Oblique.ttf',
} as const
export type FontStyle = keyof typeof FONT_FILES

const require = createRequire(import.meta.url)

export function fontPath(style: FontStyle): string {
  const file = FONT_FILES[style]
  try {
    return require.resolve(`dejavu-fonts-ttf/ttf/${file}`)
  } catch (error) {
    throw ioError('FONT_MISSING', `cannot find the font ${file} (package dejavu-fonts-ttf)`, 'reinstall lead: npm install -g lead-cli', error)
  }
}

/** A font face a run of text is drawn in: one of the bundled styles, or fallback `fb<i>`. */
export type FaceName = FontStyle | `fb${number}`

/** A fallback font as lead.yaml names it, resolved to a file. */
export interface FallbackFont {
  /** As written in lead.yaml (`fonts/NotoSansHebrew-Regular.ttf`, `npm:@embedpdf/fonts-hebrew`). */
  spec: string
  file: string
  /** Index in lead.yaml `forms.fonts` (for error positions). */
  index: number
}

interface GlyphSource {
  hasGlyphForCodePoint(cp: number): boolean
}

/** Characters that take no glyph: spaces, line breaks, joiners, variation selectors, bidi marks. */
export function needsGlyph(cp: number): boolean {
  if (cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0)) return false
  if (cp === 0xad || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f)) return false
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || cp === 0xfeff) return false
  return true
}

export class FontSet {
  private readonly cache = new Map<number, number>()
  private constructor(
    /** [DejaVu regular, fallback 0, fallback 1, …] for glyph lookup. */
    private readonly sources: GlyphSource[],
    readonly fallbacks: readonly FallbackFont[],
  ) {}

  static async load(fallbacks: readonly FallbackFont[] = []): Promise<FontSet> {
    const fontkit = await import('fontkit')
    const open = (file: string): GlyphSource => {
      const font = fontkit.openSync(file)
      // A collection (.ttc): its first font.
      return 'fonts' in font ? font.fonts[0]! : font
    }
    return new FontSet([open(fontPath('regular')), ...fallbacks.map((f) => open(f.file))], fallbacks)
  }

  /** Which source (0: DejaVu, i + 1: fallback i) draws this code point; -1 when none. */
  private sourceOf(cp: number): number {
    let hit = this.cache.get(cp)
    if (hit === undefined) {
      hit = this.sources.findIndex((s) => s.hasGlyphForCodePoint(cp))
      this.cache.set(cp, hit)
    }
    return hit
  }

  has(cp: number): boolean {
    return !needsGlyph(cp) || this.sourceOf(cp) >= 0
  }

  /** The face to draw `cp` in, for text of `style` (fallbacks have one weight). */
  face(cp: number, style: FontStyle): FaceName {
    const source = needsGlyph(cp) ? this.sourceOf(cp) : 0
    return source <= 0 ? style : `fb${source - 1}`
  }

  /** The file behind a face name, for registering it with the PDF writer. */
  file(face: FaceName): string {
    if (face === 'regular' || face === 'bold' || face === 'oblique') return fontPath(face)
    return this.fallbacks[Number(face.slice(2))]!.file
  }
}

const FONT_EXTENSIONS = /\.(ttf|otf|ttc)$/i

/**
 * Resolve lead.yaml `forms.fonts` entries: a file in the site (`fonts/X.ttf`), or `npm:PACKAGE`
 * or `npm:PACKAGE/path/in/it.ttf` for a font package installed from the registry next to lead
 * (npm install -g) or in the site's folder. A package without a path gives its regular-weight
 * font files.
 */
export function resolveFallbackFonts(siteRoot: string, specs: readonly string[], leadDir: string): Array<FallbackFont | {spec: string; index: number; problem: string}> {
  const out: Array<FallbackFont | {spec: string; index: number; problem: string}> = []
  specs.forEach((spec, index) => {
    if (!spec.startsWith('npm:')) {
      const file = path.resolve(siteRoot, spec)
      if (!fs.existsSync(file)) out.push({spec, index, problem: `no such file in the site: ${spec}`})
      else if (!FONT_EXTENSIONS.test(file)) out.push({spec, index, problem: `${spec} is not a TrueType or OpenType font (.ttf, .otf, .ttc)`})
      else out.push({spec, index, file})
      return
    }
    const name = spec.slice(4)
    const parts = name.split('/')
    const pkg = name.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
    const inner = parts.slice(name.startsWith('@') ? 2 : 1).join('/')
    const dir = findPackage(pkg, [siteRoot, leadDir])
    if (!dir) {
      out.push({spec, index, problem: `the font package ${pkg} is not installed (looked next to lead and in the site's folder)`})
      return
    }
    if (inner) {
      const file = path.join(dir, inner)
      if (fs.existsSync(file) && FONT_EXTENSIONS.test(file)) out.push({spec, index, file})
      else out.push({spec, index, problem: `${pkg} has no font file ${inner}`})
      return
    }
    const files = fontFilesIn(dir)
    const regular = files.filter((f) => /regular/i.test(path.basename(f)))
    const chosen = regular.length ? regular : files.filter((f) => !/bold|italic|light|thin|black|medium|semi|extra/i.test(path.basename(f)))
    if (chosen.length === 0) out.push({spec, index, problem: `${pkg} holds no .ttf or .otf font file`})
    for (const file of chosen) out.push({spec, index, file})
  })
  return out
}

function findPackage(pkg: string, starts: string[]): string | undefined {
  for (const start of starts) {
    let dir = path.resolve(start)
    for (;;) {
      const candidate = path.join(dir, 'node_modules', pkg)
      if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate
      const parent = path.dirname(dir)
      if (parent === dir) break
      dir = parent
    }
  }
  return undefined
}

function fontFilesIn(dir: string, depth = 0): string[] {
  if (depth > 3) return []
  const out: string[] = []
  for (const entry of fs.readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules') continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...fontFilesIn(full, depth + 1))
    else if (FONT_EXTENSIONS.test(entry.name)) out.push(full)
  }
  return out
}
