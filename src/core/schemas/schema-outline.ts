/**
 * A schema as a list of fields (path, type, required, description), for `lead schema show
 * --outline` and for prompts that walk a record's fields.
 */
import type {JsonSchema} from './schema-registry.js'

export interface FieldOutline {
  /** `officers[].badge` */
  path: string
  depth: number
  type: string
  required: boolean
  description: string
  allowed?: string[]
  format?: string
}

export function resolveRef(root: JsonSchema, node: JsonSchema): JsonSchema {
  let current = node
  for (let i = 0; i < 10 && typeof current.$ref === 'string'; i++) {
    const ref = current.$ref as string
    if (!ref.startsWith('#/')) break
    let target: unknown = root
    for (const seg of ref.slice(2).split('/')) target = (target as Record<string, unknown>)?.[seg]
    // Keep sibling keywords (description, examples) next to the $ref.
    const {$ref: _ref, ...rest} = current
    current = {...(target as JsonSchema), ...rest}
  }
  return current
}

export function typeLabel(root: JsonSchema, node: JsonSchema): string {
  const s = resolveRef(root, node)
  if (Array.isArray(s.enum)) return 'choice'
  if (s.type === 'array') {
    const items = resolveRef(root, (s.items as JsonSchema) ?? {})
    return items.type === 'object' ? 'list of maps' : `list of ${typeLabel(root, items)}`
  }
  if (s.type === 'object') return 'map'
  if (s.format === 'date') return 'date'
  if (s.format === 'date-time') return 'date-time'
  return Array.isArray(s.type) ? (s.type as string[]).join('|') : String(s.type ?? 'any')
}

export function outline(root: JsonSchema): FieldOutline[] {
  const out: FieldOutline[] = []
  const walk = (node: JsonSchema, prefix: string, depth: number) => {
    const s = resolveRef(root, node)
    const props = (s.properties ?? {}) as Record<string, JsonSchema>
    const required = new Set((s.required as string[] | undefined) ?? [])
    for (const [name, child] of Object.entries(props)) {
      const c = resolveRef(root, child)
      const path = prefix ? `${prefix}.${name}` : name
      const items = c.type === 'array' ? resolveRef(root, (c.items as JsonSchema) ?? {}) : undefined
      const allowed = (Array.isArray(c.enum) ? c.enum : Array.isArray(items?.enum) ? items.enum : undefined) as unknown[] | undefined
      out.push({
        path: c.type === 'array' ? `${path}[]` : path,
        depth,
        type: typeLabel(root, c),
        required: required.has(name),
        description: String(c.description ?? ''),
        allowed: allowed?.map(String),
        format: typeof c.format === 'string' ? c.format : undefined,
      })
      if (c.type === 'object') walk(c, path, depth + 1)
      if (items?.type === 'object') walk(items, `${path}[]`, depth + 1)
    }
  }
  walk(root, '', 0)
  return out
}
