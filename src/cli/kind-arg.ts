/** Parsing a KIND argument of the record commands. */
import {usageError} from '../core/errors.js'
import {KINDS, parseKind, type Kind} from '../core/records/kinds.js'
import {didYouMean} from '../core/text/suggest.js'

export function parseKindArg(value: string): Kind {
  const kind = parseKind(value)
  if (!kind) throw usageError('UNKNOWN_KIND', `unknown kind "${value}"${didYouMean(value, KINDS)}`, `kinds: ${KINDS.join(', ')}`)
  return kind
}
