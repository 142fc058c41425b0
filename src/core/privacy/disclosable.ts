/**
 * Which values of a referral or consent record may be repeated in output that leaves the site's
 * repository (lead diff in a CI job summary, validation messages in CI logs). Decided by the
 * schema, not by a list: a text value is shown only where its field is constrained to codes
 * (an enum, a pattern, a date or date-time format). Free text never is: it is where a name or a
 * phone number ends up when someone forgets the rules.
 */
import {loadSchema, type JsonSchema} from '../schemas/schema-registry.js'

/** Kinds whose free text may hold participant identifiers. */
export const PARTICIPANT_KINDS: ReadonlySet<string> = new Set(['referral', 'consent'])

/** A step of a path: a field name, or null/a number for an item of a list. */
export type PathStep = string | number | null

const CODE_FORMATS = new Set(['date', 'date-time'])

function deref(root: JsonSchema, node: JsonSchema): JsonSchema {
  let n = node
  for (let i = 0; i < 10 && typeof n.$ref === 'string'; i++) {
    const ref = n.$ref
    if (!ref.startsWith('#/')) break
    let target: unknown = root
    for (const part of ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')]
    if (!target || typeof target !== 'object') break
    // Keywords beside a $ref (description, examples) do not constrain: the target's do.
    n = {...(target as JsonSchema), ...Object.fromEntries(Object.entries(n).filter(([k]) => k !== '$ref' && k !== 'description' && k !== 'examples'))}
  }
  return n
}

/** The schema nodes that may describe the value at `path` (several where a schema branches). */
function nodesAt(root: JsonSchema, path: readonly PathStep[]): JsonSchema[] {
  let nodes = expand(root, [root])
  for (const step of path) {
    const next: JsonSchema[] = []
    for (const n of nodes) {
      if (typeof step === 'string') {
        const prop = (n.properties as Record<string, JsonSchema> | undefined)?.[step]
        if (prop) next.push(prop)
      } else if (n.items && typeof n.items === 'object') next.push(n.items as JsonSchema)
    }
    nodes = expand(root, next)
    if (nodes.length === 0) return []
  }
  return nodes
}

function expand(root: JsonSchema, nodes: JsonSchema[]): JsonSchema[] {
  const out: JsonSchema[] = []
  const visit = (node: JsonSchema, depth: number) => {
    const n = deref(root, node)
    out.push(n)
    if (depth > 5) return
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(n[key])) for (const s of n[key] as JsonSchema[]) visit(s, depth + 1)
    for (const key of ['then', 'else'] as const) if (n[key] && typeof n[key] === 'object') visit(n[key] as JsonSchema, depth + 1)
  }
  for (const n of nodes) visit(n, 0)
  return out
}

const isCodeField = (nodes: JsonSchema[]) =>
  nodes.length > 0 && nodes.some((n) => Array.isArray(n.enum) || n.const !== undefined || typeof n.pattern === 'string' || CODE_FORMATS.has(String(n.format)))

/**
 * May `value`, found at `path` in a record of `kind`, be shown? Always for kinds without
 * participant data; for referrals and consents only numbers, booleans and code-like text, and
 * lists or maps made only of those.
 */
export function disclosable(kind: string, path: readonly PathStep[], value: unknown): boolean {
  if (!PARTICIPANT_KINDS.has(kind)) return true
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') return true
  let root: JsonSchema
  try {
    root = loadSchema(kind as 'referral' | 'consent')
  } catch {
    return false
  }
  const check = (v: unknown, p: readonly PathStep[]): boolean => {
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return true
    if (typeof v === 'string') return isCodeField(nodesAt(root, p))
    if (Array.isArray(v)) return v.every((item) => check(item, [...p, null]))
    if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).every(([k, item]) => check(item, [...p, k]))
    return false
  }
  return check(value, path)
}
