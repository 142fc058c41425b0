/**
 * Training rules: an attendee was on the agency's roster and active on the session date (badges
 * missing from the roster are UNKNOWN_BADGE, in references.ts); a referring officer holds a
 * training valid on the referral date (a warning by default: sites set REFERRER_UNTRAINED to
 * error or off in lead.yaml `rules:`).
 */
import {siteTimeZone} from '../../referrals/site-zone.js'
import type {Officer, Referral, Roster, Training} from '../../records/types.js'
import {receivedDate} from '../../referrals/protocol-in-force.js'
import {stateOn} from '../../training/officer-timeline.js'
import {officerKey, TrainingIndex} from '../../training/training-validity.js'
import type {Rule, RuleContext} from '../rule-context.js'

export const trainingRule: Rule = {
  name: 'training',
  run(ctx: RuleContext) {
    const officers = new Map<string, Officer>()
    for (const {data} of ctx.valid<Roster>('roster')) {
      for (const o of data.officers) {
        const key = officerKey(data.agency, o.badge)
        if (!officers.has(key)) officers.set(key, o)
      }
    }
    const trainings = ctx.valid<Training>('training')
    for (const {record, data} of trainings) {
      const seen = new Map<string, number>()
      data.attendees.forEach((a, i) => {
        const agency = a.agency ?? data.agency
        const key = officerKey(agency, a.badge)
        const first = seen.get(key)
        if (first !== undefined) {
          ctx.report(record, ['attendees', i, 'badge'], 'DUPLICATE_ATTENDEE', `badge "${a.badge}" is listed twice (also attendees[${first}])`, 'list each attendee once', {severity: 'warning'})
          return
        }
        seen.set(key, i)
        const officer = officers.get(key)
        if (!officer) return
        const state = stateOn(officer, data.date)
        if (!state.onRoster) {
          ctx.report(record, ['attendees', i, 'badge'], 'ATTENDEE_NOT_ACTIVE', `officer ${a.badge} (${officer.name}) joined ${agency} on ${officer.since}, after this ${data.date} session`, `check the badge, or correct since: in rosters/${agency}.yaml`)
        } else if (state.status === 'leave') {
          ctx.report(record, ['attendees', i, 'badge'], 'ATTENDEE_ON_LEAVE', `officer ${a.badge} (${officer.name}) was on leave on ${data.date}`, `check the badge, or the officer's status history in rosters/${agency}.yaml`, {severity: 'warning'})
        } else if (state.status !== 'active') {
          ctx.report(record, ['attendees', i, 'badge'], 'ATTENDEE_NOT_ACTIVE', `officer ${a.badge} (${officer.name}) was ${state.status} on the session date ${data.date}`, `check the badge, or the officer's status history in rosters/${agency}.yaml`)
        }
      })
    }

    const referrals = ctx.valid<Referral>('referral')
    if (referrals.length === 0) return
    const index = new TrainingIndex(
      trainings.map((t) => t.data),
      ctx.site.config.courses,
    )
    const tz = siteTimeZone(ctx.site)
    for (const {record, data} of referrals) {
      const {agency, badge} = data.referrer
      if (!agency || !badge || !officers.has(officerKey(agency, badge))) continue
      const date = receivedDate(data, tz)
      if (index.validOn(agency, badge, date)) continue
      const last = index.lastOn(agency, badge, date)
      const why = last ? `whose last training (${last.course}, ${last.date}) expired on ${index.latestExpiryOn(agency, badge, date)!.expires}` : 'who had no LEAD training'
      ctx.report(record, ['referrer', 'badge'], 'REFERRER_UNTRAINED', `referred on ${date} by officer ${badge} of ${agency}, ${why}`, 'schedule the officer for training (lead training due); set REFERRER_UNTRAINED in lead.yaml rules: to change this severity', {severity: 'warning'})
    }
  },
}
