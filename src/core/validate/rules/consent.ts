/**
 * Consents: a consent's expiry and revocation come after its signature; a referral that names a
 * consent names one of the same participant that was signed, unrevoked and unexpired on the
 * referral's received date (reported on the referral, and shown when either file is validated).
 */
import {consentCoverage} from '../../referrals/consent-coverage.js'
import {receivedDate} from '../../referrals/protocol-in-force.js'
import {validSiteTimeZone as siteTimeZone} from '../../clock/site-zone.js'
import type {SiteRecord} from '../../records/load.js'
import type {Consent, Referral} from '../../records/types.js'
import type {Rule, RuleContext} from '../rule-context.js'

export const consentRule: Rule = {
  name: 'consent',
  // Each consent on its own; each referral with the consent it names (found by the index's facts).
  perRecord: {
    kinds: ['consent', 'referral'],
    prepare: (ctx: RuleContext) => siteTimeZone(ctx.site),
    reads(ctx: RuleContext, record: SiteRecord) {
      if (record.kind !== 'referral') return []
      const id = ctx.field(record, 'consent')
      return typeof id === 'string' ? [ctx.heldBy('consent', id), ctx.records.get('consent', id)] : []
    },
    check(ctx: RuleContext, record: SiteRecord, tz: string | undefined) {
      if (record.kind === 'consent') checkConsent(ctx, record, record.data as unknown as Consent)
      else checkCoverage(ctx, record, record.data as unknown as Referral, tz)
    },
  },
}

function checkConsent(ctx: RuleContext, record: SiteRecord, data: Consent): void {
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

function checkCoverage(ctx: RuleContext, record: SiteRecord, data: Referral, tz: string | undefined): void {
  if (!data.consent) return
  const consent = ctx.heldBy('consent', data.consent)?.data as unknown as Consent | undefined
  const coverage = consentCoverage(data, consent, receivedDate(data, tz))
  const consentFile = ctx.records.get('consent', data.consent)?.file
  for (const p of coverage?.problems ?? []) ctx.report(record, ['consent'], p.code, p.message, p.hint, {related: [consentFile]})
}
