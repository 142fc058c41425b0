/**
 * A training session's sign-in sheet: the session header and one row per expected officer (the
 * agency's active officers, optionally narrowed by district, unit or shift), then blank rows for
 * walk-ins. Long rosters continue across pages with the table header repeated.
 */
import type {Officer, Protocol, Roster, Training} from '../records/types.js'
import type {FormDocument} from './document.js'
import {pageHeader, partnerName, type FormContext} from './form-context.js'
import {familySortKey} from '../training/officer-names.js'

export interface OfficerFilter {
  district?: string
  unit?: string
  shift?: string
}

export interface SignInInput {
  training: Training
  roster: Roster
  /** The protocol version taught, when the session names one that exists. */
  protocol?: Protocol
  filter?: OfficerFilter
  /** Blank rows after the expected officers (default 5). */
  blankRows?: number
}

const same = (a: string | undefined, b: string | undefined) => b === undefined || (a ?? '').toLowerCase() === b.toLowerCase()

/** Active officers matching every given filter (case-insensitive). */
export function expectedOfficers(roster: Roster, filter: OfficerFilter = {}): Officer[] {
  return roster.officers.filter((o) => o.status === 'active' && same(o.district, filter.district) && same(o.unit, filter.unit) && same(o.shift, filter.shift))
}

/** Surname order, the way people look for their own name on a sheet. */
const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'})

/** By family name (the export's own column, else "Marikay O Brien" under O), then given name, then badge. */
function byFamilyName(officers: Officer[]): Officer[] {
  const keyed = officers.map((o) => ({o, key: familySortKey(o)}))
  keyed.sort((a, b) => collator.compare(a.key, b.key) || collator.compare(a.o.badge, b.o.badge))
  return keyed.map((k) => k.o)
}

export function buildSignInSheet(ctx: FormContext, input: SignInInput): FormDocument {
  const {training: t, roster, protocol} = input
  const officers = byFamilyName(expectedOfficers(roster, input.filter))
  const course = ctx.courses.find((c) => c.id === t.course)?.name ?? t.course
  const f = input.filter ?? {}
  const narrowed = [f.district && `district ${f.district}`, f.unit && `unit ${f.unit}`, f.shift && `shift ${f.shift}`].filter(Boolean).join(', ')
  const rows = officers.map((o, i) => [String(i + 1), o.badge, o.name, o.rank ?? '', [o.unit, o.district, o.shift].filter(Boolean).join(' · '), ''])
  for (let i = 0; i < (input.blankRows ?? 5); i++) rows.push([String(officers.length + i + 1), '', '', '', '', ''])
  return {
    form: 'sign-in',
    title: 'Training sign-in sheet',
    subtitle: `${course} · ${t.date}`,
    header: pageHeader(ctx),
    footer: `Session ${t.id}`,
    date: t.date,
    page: 'document',
    blocks: [
      {
        type: 'fields',
        columns: 2,
        rows: [
          {label: 'Course', value: course},
          {label: 'Date', value: t.date},
          {label: 'Agency', value: partnerName(ctx, t.agency)},
          {label: 'Location', value: t.location ?? ''},
          {label: 'Trainers', value: (t.trainers ?? []).join(', ')},
          {label: 'Protocol taught', value: protocol ? `version ${protocol.version} (${protocol.id})` : (t.protocol ?? '')},
          {label: 'Session', value: t.id},
          {label: 'Expected', value: `${officers.length} active officer${officers.length === 1 ? '' : 's'}${narrowed ? ` (${narrowed})` : ''}, roster as of ${roster.as_of}`},
        ],
      },
      {type: 'paragraph', style: 'small', text: 'Sign next to your name. If your name is missing, write your badge, name and unit on a blank row at the end.'},
      {
        type: 'table',
        rowHeight: 22,
        columns: [
          {header: '#', width: 0.4, align: 'right'},
          {header: 'Badge', width: 0.8},
          {header: 'Name', width: 2.2},
          {header: 'Rank', width: 1.1},
          {header: 'Unit · district · shift', width: 1.9},
          // About 2.5 in on Letter: room for a signature.
          {header: 'Signature', width: 3.6},
        ],
        rows,
      },
    ],
    sources: [],
  }
}
