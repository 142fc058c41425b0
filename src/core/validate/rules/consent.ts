/**
 * Consents: a consent's expiry and revocation come after its signature; a referral that names a
 * consent names one of the same participant that was signed, unrevoked and unexpired on the
 * referral's received date (reported on the referral, and shown when either file is validated).
 */
import {consentCoverage} from '../../referrals/consent-coverage.js'
import {receivedDate} from '../../referrals/protocol-in-force.js'
import {validSiteTimeZone as siteTimeZone} from '../../clock/site-zone.js'
import type {Consent, Referral} from '../../records/types.js'
import type {Rule, RuleContext} from '../rule-context.js'

export const consentRule: Rule = {
  name: 'consent',
  run(ctx: RuleContext) {
    const consents = new Map<string, Consent>()
    for (const {record, data} of ctx.valid<Consent>('consent')) {
      consents.set(data.id, data)
      if (data.expires !== undefined && data.expires <= data.signed) {
        ctx.report(record, ['expires'], 'CONSENT_EXPIRY_BEFORE_SIGNED', `consent expires on ${ctx.shown(record, ['expires'])}, not after it was signed (${ctx.shown(record, ['signed'])})`, 'expires is a date after signed')
      }
      if (data.revoked !== undefined && data.revoked < data.signed) {
        ctx.report(record, ['revoked'], 'CONSENT_REVOKED_BEFORE_SIGNED', `consent revoked on ${ctx.shown(record, ['revoked'])}, before it was signed (${ctx.shown(record, ['signed'])})`, 'check the dates')
      }
      if (data.expires === undefined && data.expires_event === undefined) {
        ctx.report(record, ['signed'], 'CONSENT_NO_EXPIRY', 'a release of information states when it expires (42 CFR 2.31)', 'add expires: YYYY-MM-DD or expires_event: "..."')
      }
    }
    const tz = siteTimeZone(ctx.site)
    for (const {record, data} of ctx.valid<Referral>('referral')) {
      if (!data.consent) continue
      const coverage = consentCoverage(data, consents.get(data.consent), receivedDate(data, tz))
      const consentFile = ctx.records.get('consent', data.consent)?.file
      for (const p of coverage?.problems ?? []) ctx.report(record, ['consent'], p.code, p.message, p.hint, {related: [consentFile]})
    }
  },
}
