/**
 * Findings and errors as they may be printed: every path of a participant folder whose name is
 * not a code concealed (privacy/file-names.ts), in the finding's position, message, hint and
 * excerpt, and in an error's position, message, hint and details. Applied by every renderer of
 * findings (cli/render/) and by the one place an error is printed (cli/output.ts reportError);
 * findings with none such are returned as they are (the same objects, the same list).
 */
import {LeadError, type Diagnostic} from '../errors.js'
import {findingHint, mentionedPaths, namesConcealed, PathConcealer} from './file-names.js'

/** Finding files repeat (a file with ten findings): each judged once. */
function concealedFiles(diagnostics: readonly Diagnostic[]): string[] {
  const seen = new Set<string>()
  const concealed: string[] = []
  const judge = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    if (namesConcealed(file)) concealed.push(file)
  }
  for (const d of diagnostics) {
    judge(d.file)
    if (d.related) for (const f of d.related) judge(f)
  }
  return concealed
}

function shownDiagnostic(d: Diagnostic, concealer: PathConcealer): Diagnostic {
  const own = d.related ? [d.file, ...d.related] : [d.file]
  const file = concealer.path(d.file)
  const message = concealer.text(d.message, own)
  const hint = d.hint === undefined ? undefined : concealer.text(d.hint, own)
  const excerpt = d.excerpt === undefined ? undefined : concealer.text(d.excerpt, own)
  const related = d.related?.map((f) => concealer.path(f))
  const same = file === d.file && message === d.message && hint === d.hint && excerpt === d.excerpt && (related ?? []).every((f, i) => f === d.related![i])
  if (same) return d
  return {...d, file, message, ...(hint === undefined ? {} : {hint}), ...(excerpt === undefined ? {} : {excerpt}), ...(related ? {related} : {})}
}

/** The findings as they may be printed (the same list when none conceals anything). */
export function shownDiagnostics<T extends Diagnostic>(diagnostics: readonly T[]): readonly T[] {
  const concealer = new PathConcealer(concealedFiles(diagnostics))
  let changed = false
  const shown = diagnostics.map((d) => {
    const s = shownDiagnostic(d, concealer)
    if (s !== d) changed = true
    return s as T
  })
  return changed ? shown : diagnostics
}

/** The keys under which an error's details list paths (a refusal's findings, the uncommitted files). */
const PATH_KEYS = new Set(['file', 'files', 'related', 'uncommitted'])

/** The paths an error's details list: only where a key says so (a message may start like a path and is none). */
function pathsIn(value: unknown, out: string[] = [], key = ''): string[] {
  if (typeof value === 'string') {
    if (PATH_KEYS.has(key)) out.push(value)
  } else if (Array.isArray(value)) for (const v of value) pathsIn(v, out, key)
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsIn(v, out, k)
  return out
}

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value)
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f))
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]))
  return value
}

/**
 * The error as it may be printed: its position, and every path in its message, hint and details
 * (a refusal lists files and findings there). An error is small: every path it holds or mentions
 * counts as its own, so a record named by its file's name alone is concealed anywhere in it.
 */
export function shownError(error: LeadError): LeadError {
  const named = [...(error.pos ? [error.pos.file] : []), ...pathsIn(error.details)].filter(namesConcealed)
  const paths = [...named, ...mentionedPaths(error.message), ...(error.hint === undefined ? [] : mentionedPaths(error.hint))]
  const concealer = new PathConcealer(paths)
  const text = (s: string) => concealer.text(s, paths)
  const message = text(error.message)
  const hint = error.hint === undefined ? undefined : text(error.hint)
  const file = error.pos && concealer.path(error.pos.file)
  let detailsChanged = false
  const details = mapStrings(error.details, (s) => {
    const t = text(s)
    if (t !== s) detailsChanged = true
    return t
  })
  if (message === error.message && hint === error.hint && file === error.pos?.file && !detailsChanged) return error
  const found = error.pos && file !== error.pos.file ? findingHint(error.pos.file) : undefined
  return new LeadError(error.code, message, {hint: found ? (hint ? `${hint} (${found})` : found) : hint, exit: error.exit, details: detailsChanged ? details : error.details, pos: error.pos && {...error.pos, file: file!}, cause: error.cause})
}
