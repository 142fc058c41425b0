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

interface Shared {
  tz: string | undefined
  consentsById: Map<string, SiteRecord[]>
}

/** The valid consent holding `id` a referral is judged by: the last one, as ever. */
const consentOf = (id: unknown, {consentsById}: Shared) => (typeof id === 'string' ? consentsById.get(id)?.at(-1) : undefined)

export const consentRule: Rule = {
  name: 'consent',
  // Each consent on its own; each referral with the consent it names (found by the index's facts).
  perRecord: {
    kinds: ['consent', 'referral'],
    prepare: (ctx: RuleContext): Shared => ({tz: siteTimeZone(ctx.site), consentsById: ctx.byHeldId('consent')}),
    reads(ctx: RuleContext, record: SiteRecord, shared: Shared) {
      if (record.kind !== 'referral') return []
      const id = ctx.field(record, 'consent')
      return typeof id === 'string' ? [consentOf(id, shared), ctx.records.get('consent', id)] : []
    },
    check(ctx: RuleContext, record: SiteRecord, shared: Shared) {
      if (record.kind === 'consent') checkConsent(ctx, record, record.data as unknown as Consent)
      else checkCoverage(ctx, record, record.data as unknown as Referral, shared)
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

function checkCoverage(ctx: RuleContext, record: SiteRecord, data: Referral, shared: Shared): void {
  if (!data.consent) return
  const consent = consentOf(data.consent, shared)?.data as unknown as Consent | undefined
  const coverage = consentCoverage(data, consent, receivedDate(data, shared.tz))
  const consentFile = ctx.records.get('consent', data.consent)?.file
  for (const p of coverage?.problems ?? []) ctx.report(record, ['consent'], p.code, p.message, p.hint, {related: [consentFile]})
}
