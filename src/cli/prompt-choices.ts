/**
 * What a prompt offers to choose from: the site's records a field refers to (agencies, an agency's
 * officers, the protocol's charges…), and which fields apply to the answers given so far.
 */
import {chalk} from './render/colors.js'
import type {Kind} from '../core/records/kinds.js'
import type {RecordData, SiteRecords} from '../core/records/load.js'
import type {Partner, Protocol, Referral, Roster} from '../core/records/types.js'
import {governingProtocol} from '../core/referrals/protocol-in-force.js'
import type {Site} from '../core/site.js'

export interface Choice {
  value: string
  name: string
  description?: string
}

export interface ChoiceContext {
  kind: Kind
  data: RecordData
  site: Site
  records: SiteRecords
  timeZone?: string
}

/** The roster of an agency, if it has one. */
export function rosterOf(records: SiteRecords, agency: unknown): Roster | undefined {
  return records.dataOf<Roster>('roster').find((r) => r.agency === agency)
}

/** Fields that do not apply to what was already answered (a community referral has no officer). */
export function relevant(ctx: ChoiceContext, path: string): boolean {
  const pathway = ctx.data.pathway
  if (ctx.kind === 'referral' && path === 'referrer.partner') return pathway === 'community'
  if (ctx.kind === 'referral' && (path === 'referrer.agency' || path === 'referrer.badge')) return pathway !== 'community'
  return true
}

/** The protocol a referral is judged under: the one it names, else the one in force when received. */
function protocol(ctx: ChoiceContext): Protocol | undefined {
  const {data, records, timeZone} = ctx
  if (typeof data.received !== 'string' || Number.isNaN(Date.parse(data.received))) return undefined
  return governingProtocol(data as unknown as Referral, records.dataOf<Protocol>('protocol'), timeZone)
}

/** Records a field refers to, as choices; undefined for fields that refer to none. */
export function recordChoices(ctx: ChoiceContext, path: string, parent: RecordData = {}): Choice[] | undefined {
  const {kind, records, data, site} = ctx
  const generic = path.replace(/\[\d+\]/g, '[]')
  const partners = (filter?: (p: Partner) => boolean) =>
    records.dataOf<Partner>('partner').filter((p) => !filter || filter(p)).map((p) => ({value: p.id, name: `${p.id} — ${p.name}`}))
  const police = (p: Partner) => p.type === 'law_enforcement'
  const ids = (k: Kind) => records.ofKind(k).map((r) => ({value: r.id, name: r.id})).reverse()
  const officers = (agency: unknown) =>
    rosterOf(records, agency)?.officers.filter((o) => o.status === 'active').map((o) => ({value: o.badge, name: `${o.badge} — ${o.name}${o.district ? ` (${o.district})` : ''}`}))
  // The map being filled in (e.g. the referrer, while asking for its badge), else the record's.
  const referrer = (path.startsWith('referrer.') ? parent : (data.referrer ?? {})) as RecordData
  switch (`${kind}:${generic}`) {
    case 'referral:referrer.agency':
    case 'training:agency':
    case 'roster:agency':
      return partners(police)
    case 'referral:referrer.partner':
    case 'mou:parties[].partner':
    case 'mou:signatories[].partner':
    case 'protocol:duties[].partner':
    case 'consent:disclosers[]':
    case 'consent:recipients[]':
    case 'meeting:chair.partner':
    case 'meeting:attendees[].partner':
    case 'meeting:agenda[].presenter':
    case 'meeting:actions[].owner':
    case 'meeting:case_conferences[].excused[]':
      return partners()
    case 'referral:referrer.badge':
      return officers(referrer.agency)
    case 'training:attendees[]':
      return officers(data.agency)
    case 'referral:protocol':
    case 'training:protocol':
    case 'mou:protocol':
    case 'protocol:supersedes':
      return ids('protocol')
    case 'referral:charges[]':
      return protocol(ctx)?.divertible_charges.map((c) => ({value: c.code, name: `${c.code} — ${c.label}`}))
    case 'referral:screening.exclusions_hit[]':
      return protocol(ctx)?.exclusions.map((e) => ({value: e.id, name: `${e.id} — ${e.text}`}))
    case 'referral:catchment':
      return protocol(ctx)?.catchment?.map((c) => ({value: c.id, name: `${c.id} — ${c.name}`}))
    case 'referral:previous':
      return ids('referral')
    case 'referral:consent':
      return records.dataOf<{id: string; participant: string}>('consent').filter((c) => !data.participant || c.participant === data.participant).map((c) => ({value: c.id, name: `${c.id} (${c.participant})`}))
    case 'training:course':
      return site.config.courses.map((c) => ({value: c.id, name: `${c.id} — ${c.name}`}))
    default:
      return undefined
  }
}

/** A select entry that leaves the field empty. */
export const SKIP = '\u0000skip'
export const skipChoice = (label = '(leave empty)'): Choice => ({value: SKIP, name: chalk.dim(label)})
