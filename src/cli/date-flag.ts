/** Date flags (--as-of, --from, --to): YYYY-MM-DD or a usage error naming the flag. */
import {isIsoDate, type IsoDate} from '../core/clock/dates.js'
import {usageError} from '../core/errors.js'

export function dateFlag(name: string, value: string | undefined): IsoDate | undefined {
  if (value === undefined) return undefined
  if (!isIsoDate(value)) throw usageError('BAD_DATE', `--${name} ${value} is not a date`, 'write it as YYYY-MM-DD, e.g. 2026-11-27')
  return value
}

export function dateRange(from: string | undefined, to: string | undefined): {from?: IsoDate; to?: IsoDate} {
  const range = {from: dateFlag('from', from), to: dateFlag('to', to)}
  if (range.from && range.to && range.from > range.to) throw usageError('BAD_RANGE', `--from ${range.from} is after --to ${range.to}`, 'give the earlier date first')
  return range
}
