/**
 * The referral reports as spreadsheet rows: one row per bucket (every bucket of the range, zeros
 * included) or per funnel stage. Shares are fractions (0.375) rounded to 4 places, as in --json.
 */
import type {FlatRow} from '../../core/records/flat-export.js'
import type {FunnelReport} from '../../core/referrals/funnel.js'
import type {ReferralVolume} from '../../core/referrals/volume.js'

const fraction = (x: number | undefined) => (x === undefined ? null : Math.round(x * 10_000) / 10_000)

export function volumeCsv(v: ReferralVolume): {columns: string[]; rows: FlatRow[]} {
  const withCoverage = v.by === 'hour' || v.by === 'weekday'
  const period = v.by === 'week' || v.by === 'month'
  const columns = [v.by, 'referrals', 'share', 'off_hours', ...(withCoverage ? ['coverage', 'staffed_minutes'] : []), ...(period ? ['partial'] : [])]
  const rows = v.buckets.map((b) => {
    const row: FlatRow = {[v.by]: b.key, referrals: b.count, share: fraction(b.share), off_hours: b.offHours}
    if (withCoverage) Object.assign(row, {coverage: b.coverage ?? null, staffed_minutes: b.staffedMinutes ?? null})
    if (period) row.partial = b.partial === true
    return row
  })
  return {columns, rows}
}

export function funnelCsv(f: FunnelReport): {columns: string[]; rows: FlatRow[]} {
  const rows: FlatRow[] = []
  for (const funnel of [f.total, ...(f.byPathway ?? [])]) {
    for (const s of funnel.stages) rows.push({group: funnel.group ?? 'all', stage: s.stage, count: s.count, of_referred: fraction(s.ofReferred), of_previous: fraction(s.ofPrevious)})
  }
  return {columns: ['group', 'stage', 'count', 'of_referred', 'of_previous'], rows}
}
