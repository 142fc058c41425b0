/**
 * MOUs: every party has a signatory row, the effective range is sane, signed MOUs warn when they
 * have ended or end within MOU_EXPIRY_WARNING_DAYS, and every PCG member is a party to a signed MOU.
 */
import {addDays} from '../../clock/dates.js'
import {MOU_EXPIRY_WARNING_DAYS} from '../../referrals/deadlines.js'
import type {Mou, Partner} from '../../records/types.js'
import type {Rule, RuleContext} from '../rule-context.js'


export const mouRule: Rule = {
  name: 'mou',
  runReads: 'context',
  runReadsDate: true,
  run(ctx: RuleContext) {
    const mous = ctx.valid<Mou>('mou')
    const signedParties = new Set<string>()
    for (const {record, data} of mous) {
      const signers = new Set(data.signatories.map((s) => s.partner))
      const parties = new Set(data.parties.map((p) => p.partner))
      data.parties.forEach((p, i) => {
        if (!signers.has(p.partner)) ctx.report(record, ['parties', i, 'partner'], 'MOU_PARTY_UNSIGNED', `party ${p.partner} has no signatory row`, `add signatories: [{partner: ${p.partner}, name: ..., title: ..., signed: YYYY-MM-DD}]`)
      })
      data.signatories.forEach((s, i) => {
        if (!parties.has(s.partner)) ctx.report(record, ['signatories', i, 'partner'], 'MOU_SIGNATORY_NOT_PARTY', `signatory ${s.name} signs for ${s.partner}, which is not a party`, 'add the partner to parties, or fix the signatory\'s partner', {severity: 'warning'})
        if (data.status === 'signed' && !s.signed) ctx.report(record, ['signatories', i], 'MOU_SIGNATURE_MISSING', `the MOU is marked signed but ${s.name} (${s.partner}) has no signature date`, 'record signed: YYYY-MM-DD, or set status: draft until everyone has signed', {severity: 'warning'})
      })
      const to = data.effective.to
      if (to !== undefined && to <= data.effective.from) {
        ctx.report(record, ['effective', 'to'], 'MOU_RANGE', `the MOU ends (${to}) on or before it starts (${data.effective.from})`, 'effective.to is after effective.from')
      }
      if (data.review_by !== undefined && (data.review_by < data.effective.from || (to !== undefined && data.review_by > to))) {
        ctx.report(record, ['review_by'], 'MOU_RANGE', `review date ${data.review_by} is outside the effective range (${data.effective.from} to ${to ?? 'open'})`, 'review the MOU while it is in force', {severity: 'warning'})
      }
      if (data.status === 'signed') {
        for (const p of parties) signedParties.add(p)
        if (to !== undefined && to < ctx.asOf) {
          ctx.report(record, ['effective', 'to'], 'MOU_EXPIRED', `the MOU ended on ${to} but is still marked signed`, 'renew it (a new MOU) or set status: expired', {severity: 'warning'})
        } else if (to !== undefined && to <= addDays(ctx.asOf, MOU_EXPIRY_WARNING_DAYS)) {
          ctx.report(record, ['effective', 'to'], 'MOU_EXPIRING', `the MOU ends on ${to}, within ${MOU_EXPIRY_WARNING_DAYS} days of ${ctx.asOf}`, 'start the renewal with the PCG', {severity: 'warning'})
        }
      }
    }
    for (const {record, data} of ctx.valid<Partner>('partner')) {
      if (data.pcg_member && !signedParties.has(data.id)) {
        ctx.report(record, ['pcg_member'], 'PCG_NOT_IN_MOU', `${data.id} sits on the PCG but is not a party to a signed MOU`, 'add it to the MOU (with a signatory), or set pcg_member: false', {severity: 'warning'})
      }
    }
  },
}
