/**
 * OWG case conferences: participants are discussed by code, only at the OWG, only while they have
 * an open referral, and only with partners that a release of information in effect that day names
 * (a partner it does not name steps out: `excused`). Findings name the partner and the item's
 * number, never the participant: the position says which item.
 */
import {validSiteTimeZone as siteTimeZone} from '../../clock/site-zone.js'
import {checkConference} from '../../meetings/case-conference-check.js'
import {partnersAtTable} from '../../meetings/quorum.js'
import type {Consent, Meeting, Protocol, Referral} from '../../records/types.js'
import type {Rule, RuleContext} from '../rule-context.js'

export const caseConferenceRule: Rule = {
  name: 'case-conference',
  run(ctx: RuleContext) {
    const meetings = ctx.valid<Meeting>('meeting').filter(({data}) => (data.case_conferences ?? []).length > 0)
    if (meetings.length === 0) return
    // Only the referrals and consents of the participants discussed are read (found by the index's facts).
    const discussed = new Set(meetings.flatMap(({data}) => (data.case_conferences ?? []).map((c) => c.participant)))
    const ofDiscussed = <T>(kind: 'referral' | 'consent') => ctx.records.ofKind(kind).filter((r) => ctx.isValid(r) && discussed.has(ctx.field(r, 'participant') as string)).map((r) => r.data as unknown as T)
    const referrals = ofDiscussed<Referral>('referral')
    const consents = ofDiscussed<Consent>('consent')
    const protocols = ctx.valid<Protocol>('protocol').map((p) => p.data)
    // A referral or consent that fails its schema is reported there; its participant is not judged
    // here. One that cannot be read at all (a YAML typo) may be any participant's: while it is
    // there, no participant is judged (one typo would otherwise say of every conference that no
    // referral holds its code).
    const unsure = new Set<unknown>()
    let unreadable = false
    for (const kind of ['referral', 'consent'] as const) {
      for (const r of ctx.records.ofKind(kind)) {
        if (ctx.isValid(r)) continue
        if (ctx.isReadable(r)) unsure.add(ctx.field(r, 'participant'))
        else unreadable = true
      }
    }
    const timeZone = siteTimeZone(ctx.site)
    for (const {record, data: m} of meetings) {
      if (m.body === 'pcg') {
        ctx.report(record, ['case_conferences'], 'CASE_CONFERENCE_AT_PCG', 'the PCG sets policy and never discusses participants: case conferences belong to OWG meetings', 'move them to the OWG meeting where the participants were discussed')
        continue
      }
      if (m.status === 'cancelled') continue
      const table = partnersAtTable(m)
      const seen = new Map<string, number>()
      m.case_conferences!.forEach((c, i) => {
        const n = i + 1
        const first = seen.get(c.participant)
        if (first !== undefined) ctx.report(record, ['case_conferences', i, 'participant'], 'CONFERENCE_DUPLICATE', `case conference ${n} discusses the same participant as case conference ${first + 1}`, 'discuss each participant once per meeting: merge the two items')
        else seen.set(c.participant, n)
        if (c.last_contact !== undefined && c.last_contact > m.date) {
          ctx.report(record, ['case_conferences', i, 'last_contact'], 'LAST_CONTACT_AFTER_MEETING', `case conference ${n} reports a last contact on ${c.last_contact}, after the meeting (${m.date})`, 'last_contact is when the case manager last saw the participant, as reported at the meeting')
        }
        if (unreadable || unsure.has(c.participant)) return
        const check = checkConference({participant: c.participant, date: m.date, table, ...(c.excused ? {excused: c.excused} : {}), referrals, consents, protocols, ...(timeZone ? {timeZone} : {})})
        if (check.openReferrals.length === 0) {
          const known = referrals.some((r) => r.participant === c.participant)
          ctx.report(record, ['case_conferences', i, 'participant'], 'CONFERENCE_NOT_OPEN', known ? `the participant of case conference ${n} has no referral open on ${m.date}` : `no referral holds the participant code of case conference ${n}`, known ? 'the OWG discusses participants while their referral is open; check the code, or the referral\'s status and closed date' : 'check the code: it is the one on the participant\'s referrals (lead list referral --fields id,participant)')
          return
        }
        for (const p of check.partners) {
          if (p.status !== 'not_covered') continue
          // The partner as the gate prints it: an id the site declared, else concealed.
          const partner = ctx.shown(record, ['attendees', 0, 'partner'], p.partner)
          ctx.report(record, ['case_conferences', i, 'participant'], 'CONSENT_DOES_NOT_COVER', `no release of information in effect on ${m.date} names ${partner}, which is at the table for case conference ${n}`, `${partner} steps out while this participant is discussed (excused: [${partner}]), or record the signed consent that names it; information goes to a partner only while a consent in effect names it`)
        }
      })
    }
  },
}
