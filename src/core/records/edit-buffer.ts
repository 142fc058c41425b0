/**
 * The text `lead edit` hands to an editor: the record, with lead's notes (why the last save was
 * refused) as a comment block at the top that is removed again on save; and the recovery file
 * that keeps a user's buffer when an edit is given up, so nothing typed is ever lost.
 */
import path from 'node:path'
import type {Diagnostic} from '../errors.js'
import {createOutputFile, makeSiteDir, PRIVATE_DIR, PRIVATE_FILE} from './output-path.js'

export const NOTES_START = '# ---- lead: your changes were NOT saved ----'
export const NOTES_END = '# ---- lead: end of notes; the record follows (this block is removed on save) ----'

/**
 * The first line of the buffer: tells the editor's YAML language server (VS Code's YAML
 * extension, and every editor using yaml-language-server) which schema the record follows,
 * since the temporary file matches none of the site's .vscode/settings.json globs.
 */
export const schemaLine = (schemaUrl: string): string => `# yaml-language-server: $schema=${schemaUrl}`

export function withSchemaLine(text: string, schemaUrl: string): string {
  return `${schemaLine(schemaUrl)}\n${text}`
}

/** Remove the schema line lead put first (only that exact line: a comment of the user's stays). */
export function stripSchemaLine(text: string, schemaUrl: string): string {
  const body = text.replace(/^\uFEFF/, '')
  const line = schemaLine(schemaUrl)
  if (!body.startsWith(line)) return text
  return body.slice(line.length).replace(/^\r?\n/, '')
}

/**
 * The user's text with a notes block listing the diagnostics; line numbers count from the top of
 * the buffer, which has `linesAbove` more lines over the block (the schema line).
 */
export function withNotes(text: string, diagnostics: readonly Diagnostic[], file: string, linesAbove = 0): string {
  const shown = diagnostics.slice(0, 20)
  const noteLines = linesAbove + 5 + shown.reduce((n, d) => n + (d.hint ? 2 : 1), 0) + (diagnostics.length > shown.length ? 1 : 0)
  const lines = [NOTES_START, `# ${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} in ${file} (line numbers count from the top of this buffer):`]
  for (const d of shown) {
    lines.push(`#   line ${d.line + noteLines}, column ${d.column}: ${d.severity} ${d.code} ${d.message}`.replace(/\n/g, ' '))
    if (d.hint) lines.push(`#     hint: ${d.hint}`.replace(/\n/g, ' '))
  }
  if (diagnostics.length > shown.length) lines.push(`#   … and ${diagnostics.length - shown.length} more`)
  lines.push('# Fix the record below and save to try again.', '# To give up, save without changes or empty the file: your text is then kept in .lead/recovered/.', NOTES_END)
  return `${lines.join('\n')}\n${text}`
}

/** Remove lead's notes block from the top of a saved buffer. */
export function stripNotes(text: string): string {
  const body = text.replace(/^\uFEFF/, '')
  if (!body.startsWith(NOTES_START)) return body
  const end = body.indexOf(NOTES_END)
  if (end !== -1) return body.slice(end + NOTES_END.length).replace(/^\r?\n/, '')
  // The end marker was deleted: drop the leading comment lines that remain of the block.
  const lines = body.split('\n')
  let i = 0
  while (i < lines.length && lines[i]!.startsWith('#')) i++
  return lines.slice(i).join('\n')
}

/** Nothing but blank lines and comments. */
export function isEmptyBuffer(text: string): boolean {
  return text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))
}

/**
 * Keep a buffer in `.lead/recovered/<kind>-<id>-<timestamp>.yaml`, readable by its owner only
 * (it may hold personal data); the folder ignores itself so it is never committed. Without an
 * `id` (one whose file's name is not printed: a name typed into it), `<kind>-<timestamp>.yaml`.
 */
export function saveRecovered(root: string, kind: string, id: string | undefined, text: string, now = new Date()): string {
  const dir = makeSiteDir(root, '.lead/recovered', PRIVATE_DIR)
  createOutputFile(root, path.join(dir, '.gitignore'), '*\n')
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  const base = id === undefined ? `${kind}-${stamp}` : `${kind}-${id}-${stamp}`
  let file = path.join(dir, `${base}.yaml`)
  for (let n = 2; !createOutputFile(root, file, text, PRIVATE_FILE); n++) file = path.join(dir, `${base}-${n}.yaml`)
  return path.relative(root, file).split(path.sep).join('/')
}
