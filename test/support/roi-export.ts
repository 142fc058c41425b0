/**
 * A case-management provider's release-of-information log for the example site (Harbor County), as
 * a provider's system exports one: a form number, the client's name and birth date (columns an
 * import must never read), the LEAD participant code, the dates signed, expiring and revoked, and
 * the parties in the provider's own words, several in one cell with whatever separator the person
 * typing chose ("Evergreen CM; Harbor PD", "Evergreen CM, County Prosecutor | Public Defense").
 *
 * Generated from a fixed seed over the participant codes the caller gives (the site's referrals),
 * so every run gives the same file. `specials` places the rows the tests name and says on which line.
 */
import {seededRandom} from './seeded-random.js'

/** The provider's names for the example site's partners. */
export const PROVIDER_PARTNERS: Readonly<Record<string, string>> = {
  'Evergreen CM': 'evergreen-case-management',
  'Harbor PD': 'harbor-pd',
  'County Prosecutor': 'harbor-county-prosecutor',
  'Public Defense': 'harbor-public-defense',
  'Tidewater BH': 'tidewater-behavioral-health',
  'Housing Coalition': 'harbor-housing-coalition',
  'LEAD PM': 'harbor-lead-pm',
}

/** The --value maps a project manager writes for this log. */
export const ROI_VALUE_MAPS = ['disclosers', 'recipients'].map((f) => `${f}:${Object.entries(PROVIDER_PARTNERS).map(([from, to]) => `${from}=${to}`).join(',')}`)

export const ROI_HEADER = ['ROI Form #', 'Client Name', 'Client DOB', 'LEAD Code', 'Date Signed', 'Expiration Date', 'Date Revoked', 'May Disclose', 'May Receive', 'Witness'] as const

export interface RoiRow {
  /** The line of the CSV (the header is line 1). */
  line: number
  cells: Record<(typeof ROI_HEADER)[number], string>
}

export interface RoiExport {
  csv: string
  rows: RoiRow[]
  specials: {unknownParticipant?: number; unmappedPartner?: number}
}

const GIVEN = ['MARIA', 'JAMES', 'DEVON', 'LINDA', 'ROBERTO', 'KEISHA', 'TYLER', 'ANH', 'SAMUEL', 'GRACE']
const FAMILY = ['GARCIA', 'JOHNSON', 'NGUYEN', 'WILLIAMS', 'MARTINEZ', 'BROWN', 'LEE', 'THOMPSON', 'WHITE', 'LOPEZ']
const pad = (n: number) => String(n).padStart(2, '0')
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

export function roiExport(codes: readonly string[], options: {unknownParticipant?: boolean; unmappedPartner?: boolean; seed?: number} = {}): RoiExport {
  const rand = seededRandom(options.seed ?? 20_261_201)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  const names = Object.keys(PROVIDER_PARTNERS)
  const parties = (first: string) => {
    const chosen = [first, ...names.filter((n) => n !== first && rand() < 0.3)]
    return chosen.map((n, i) => (i === 0 ? n : `${pick(['; ', ', ', ' | ', ';'])}${n}`)).join('')
  }
  const start = Date.UTC(2025, 9, 1)
  const rows: RoiRow[] = codes.map((code, i) => {
    const signed = start + Math.floor(rand() * 360) * 86_400_000
    const fixedEnd = rand() < 0.75
    const revoked = rand() < 0.15 ? day(signed + (10 + Math.floor(rand() * 50)) * 86_400_000) : ''
    return {
      line: 0,
      cells: {
        'ROI Form #': `ROI-${String(4100 + i * 7)}`,
        'Client Name': `${pick(FAMILY)}, ${pick(GIVEN)}`,
        'Client DOB': `19${60 + Math.floor(rand() * 40)}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`,
        'LEAD Code': code,
        'Date Signed': day(signed),
        'Expiration Date': fixedEnd ? day(signed + 365 * 86_400_000) : '',
        'Date Revoked': revoked,
        'May Disclose': parties('Evergreen CM'),
        'May Receive': parties(pick(['Evergreen CM', 'LEAD PM'])),
        Witness: rand() < 0.5 ? 'Casey Ruiz' : '',
      },
    }
  })
  rows.sort((a, b) => a.cells['Date Signed'].localeCompare(b.cells['Date Signed']))
  rows.forEach((r, i) => (r.line = i + 2))
  const specials: RoiExport['specials'] = {}
  if (options.unknownParticipant) {
    rows[Math.floor(rows.length * 0.3)]!.cells['LEAD Code'] = 'P-ZZZZ99'
    specials.unknownParticipant = Math.floor(rows.length * 0.3) + 2
  }
  if (options.unmappedPartner) {
    const row = rows[Math.floor(rows.length * 0.6)]!
    row.cells['May Receive'] = `${row.cells['May Receive']}; Harbor Fire Dept`
    specials.unmappedPartner = row.line
  }
  const lines = [ROI_HEADER.join(','), ...rows.map((r) => ROI_HEADER.map((h) => csvCell(r.cells[h])).join(','))]
  return {csv: `${lines.join('\r\n')}\r\n`, rows, specials}
}
