/** Parsing the KIND argument of schema commands (record kinds plus `lead` for lead.yaml). */
import {usageError} from '../core/errors.js'
import {parseKind} from '../core/records/kinds.js'
import {SCHEMA_NAMES, type SchemaName} from '../core/schemas/schema-registry.js'
import {didYouMean} from '../core/text/suggest.js'

export function parseSchemaName(value: string): SchemaName {
  if (value === 'lead' || value === 'lead.yaml' || value === 'config') return 'lead'
  const kind = parseKind(value)
  if (kind) return kind
  throw usageError('UNKNOWN_KIND', `unknown kind "${value}"${didYouMean(value, SCHEMA_NAMES)}`, `kinds: ${SCHEMA_NAMES.join(', ')}`)
}
