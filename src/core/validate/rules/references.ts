/**
 * Every reference between records resolves: partners, protocols, courses, officers' badges,
 * previous referrals and consents. Reported at the referencing node, with the closest match.
 */
import type {Kind} from '../../records/kinds.js'
import type {SiteRecord} from '../../records/load.js'
import type {Consent, Meeting, Mou, Protocol, Referral, Roster, Training} from '../../records/types.js'
import {parseDecisionRef} from '../../meetings/decision-ref.js'
import type {DataPath} from '../../records/yaml-source.js'
import type {Rule, RuleContext} from '../rule-context.js'
import {didYouMean} from '../../text/suggest.js'

const NOUN: Partial<Record<Kind, string>> = {partner: 'partner', protocol: 'protocol', referral: 'referral', consent: 'consent', mou: 'MOU', meeting: 'meeting'}
const CODE: Partial<Record<Kind, string>> = {partner: 'UNKNOWN_PARTNER', protocol: 'UNKNOWN_PROTOCOL', referral: 'UNKNOWN_REFERRAL', consent: 'UNKNOWN_CONSENT', mou: 'UNKNOWN_MOU', meeting: 'UNKNOWN_MEETING'}

/** The file of each agency's roster (what a badge finding also involves). */
export function rosterFiles(ctx: RuleContext): Map<string, string> {
  const map = new Map<string, string>()
  for (const record of ctx.records.ofKind('roster')) {
    const agency = (record.data as Partial<Roster> | undefined)?.agency
    map.set(typeof agency === 'string' ? agency : record.id, record.file)
  }
  return map
}

/** Badges on each agency's roster, for badge lookups. */
export function rosterBadges(ctx: RuleContext): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>()
  for (const record of ctx.records.ofKind('roster')) {
    const roster = record.data as Partial<Roster> | undefined
    if (!roster || !Array.isArray(roster.officers)) continue
    const set = new Set<string>()
    for (const o of roster.officers) {
      if (o && typeof o.badge === 'string') set.add(o.badge)
      // Earlier badges count too: an old sheet or referral names the officer who held it then.
      if (o && Array.isArray(o.history)) for (const h of o.history) if (h?.field === 'badge' && typeof h.from === 'string') set.add(h.from)
    }
    map.set(typeof roster.agency === 'string' ? roster.agency : record.id, set)
  }
  return map
}

interface Checks {
  /** Report `id` at `path` when no record of `kind` has it. */
  need(record: SiteRecord, path: DataPath, kind: Kind, id: unknown): void
  /** Report a badge missing from its agency's roster (or an agency with no roster). */
  needBadge(record: SiteRecord, path: DataPath, agency: string | undefined, badge: string): void
}

const checksOf = new WeakMap<RuleContext, Checks>()

/** The reference checks of a run (the rosters' badges read once). */
function checks(ctx: RuleContext): Checks {
  const known = checksOf.get(ctx)
  if (known) return known
  const ids = (kind: Kind, except: SiteRecord) => ctx.records.ofKind(kind).filter((r) => r !== except).map((r) => r.id)
  let badges: Map<string, Set<string>> | undefined
  let rosters: Map<string, string> | undefined
  const made: Checks = {
    need(record, path, kind, id) {
      if (typeof id !== 'string' || ctx.records.has(kind, id)) return
      ctx.report(record, path, CODE[kind]!, `unknown ${NOUN[kind]} ${ctx.quoted(record, path, id)}${didYouMean(id, ids(kind, record))}`, `see \`lead list ${kind}\` for the ${kind} IDs`)
    },
    needBadge(record, path, agency, badge) {
      if (!agency || !ctx.records.has('partner', agency)) return
      const roster = (badges ??= rosterBadges(ctx)).get(agency)
      if (!roster) {
        ctx.report(record, path, 'NO_ROSTER', `agency "${agency}" has no roster, so badge ${ctx.quoted(record, path, badge)} cannot be checked`, `add rosters/${agency}.yaml (lead training import-roster)`)
      } else if (!roster.has(badge)) {
        ctx.report(record, path, 'UNKNOWN_BADGE', `badge ${ctx.quoted(record, path, badge)} is not on the ${agency} roster${didYouMean(badge, roster)}`, 'check the badge number, or add the officer to the roster', {related: [(rosters ??= rosterFiles(ctx)).get(agency)]})
      }
    },
  }
  checksOf.set(ctx, made)
  return made
}

export const referencesRule: Rule = {
  name: 'references',
  runReads: 'context',
  run(ctx: RuleContext) {
    const {need, needBadge} = checks(ctx)
    const courses = new Set(ctx.site.config.courses.map((c) => c.id))

    for (const {record, data} of ctx.valid<Protocol>('protocol')) {
      need(record, ['supersedes'], 'protocol', data.supersedes)
      if (data.adopted?.decision) need(record, ['adopted', 'decision'], 'meeting', parseDecisionRef(data.adopted.decision)?.meeting)
      data.duties?.forEach((d, i) => need(record, ['duties', i, 'partner'], 'partner', d.partner))
    }
    for (const {record, data} of ctx.valid<Mou>('mou')) {
      need(record, ['protocol'], 'protocol', data.protocol)
      data.parties.forEach((p, i) => need(record, ['parties', i, 'partner'], 'partner', p.partner))
      data.signatories.forEach((s, i) => need(record, ['signatories', i, 'partner'], 'partner', s.partner))
    }
    for (const {record, data} of ctx.valid<Roster>('roster')) {
      need(record, ['agency'], 'partner', data.agency)
      if (data.agency !== record.id) ctx.report(record, ['agency'], 'ROSTER_AGENCY', `roster ${record.id} is for agency "${data.agency}"`, `a roster's file is named after its agency: rosters/${data.agency}.yaml`)
      // A badge is one serving officer's at a time; a reissued badge stays on the officer who left.
      const serving = new Map<string, number>()
      const ids = new Map<string, number>()
      let unmigrated = 0
      data.officers.forEach((o, i) => {
        if (o.id === undefined) unmigrated++
        else if (ids.has(o.id)) ctx.report(record, ['officers', i, 'id'], 'DUPLICATE_OFFICER_ID', `officer id "${o.id}" appears twice (also officers[${ids.get(o.id)}])`, 'an id is one person: merge the two entries, or give one its own HR employee number')
        else ids.set(o.id, i)
        if (o.status !== 'active' && o.status !== 'leave') return
        const first = serving.get(o.badge)
        if (first !== undefined) ctx.report(record, ['officers', i, 'badge'], 'DUPLICATE_BADGE', `badge "${o.badge}" is held by two serving officers (also officers[${first}])`, 'one officer is listed twice (merge the entries), or one of them left or has another badge now')
        else serving.set(o.badge, i)
      })
      if (unmigrated > 0) ctx.report(record, ['officers'], 'ROSTER_NOT_MIGRATED', `${unmigrated} officer${unmigrated === 1 ? ' has' : 's have'} no id: this roster still keys officers by badge`, 'run `lead training migrate-rosters` once (one commit; history and training stay with each officer)', {severity: 'warning'})
    }
    for (const {record, data} of ctx.valid<Training>('training')) {
      need(record, ['agency'], 'partner', data.agency)
      need(record, ['protocol'], 'protocol', data.protocol)
      if (!courses.has(data.course)) {
        ctx.report(record, ['course'], 'UNKNOWN_COURSE', `unknown course "${data.course}"${didYouMean(data.course, courses)}`, 'courses are listed in lead.yaml under courses:')
      }
      data.attendees?.forEach((a, i) => {
        need(record, ['attendees', i, 'agency'], 'partner', a.agency)
        needBadge(record, ['attendees', i, 'badge'], a.agency ?? data.agency, a.badge)
      })
    }
    for (const {record, data} of ctx.valid<Meeting>('meeting')) {
      need(record, ['chair', 'partner'], 'partner', data.chair?.partner)
      data.attendees?.forEach((a, i) => need(record, ['attendees', i, 'partner'], 'partner', a.partner))
      data.agenda?.forEach((a, i) => need(record, ['agenda', i, 'presenter'], 'partner', a.presenter))
      data.decisions?.forEach((d, i) => d.concerns?.forEach((c, j) => need(record, ['decisions', i, 'concerns', j, 'id'], c.kind, c.id)))
      data.case_conferences?.forEach((c, i) => c.excused?.forEach((p, j) => need(record, ['case_conferences', i, 'excused', j], 'partner', p)))
      data.actions?.forEach((a, i) => need(record, ['actions', i, 'owner'], 'partner', a.owner))
    }
  },
  // Referrals and consents: what they name is checked against which records exist (their IDs).
  perRecord: {
    kinds: ['referral', 'consent'],
    ids: ['referral', 'consent'],
    // What `need` below looks up of those kinds: a consent names partners only.
    names: (ctx, record) => (record.kind === 'referral' ? [['referral', ctx.field(record, 'previous')], ['consent', ctx.field(record, 'consent')]] : []),
    prepare: checks,
    check(_ctx: RuleContext, record: SiteRecord, {need, needBadge}: Checks) {
      if (record.kind === 'consent') {
        const data = record.data as unknown as Consent
        data.disclosers.forEach((p, i) => need(record, ['disclosers', i], 'partner', p))
        data.recipients.forEach((p, i) => need(record, ['recipients', i], 'partner', p))
        return
      }
      const data = record.data as unknown as Referral
      need(record, ['protocol'], 'protocol', data.protocol)
      need(record, ['referrer', 'agency'], 'partner', data.referrer.agency)
      need(record, ['referrer', 'partner'], 'partner', data.referrer.partner)
      if (data.referrer.badge !== undefined) needBadge(record, ['referrer', 'badge'], data.referrer.agency, data.referrer.badge)
      need(record, ['previous'], 'referral', data.previous)
      need(record, ['consent'], 'consent', data.consent)
    },
  },
}
