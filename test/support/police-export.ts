/**
 * A police records export for the example site (Harbor County, America/Los_Angeles), as a records
 * management system writes one: one row per arrest or contact, the department's own codes (agency
 * HPD/HCSO, contact type, offense codes), statute text ("RCW 9A.56.050 THEFT 3RD DEGREE"), local
 * date and time columns without an offset, officer badges from the example rosters, the officer's
 * and the arrestee's names and birth dates (columns an import must never read), and a disposition
 * of which only "LEAD REFERRAL" rows are referrals. Social contacts carry the dated prior contact
 * they rest on.
 *
 * Generated from a fixed seed, so every run gives the same file. Rows fall between 2025-10-01 and
 * 2026-04-30, so both daylight-saving nights are inside; `specials` places the rows the tests
 * name (a time in the repeated fall-back hour, one in the skipped spring-forward hour, a name in
 * the LEAD notes, an offense no protocol lists, perhaps with a phone number in its notes) and says on
 * which line each landed.
 */

import {seededRandom} from './seeded-random.js'

/** Offenses the department codes, with the statute each is charged under (the example protocols list all but the last). */
export const OFFENSES = [
  {code: '3510', statute: 'RCW 69.50.4013', text: 'VUCSA POSSESSION', drug: true, from: '2025-01-01'},
  {code: '2399', statute: 'RCW 9A.56.050', text: 'THEFT 3RD DEGREE', drug: false, from: '2025-01-01'},
  {code: '5707', statute: 'RCW 9A.52.080', text: 'CRIMINAL TRESPASS 2ND DEGREE', drug: false, from: '2025-01-01'},
  {code: '5311', statute: 'RCW 9A.84.030', text: 'DISORDERLY CONDUCT', drug: false, from: '2025-01-01'},
  {code: '4004', statute: 'RCW 9A.88.030', text: 'PROSTITUTION', drug: false, from: '2025-01-01'},
  // Divertible only under the second protocol (in force from 2026-03-01).
  {code: '2902', statute: 'RCW 9A.48.090', text: 'MALICIOUS MISCHIEF 3RD DEGREE', drug: false, from: '2026-03-01'},
  {code: '2804', statute: 'RCW 9A.56.170', text: 'PSP 3RD DEGREE', drug: false, from: '2026-03-01'},
] as const

/** On no protocol's divertible list. */
export const NOT_DIVERTIBLE = {code: '1313', statute: 'RCW 9A.36.041', text: 'ASSAULT 4TH DEGREE'}

/** The --value maps a project manager writes for this export (the department's codes → the site's). */
export const EXPORT_VALUE_MAPS = [
  `charges:${OFFENSES.map((o) => `${o.code}=${o.statute}`).join(',')}`,
  'agency:HPD=harbor-pd,HCSO=harbor-county-sheriff',
  'pathway:ARREST=arrest_diversion,SOCIAL CONTACT=social_contact',
  'status:PEND=received,DECL=declined',
]

const AGENCIES = {
  HPD: {badges: ['0412', '0077', '0577', '0139', '1045', '0450', '0967', '1310', '1401', '0031'], beats: ['D1', 'D2', 'D3']},
  HCSO: {badges: ['2218', '2104', '2256', '2049', '2301'], beats: ['N']},
} as const

const OFFICERS = ['Dana Ortiz', 'Marcus Bell', 'Priya Natarajan', 'Tom Kowalski', 'Aisha Grant']
const GIVEN = ['MARIA', 'JAMES', 'DEVON', 'LINDA', 'ROBERTO', 'KEISHA', 'TYLER', 'ANH', 'SAMUEL', 'GRACE']
const FAMILY = ['GARCIA', 'JOHNSON', 'NGUYEN', 'WILLIAMS', 'MARTINEZ', 'BROWN', 'LEE', 'THOMPSON', 'WHITE', 'LOPEZ']
const CONDUCT = ['Trespass warning at the transit center.', 'Sleeping in a doorway; offered shelter.', 'Welfare check at the library.', 'Loitering complaint at the ferry terminal.']
const NOTES = ['Prefers afternoon check-ins.', 'Has a dog; needs pet-friendly shelter.', 'Asked for a follow-up at the day center.', 'Phone handoff; case manager to follow up.']

export const HEADER = ['Report Number', 'Agency', 'Contact Type', 'Arrest Date', 'Arrest Time', 'Offense Code', 'Statute', 'Qty (g)', 'Beat', 'Officer Badge', 'Officer Name', 'Arrestee Name', 'Arrestee DOB', 'Disposition', 'LEAD Status', 'Age 18+', 'Exclusions', 'Prior Contact Date', 'Prior Contact', 'LEAD Notes'] as const

export interface ExportRow {
  /** The line of the CSV (the header is line 1). */
  line: number
  cells: Record<(typeof HEADER)[number], string>
}

export interface PoliceExportOptions {
  seed?: number
  rows?: number
  /** A row at 01:30 on 2025-11-02 (the hour repeated when clocks went back). Default true. */
  fallBack?: boolean
  /** A row at 02:30 on 2026-03-08 (the hour skipped when clocks went forward). */
  springGap?: boolean
  /** A LEAD referral whose notes name a person. */
  nameInNotes?: boolean
  /** A LEAD referral whose offense no protocol lists. */
  notDivertible?: boolean
  /** With notDivertible: that row's LEAD notes hold a phone number too (PHONE_IN_NOTES). */
  phoneInNotes?: boolean
}

/** The LEAD notes phoneInNotes writes. */
export const PHONE_IN_NOTES = 'Call her cousin at 360-555-0142 after 5 PM.'

export interface PoliceExport {
  csv: string
  rows: ExportRow[]
  /** Lines of the rows the options placed. */
  specials: {fallBack?: number; springGap?: number; nameInNotes?: number; notDivertible?: number}
  /** The lines of the "LEAD REFERRAL" rows. */
  referralLines: number[]
}

const pad = (n: number) => String(n).padStart(2, '0')
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)

export function policeExport(options: PoliceExportOptions = {}): PoliceExport {
  const rand = seededRandom(options.seed ?? 20_261_130)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  const count = options.rows ?? 300
  const start = Date.UTC(2025, 9, 1)
  const days = Math.round((Date.UTC(2026, 3, 30) - start) / 86_400_000) + 1

  const cellsOf = (i: number): ExportRow['cells'] => {
    const agency = rand() < 0.8 ? 'HPD' : 'HCSO'
    const date = new Date(start + Math.floor(rand() * days) * 86_400_000).toISOString().slice(0, 10)
    // Staffed hours (06:00–20:00), so the handoff rules stay quiet; no time in a DST hour.
    const time = `${pad(6 + Math.floor(rand() * 14))}:${pad(Math.floor(rand() * 60))}`
    const disposition = rand() < 0.6 ? 'LEAD REFERRAL' : pick(['BOOKED', 'CITED & RELEASED'])
    const social = disposition === 'LEAD REFERRAL' && rand() < 0.12
    const offenses = OFFENSES.filter((o) => o.from <= date)
    const charged = social ? [] : rand() < 0.2 ? [pick(offenses), pick(offenses)].filter((o, k, all) => all.indexOf(o) === k) : [pick(offenses)]
    const drug = charged.some((o) => o.drug)
    const given = pick(GIVEN)
    const family = pick(FAMILY)
    return {
      'Report Number': `${date.slice(2, 4)}-${String(100_000 + i * 37).padStart(6, '0')}`,
      Agency: agency,
      'Contact Type': social ? 'SOCIAL CONTACT' : 'ARREST',
      'Arrest Date': date,
      'Arrest Time': time,
      'Offense Code': charged.map((o) => o.code).join('; '),
      Statute: charged.map((o) => `${o.statute} ${o.text}`).join('; '),
      'Qty (g)': drug ? (0.1 + Math.floor(rand() * 25) / 10).toFixed(1) : '',
      Beat: pick(AGENCIES[agency].beats),
      'Officer Badge': pick(AGENCIES[agency].badges),
      'Officer Name': pick(OFFICERS),
      'Arrestee Name': `${family}, ${given}`,
      'Arrestee DOB': `19${60 + Math.floor(rand() * 40)}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`,
      Disposition: disposition,
      'LEAD Status': disposition === 'LEAD REFERRAL' ? pick(['PEND', 'PEND', 'PEND', 'DECL']) : '',
      'Age 18+': disposition === 'LEAD REFERRAL' ? 'Y' : '',
      Exclusions: disposition === 'LEAD REFERRAL' ? 'NONE' : '',
      'Prior Contact Date': social ? new Date(Date.parse(date) - (1 + Math.floor(rand() * 300)) * 86_400_000).toISOString().slice(0, 10) : '',
      'Prior Contact': social ? pick(CONDUCT) : '',
      'LEAD Notes': disposition === 'LEAD REFERRAL' && rand() < 0.15 ? pick(NOTES) : '',
    }
  }
  const rows: ExportRow[] = []
  for (let i = 0; i < count; i++) rows.push({line: i + 2, cells: cellsOf(i)})
  rows.sort((a, b) => `${a.cells['Arrest Date']} ${a.cells['Arrest Time']}`.localeCompare(`${b.cells['Arrest Date']} ${b.cells['Arrest Time']}`))
  rows.forEach((r, i) => (r.line = i + 2))

  // The placed rows: each a LEAD referral rewritten in place, at a fixed share of the file.
  const specials: PoliceExport['specials'] = {}
  const place = (name: keyof PoliceExport['specials'], at: number, edit: (c: ExportRow['cells']) => void) => {
    const row = rows.slice(Math.floor(rows.length * at)).find((r) => r.cells.Disposition === 'LEAD REFERRAL' && r.cells['Contact Type'] === 'ARREST' && !Object.values(specials).includes(r.line))!
    edit(row.cells)
    specials[name] = row.line
  }
  const moveTo = (c: ExportRow['cells'], date: string, time: string) => {
    c['Arrest Date'] = date
    c['Arrest Time'] = time
    c['Report Number'] = `${date.slice(2, 4)}${c['Report Number'].slice(2)}`
  }
  if (options.fallBack !== false) place('fallBack', 0.2, (c) => moveTo(c, '2025-11-02', '01:30'))
  if (options.springGap) place('springGap', 0.5, (c) => moveTo(c, '2026-03-08', '02:30'))
  if (options.nameInNotes) place('nameInNotes', 0.6, (c) => (c['LEAD Notes'] = 'Left with his sister Ana Morales.'))
  if (options.notDivertible) {
    place('notDivertible', 0.7, (c) => {
      c['Offense Code'] = NOT_DIVERTIBLE.code
      c.Statute = `${NOT_DIVERTIBLE.statute} ${NOT_DIVERTIBLE.text}`
      c['Qty (g)'] = ''
      if (options.phoneInNotes) c['LEAD Notes'] = PHONE_IN_NOTES
    })
  }
  const lines = [HEADER.join(','), ...rows.map((r) => HEADER.map((h) => csvCell(r.cells[h])).join(','))]
  return {csv: `${lines.join('\r\n')}\r\n`, rows, specials, referralLines: rows.filter((r) => r.cells.Disposition === 'LEAD REFERRAL').map((r) => r.line)}
}
