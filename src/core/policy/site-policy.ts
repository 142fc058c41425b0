/**
 * The policy in lead.yaml: the settings that decide how records are judged (rule severities,
 * every privacy setting, the time zone dates are judged in, how long a course counts), as opposed
 * to what the site is called. When a change is judged against a base revision it is judged by the
 * strictest of the base's policy and its own — it can neither loosen the rules that judge it nor
 * break the base by tightening them — and every difference is listed as loosened or tightened.
 *
 * Everything in lead.yaml is policy unless SITE_DATA names it, so a key added to lead.yaml later
 * is covered at once: compared exactly, any change counting as a loosening and the base's value
 * applying, until SETTINGS says how its values order.
 */
import {isDeepStrictEqual} from 'node:util'
import {DEFAULT_WARNING_CODES, overrideProblem} from '../diagnostic-codes.js'

/** lead.yaml paths that describe the site and judge nothing. */
export const SITE_DATA: ReadonlySet<string> = new Set(['site.name', 'site.jurisdiction', 'referral_phone', 'schema_version'])

export type Direction = 'loosened' | 'tightened' | 'changed' | 'unreadable'

export interface PolicyChange {
  /** The setting, as lead.yaml spells it: `privacy.min_cell`, `rules.PII_NAME`. */
  setting: string
  /** Where in the changed lead.yaml (for positions). */
  path: Array<string | number>
  /** `changed`: no known order (counts as loosened); `unreadable`: the new value cannot be read (the base's applies). */
  direction: Direction
  /** `privacy.allow_identifiers gains referral.notes`, `privacy.min_cell 11 → 1`. */
  text: string
}

type Obj = Record<string, unknown>
type Found = Omit<PolicyChange, 'setting'> & {setting?: string}

interface Setting {
  /** A value this setting can order (anything else from a change is unreadable and the base's value applies). */
  valid(v: unknown): boolean
  /** The stricter of two valid values (either may be undefined: not set). */
  strictest(base: unknown, head: unknown): unknown
  /** The differences, loosened or tightened, worded for a reviewer. */
  compare(base: unknown, head: unknown, name: string, path: Array<string | number>): Found[]
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const show = (v: unknown) => {
  const s = v === undefined ? '(not set)' : typeof v === 'string' ? v : JSON.stringify(v)
  return s.length > 80 ? `${s.slice(0, 79)}…` : s
}

// --- rules: severities -------------------------------------------------------------------------

const RANK: Record<string, number> = {off: 0, warning: 1, error: 2}

const defaultSeverity = (code: string) => (DEFAULT_WARNING_CODES.has(code) ? 'warning' : 'error')

/** The entries lead honours (an entry it ignores, such as PII_NAME: off, judges nothing). */
function honoured(rules: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (isObj(rules)) for (const [code, sev] of Object.entries(rules)) if (typeof sev === 'string' && RANK[sev] !== undefined && !overrideProblem(code, sev)) out[code] = sev
  return out
}

const severities: Setting = {
  valid: (v) => isObj(v) && Object.values(v).every((s) => typeof s === 'string' && RANK[s] !== undefined),
  // Without knowing a code's default: error beats anything; a one-sided warning or off falls back to the default.
  strictest(base, head) {
    const b = honoured(base)
    const h = honoured(head)
    const out: Record<string, string> = {}
    for (const code of new Set([...Object.keys(b), ...Object.keys(h)])) {
      const x = b[code]
      const y = h[code]
      if (x !== undefined && y !== undefined) out[code] = RANK[x]! >= RANK[y]! ? x : y
      else if ((x ?? y) === 'error') out[code] = 'error'
    }
    return Object.keys(out).length > 0 ? out : undefined
  },
  compare(base, head, name, path) {
    const b = honoured(base)
    const h = honoured(head)
    const out: Found[] = []
    for (const code of [...new Set([...Object.keys(b), ...Object.keys(h)])].sort()) {
      const def = defaultSeverity(code)
      const x = b[code] ?? def
      const y = h[code] ?? def
      if (x === y) continue
      const label = (v: string | undefined) => v ?? `${def} (default)`
      out.push({setting: `${name}.${code}`, path: [...path, code], direction: RANK[y]! < RANK[x]! ? 'loosened' : 'tightened', text: `${name}.${code} ${label(b[code])} → ${label(h[code])}`})
    }
    return out
  },
}

// --- numbers -----------------------------------------------------------------------------------

/** A whole number where more is stricter (min_cell: the smallest count that may be published). */
function atLeast(fallback: number): Setting {
  const valid = (v: unknown) => Number.isInteger(v) && (v as number) >= 1
  return {
    valid,
    strictest: (b, h) => (b === undefined && h === undefined ? undefined : Math.max((b as number | undefined) ?? fallback, (h as number | undefined) ?? fallback)),
    compare(b, h, name, path) {
      const x = (b as number | undefined) ?? fallback
      const y = (h as number | undefined) ?? fallback
      if (x === y) return []
      const label = (v: unknown, n: number) => (v === undefined ? `${n} (default)` : String(n))
      return [{path, direction: y < x ? 'loosened' : 'tightened', text: `${name} ${label(b, x)} → ${label(h, y)}`}]
    },
  }
}

// --- allow-lists -------------------------------------------------------------------------------

/** A list of what is allowed, where fewer is stricter; `covers(entry, item)`: an entry allows that item. */
function allowList(covers: (entry: string, item: string) => boolean = (e, i) => e === i): Setting {
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : [])
  const coveredBy = (item: string, entries: string[]) => entries.some((e) => covers(e, item))
  return {
    valid: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
    strictest(b, h) {
      if (b === undefined && h === undefined) return undefined
      const x = list(b)
      const y = list(h)
      return [...new Set([...x.filter((i) => coveredBy(i, y)), ...y.filter((i) => coveredBy(i, x))])]
    },
    compare(b, h, name, path) {
      const x = list(b)
      const y = list(h)
      const out: Found[] = []
      y.forEach((item, i) => {
        if (!coveredBy(item, x)) out.push({path: [...path, i], direction: 'loosened', text: `${name} gains ${item}`})
      })
      for (const item of x) if (!coveredBy(item, y)) out.push({path, direction: 'tightened', text: `${name} loses ${item}`})
      return out
    },
  }
}

/** allow_identifiers: an entry covers the field and everything under it. */
const coversField = (entry: string, item: string) => item === entry || item.startsWith(`${entry}.`)

// --- courses: how long a training counts -------------------------------------------------------

interface CourseLike {
  id: string
  valid_months?: unknown
}

/** Months a course counts, `never` being longer than any number; undefined when not a validity. */
const months = (v: unknown): number | undefined => (v === 'never' ? Infinity : typeof v === 'number' ? v : undefined)

/** Courses are the site's own list (added and removed freely); only how long each counts is policy. */
const courseValidity: Setting = {
  valid: (v) => Array.isArray(v) && v.every((c) => isObj(c) && typeof c.id === 'string'),
  strictest(b, h) {
    if (!Array.isArray(h)) return h
    const before = new Map(((b as CourseLike[] | undefined) ?? []).map((c) => [c.id, c.valid_months]))
    return (h as CourseLike[]).map((c) => {
      const old = before.get(c.id)
      const was = months(old)
      const now = months(c.valid_months)
      return was !== undefined && now !== undefined && was < now ? {...c, valid_months: old} : c
    })
  },
  compare(b, h, name, path) {
    const before = new Map(((b as CourseLike[] | undefined) ?? []).map((c) => [c.id, c.valid_months]))
    const out: Found[] = []
    ;((h as CourseLike[] | undefined) ?? []).forEach((c, i) => {
      const old = before.get(c.id)
      const was = months(old)
      const now = months(c.valid_months)
      if (was === undefined || now === undefined || was === now) return
      out.push({setting: `${name}.${c.id}.valid_months`, path: [...path, i, 'valid_months'], direction: now > was ? 'loosened' : 'tightened', text: `${name}.${c.id}.valid_months ${String(old)} → ${String(c.valid_months)}`})
    })
    return out
  },
}

/** How each known policy setting orders its values. Register a new setting here to say how it orders. */
const SETTINGS: Readonly<Record<string, Setting>> = {
  rules: severities,
  'privacy.min_cell': atLeast(11),
  'privacy.allow_identifiers': allowList(coversField),
  'privacy.allow_terms': allowList(),
  // Declared districts and catchments are printed and never scanned: declaring one more loosens.
  'privacy.districts': allowList(),
  'privacy.catchments': allowList(),
  courses: courseValidity,
}

// --- judging -----------------------------------------------------------------------------------

export interface PolicySide {
  /** lead.yaml is there at all. */
  present: boolean
  /** Its parsed data (undefined or not a map when it is not readable YAML). */
  data: unknown
}

export interface PolicyJudgement {
  /** The lead.yaml data to judge the change with: the change's own, every policy setting at its strictest. */
  data: Obj
  changes: PolicyChange[]
}

/**
 * The policy a change is judged by, and how it differs from the base's. A change that deletes
 * lead.yaml or makes it unreadable is judged by the base's, and that is itself a change (nothing
 * falls back silently); an unreadable base counts as lead's defaults. Without a lead.yaml at the
 * base there was no site, so no policy to bend: the change's own applies.
 */
export function judgePolicy(base: PolicySide, head: PolicySide): PolicyJudgement {
  if (!base.present && isObj(head.data)) return {data: head.data, changes: []}
  const b = isObj(base.data) ? base.data : {}
  if (!head.present || !isObj(head.data)) {
    const text = !head.present ? 'lead.yaml was deleted' : 'lead.yaml is not valid YAML'
    return {data: b, changes: [{setting: 'lead.yaml', path: [], direction: 'unreadable', text}]}
  }
  const changes: PolicyChange[] = []
  const data = merge(b, head.data, [], changes)
  return {data, changes}
}

function merge(base: Obj, head: Obj, path: string[], changes: PolicyChange[]): Obj {
  const out: Obj = {...head}
  const set = (key: string, v: unknown) => {
    if (v === undefined) delete out[key]
    else out[key] = v
  }
  for (const key of new Set([...Object.keys(base), ...Object.keys(head)])) {
    const at = [...path, key]
    const name = at.join('.')
    if (SITE_DATA.has(name)) continue
    const b = base[key]
    const h = head[key]
    const setting = SETTINGS[name]
    if (setting) {
      const bv = b !== undefined && setting.valid(b) ? b : undefined
      if (h !== undefined && !setting.valid(h)) {
        changes.push({setting: name, path: at, direction: 'unreadable', text: `${name} is not valid (${show(h)}); ${bv === undefined ? 'the default' : `the base's ${show(bv)}`} applies`})
        set(key, bv)
        continue
      }
      for (const f of setting.compare(bv, h, name, at)) changes.push({...f, setting: f.setting ?? name})
      set(key, setting.strictest(bv, h))
    } else if ((isObj(b) || b === undefined) && (isObj(h) || h === undefined)) {
      const inner = merge(isObj(b) ? b : {}, isObj(h) ? h : {}, at, changes)
      set(key, Object.keys(inner).length === 0 && !isObj(b) ? undefined : inner)
    } else {
      // No known order: any change counts as a loosening, and the base's value applies.
      if (!isDeepStrictEqual(b, h)) changes.push({setting: name, path: at, direction: 'changed', text: `${name} ${show(b)} → ${show(h)}`})
      set(key, b)
    }
  }
  return out
}

/** Loosened, changed (no known order) and unreadable settings fail a review; tightened ones are shown. */
export const fails = (c: PolicyChange) => c.direction !== 'tightened'
