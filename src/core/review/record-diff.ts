/**
 * Field-level differences between two versions of a record's JSON value. Lists of things that
 * have a key (charges by `code`, exclusions by `id`, officers by `badge`…) are matched by that
 * key, not by position, so inserting a charge reads as one charge added rather than every later
 * charge changed. Other lists are aligned by their longest common run of equal items.
 */
import type {DataPath} from '../records/yaml-source.js'

/** The field that identifies an item of a list, by the list's field name. */
export const ARRAY_KEYS: Readonly<Record<string, string>> = {
  divertible_charges: 'code',
  exclusions: 'id',
  officers: 'badge',
  attendees: 'badge',
  catchment: 'id',
  parties: 'partner',
  signatories: 'partner',
  duties: 'partner',
  courses: 'id',
  overrides: 'exclusion',
}

/** A step of a path: a field, a list position, or a list item named by its key. */
export type Segment = {field: string} | {index: number} | {key: string; value: string}

export interface FieldChange {
  change: 'added' | 'removed' | 'changed'
  /** Readable path: `divertible_charges[RCW 69.50.4013].max_quantity`. */
  path: string
  segments: Segment[]
  old?: unknown
  new?: unknown
  /** Where to point in the new version (list positions resolved); the nearest existing parent for a removal. */
  at: DataPath
  /** Where it was in the old version. */
  atOld: DataPath
}

export function formatPath(segments: readonly Segment[]): string {
  let out = ''
  for (const s of segments) {
    if ('field' in s) out += out === '' ? s.field : `.${s.field}`
    else if ('index' in s) out += `[${s.index}]`
    else out += `[${s.value}]`
  }
  return out
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]))
  if (isObject(a)) {
    if (!isObject(b)) return false
    const ka = Object.keys(a)
    if (ka.length !== Object.keys(b).length) return false
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
  }
  return false
}

/** Canonical JSON (sorted keys), to compare list items cheaply. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`
  return JSON.stringify(v) ?? 'null'
}

export function diffValues(oldValue: unknown, newValue: unknown): FieldChange[] {
  const out: FieldChange[] = []
  walk(oldValue, newValue, [], [], [], undefined, out)
  return out
}

function walk(a: unknown, b: unknown, segs: Segment[], atNew: Array<string | number>, atOld: Array<string | number>, field: string | undefined, out: FieldChange[]): void {
  if (deepEqual(a, b)) return
  const push = (change: FieldChange['change'], extra: Partial<FieldChange>) =>
    out.push({change, path: formatPath(segs), segments: [...segs], at: [...atNew], atOld: [...atOld], ...extra})
  if (a === undefined) {
    push('added', {new: b})
    return
  }
  if (b === undefined) {
    push('removed', {old: a})
    return
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...Object.keys(b), ...Object.keys(a).filter((k) => !Object.hasOwn(b, k))]
    for (const k of keys) {
      const inNew = Object.hasOwn(b, k)
      walk(a[k], b[k], [...segs, {field: k}], inNew ? [...atNew, k] : atNew, Object.hasOwn(a, k) ? [...atOld, k] : atOld, k, out)
    }
    return
  }
  if (Array.isArray(a) && Array.isArray(b)) return diffArrays(a, b, segs, atNew, atOld, field, out)
  push('changed', {old: a, new: b})
}

function keyedItems(list: unknown[], key: string): Map<string, number> | undefined {
  const map = new Map<string, number>()
  for (let i = 0; i < list.length; i++) {
    const item = list[i]
    const k = isObject(item) ? item[key] : undefined
    if ((typeof k !== 'string' && typeof k !== 'number') || map.has(String(k))) return undefined
    map.set(String(k), i)
  }
  return map
}

function diffArrays(a: unknown[], b: unknown[], segs: Segment[], atNew: Array<string | number>, atOld: Array<string | number>, field: string | undefined, out: FieldChange[]): void {
  const key = field === undefined ? undefined : ARRAY_KEYS[field]
  const ka = key ? keyedItems(a, key) : undefined
  const kb = key ? keyedItems(b, key) : undefined
  if (key && ka && kb) {
    // Removed first (in old order), then added and changed in new order; a reordering alone is no change.
    for (const [k, i] of ka) {
      if (!kb.has(k)) out.push({change: 'removed', path: formatPath([...segs, {key, value: k}]), segments: [...segs, {key, value: k}], old: a[i], at: [...atNew], atOld: [...atOld, i]})
    }
    for (const [k, j] of kb) {
      const seg: Segment = {key, value: k}
      const i = ka.get(k)
      if (i === undefined) out.push({change: 'added', path: formatPath([...segs, seg]), segments: [...segs, seg], new: b[j], at: [...atNew, j], atOld: [...atOld]})
      else walk(a[i], b[j], [...segs, seg], [...atNew, j], [...atOld, i], undefined, out)
    }
    return
  }
  if ([...a, ...b].every((v) => !isObject(v) && !Array.isArray(v))) return diffScalarLists(a, b, segs, atNew, atOld, out)
  // Align by the longest common subsequence of equal items; pair what is left in each gap.
  const ca = a.map(canonical)
  const cb = b.map(canonical)
  const pairs = ca.length * cb.length <= 250_000 ? lcs(ca, cb) : []
  let i = 0
  let j = 0
  for (const [pi, pj] of [...pairs, [a.length, b.length] as [number, number]]) {
    const removed: number[] = []
    const added: number[] = []
    for (; i < pi; i++) removed.push(i)
    for (; j < pj; j++) added.push(j)
    const paired = Math.min(removed.length, added.length)
    for (let n = 0; n < paired; n++) {
      const oi = removed[n]!
      const nj = added[n]!
      walk(a[oi], b[nj], [...segs, {index: nj}], [...atNew, nj], [...atOld, oi], undefined, out)
    }
    for (const oi of removed.slice(paired)) out.push({change: 'removed', path: formatPath([...segs, {index: oi}]), segments: [...segs, {index: oi}], old: a[oi], at: [...atNew], atOld: [...atOld, oi]})
    for (const nj of added.slice(paired)) out.push({change: 'added', path: formatPath([...segs, {index: nj}]), segments: [...segs, {index: nj}], new: b[nj], at: [...atNew, nj], atOld: [...atOld]})
    i = pi + 1
    j = pj + 1
  }
}

/** Lists of plain values (pathways, districts, criteria) compare as collections: what was added, what was removed. */
function diffScalarLists(a: unknown[], b: unknown[], segs: Segment[], atNew: Array<string | number>, atOld: Array<string | number>, out: FieldChange[]): void {
  const remaining = b.map(canonical)
  const removed: number[] = []
  a.forEach((v, i) => {
    const at = remaining.indexOf(canonical(v))
    if (at >= 0) remaining[at] = '\u0000taken'
    else removed.push(i)
  })
  const added = remaining.flatMap((c, j) => (c === '\u0000taken' ? [] : [j]))
  const path = formatPath(segs)
  if (removed.length === 0 && added.length === 0) {
    out.push({change: 'changed', path, segments: [...segs], old: a, new: b, at: [...atNew], atOld: [...atOld]})
    return
  }
  for (const i of removed) out.push({change: 'removed', path, segments: [...segs], old: a[i], at: [...atNew], atOld: [...atOld, i]})
  for (const j of added) out.push({change: 'added', path, segments: [...segs], new: b[j], at: [...atNew, j], atOld: [...atOld]})
}

function lcs(a: string[], b: string[]): Array<[number, number]> {
  const n = a.length
  const m = b.length
  const t: number[][] = Array.from({length: n + 1}, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!)
  const pairs: Array<[number, number]> = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i, j])
      i++
      j++
    } else if (t[i + 1]![j]! >= t[i]![j + 1]!) i++
    else j++
  }
  return pairs
}

/** Flattened `path=value` leaves, for judging how similar two records are (rename detection). */
export function leaves(v: unknown, prefix = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, `${prefix}[${i}]`))
  if (isObject(v)) return Object.keys(v).flatMap((k) => leaves(v[k], prefix ? `${prefix}.${k}` : k))
  return [`${prefix}=${JSON.stringify(v)}`]
}
