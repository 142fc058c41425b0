/**
 * Referrals judged under the protocol in force when received (src/core/referrals/eligibility.ts):
 * record problems are errors; screen-out reasons are errors only when the status claims the
 * referral is eligible or enrolled (warnings while it is still `received`). Also overdue intakes
 * and re-referral links.
 */
import {decideEligibility} from '../../referrals/eligibility.js'
import {receivedDate} from '../../referrals/protocol-in-force.js'
import {siteTimeZone} from '../../referrals/site-zone.js'
import type {Consent, Protocol, Referral} from '../../records/types.js'
import type {Rule, RuleContext} from '../rule-context.js'

/** Codes other rules already report at the same place. */
const REPORTED_ELSEWHERE = new Set(['UNKNOWN_PROTOCOL'])
const CLAIMS_ELIGIBLE = new Set<Referral['status']>(['eligible', 'enrolled'])

export const referralRule: Rule = {
  name: 'referral',
  run(ctx: RuleContext) {
    const tz = siteTimeZone(ctx.site)
    const protocols = ctx.valid<Protocol>('protocol').map((p) => p.data)
    const consents = ctx.valid<Consent>('consent').map((c) => c.data)
    const referrals = ctx.valid<Referral>('referral')
    const byId = new Map(referrals.map((r) => [r.data.id, r.data]))

    for (const {record, data} of referrals) {
      const decision = decideEligibility(data, {protocols, consents, timeZone: tz, asOf: ctx.asOf})
      for (const step of decision.steps) {
        if (step.ok !== false && step.effect !== 'warning') continue
        if (!step.code || !step.path || REPORTED_ELSEWHERE.has(step.code)) continue
        if (step.effect === 'invalid') ctx.report(record, step.path, step.code, step.message, step.hint)
        else if (step.effect === 'warning') ctx.report(record, step.path, step.code, step.message, step.hint, {severity: 'warning'})
        else if (CLAIMS_ELIGIBLE.has(data.status)) {
          ctx.report(record, step.path, step.code, `${step.message}, yet the status is ${data.status}`, step.hint ?? 'correct the record, or set status: ineligible')
        } else if (data.status === 'received') {
          ctx.report(record, step.path, step.code, `${step.message}: the referral will be ineligible`, step.hint ?? 'set status: ineligible once screened', {severity: 'warning'})
        }
      }

      const received = receivedDate(data, tz)
      const intake = decision.intake
      if (intake?.overdue) {
        ctx.report(record, ['status'], 'INTAKE_OVERDUE', `intake was due on ${intake.due} (${intake.deadlineDays} days after ${received}) and is not recorded as completed; status is still ${data.status}`, 'record intake.completed, or set status: intake_missed', {severity: 'warning'})
      }
      if (data.intake?.completed !== undefined && data.intake.completed < received) {
        ctx.report(record, ['intake', 'completed'], 'INTAKE_BEFORE_RECEIVED', `intake completed on ${data.intake.completed}, before the referral was received (${received})`, 'check the date')
      }

      if (data.previous !== undefined) {
        const prev = byId.get(data.previous)
        if (data.previous === data.id) {
          ctx.report(record, ['previous'], 'PREVIOUS_NOT_EARLIER', 'a referral cannot be its own previous referral', 'name the earlier referral of the same participant')
        } else if (prev) {
          if (prev.participant !== data.participant) {
            ctx.report(record, ['previous'], 'PREVIOUS_OTHER_PARTICIPANT', `previous referral ${prev.id} is of participant ${prev.participant}, not ${data.participant}`, 'a re-referral links to an earlier referral of the same participant')
          }
          if (Date.parse(prev.received) >= Date.parse(data.received)) {
            ctx.report(record, ['previous'], 'PREVIOUS_NOT_EARLIER', `previous referral ${prev.id} was received ${prev.received}, not before this one (${data.received})`, 'previous names an earlier referral')
          }
        }
      }
    }
  },
}
