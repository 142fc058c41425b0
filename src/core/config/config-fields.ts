/**
 * lead.yaml's settings as fields: reading one by its path (`site.timezone`, `courses[0].name`),
 * listing every setting as `path = value`, typing new values by lead.schema.json, and telling
 * policy settings from the rest. Writing goes through config/config-change.ts.
 */
import {isTimeZone, zoneAbbreviationNote} from '../clock/dates.js'
import {usageError} from '../errors.js'
import {formatFieldPath, parseAssignment, parseFieldPath, schemaAt, type Assignment, type PathStep, type TypingContext} from '../records/field-assignments.js'
import {SITE_DATA} from '../policy/site-policy.js'
import {loadSchema} from '../schemas/schema-registry.js'
import {KNOWN_CODES, overrideProblem} from '../diagnostic-codes.js'
import {closest, didYouMean} from '../text/suggest.js'

/**
 * Is this setting policy (policy/site-policy.ts: everything but what only describes the site)?
 * CI judges a branch by the base branch's policy, so changing one is for reviewers to see.
 */
export function isPolicyPath(steps: readonly PathStep[]): boolean {
  const keys = steps.filter((s): s is {key: string} => 'key' in s).map((s) => s.key)
  return !keys.some((_, i) => SITE_DATA.has(keys.slice(0, i + 1).join('.')))
}

/** The value at a settings path, checked against the schema first (unknown names get a did-you-mean). */
export function configValue(data: unknown, pathText: string): unknown {
  const steps = parseFieldPath(pathText)
  schemaAt(loadSchema('lead'), steps, pathText)
  let v: unknown = data
  for (const step of steps) {
    if (v === null || typeof v !== 'object') return undefined
    if ('key' in step) v = Array.isArray(v) ? undefined : (v as Record<string, unknown>)[step.key]
    else if ('index' in step) v = Array.isArray(v) ? v[step.index] : undefined
    else throw usageError('BAD_FIELD_PATH', `${pathText}: [] means "append" and names no value`, `name an item, e.g. ${pathText.replace('[]', '[0]')}`)
  }
  return v
}

export interface ConfigEntry {
  /** A path `lead config get|set` takes: `courses[1].valid_months`. */
  path: string
  value: string | number | boolean | null
}

/** Every setting with a plain value, in file order (an empty list or map is one entry). */
export function configEntries(data: unknown): ConfigEntry[] {
  const out: ConfigEntry[] = []
  const walk = (v: unknown, steps: PathStep[]) => {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push({path: formatFieldPath(steps), value: '[]'})
      v.forEach((item, index) => walk(item, [...steps, {index}]))
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v)
      if (entries.length === 0 && steps.length > 0) out.push({path: formatFieldPath(steps), value: '{}'})
      for (const [key, child] of entries) walk(child, [...steps, {key}])
    } else {
      out.push({path: formatFieldPath(steps), value: v === undefined ? null : (v as ConfigEntry['value'])})
    }
  }
  walk(data, [])
  return out
}

/**
 * `KEY=VALUE` typed by lead.yaml's schema. A time zone must be one the platform knows (the
 * closest name offered), since every date and deadline of the site is computed in it.
 */
export function parseConfigAssignment(text: string, ctx: TypingContext = {}): Assignment {
  const a = parseAssignment(loadSchema('lead'), text, ctx)
  if (a.text === 'site.timezone' && (typeof a.value !== 'string' || !isTimeZone(a.value))) {
    const guess = closest(String(a.value), Intl.supportedValuesOf('timeZone'))
    throw usageError('BAD_TIMEZONE', `site.timezone: unknown time zone "${String(a.value)}"${zoneAbbreviationNote(String(a.value))}${guess ? ` (did you mean "${guess}"?)` : ''}`, 'use an IANA name such as America/Los_Angeles or America/New_York (the zone the site’s partners keep their clocks in)')
  }
  const rule = a.steps.length === 2 && 'key' in a.steps[0]! && a.steps[0].key === 'rules' && 'key' in a.steps[1]! ? a.steps[1].key : undefined
  const problem = rule === undefined ? undefined : overrideProblem(rule, String(a.value))
  if (problem?.kind === 'unknown') throw usageError('UNKNOWN_RULE', `rules.${rule}: "${rule}" is not a lead check${didYouMean(rule!, KNOWN_CODES)}`, 'the codes are those `lead validate` prints')
  if (problem?.kind === 'fixed') throw usageError('UNKNOWN_RULE', `rules.${rule}: ${rule} cannot be re-graded: it keeps records readable, well-formed and safe`)
  if (problem?.kind === 'never-off') throw usageError('UNKNOWN_RULE', `rules.${rule}: privacy findings can be made warnings but never turned off`, `e.g. lead config set rules.${rule}=warning`)
  return a
}
