/**
 * The fonts embedded in every PDF: DejaVu Sans covers Latin, Greek, Cyrillic and Vietnamese, so
 * names like Muñoz, Nguyễn or Øyvind print as written. Resolved through Node's module resolution
 * (not a path relative to this file), so it works from a checkout and from a global npm install.
 */
import {createRequire} from 'node:module'
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
