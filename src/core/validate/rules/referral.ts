/**
 * Referrals judged under the protocol in force when received (src/core/referrals/eligibility.ts):
 * record problems are errors; screen-out reasons are errors only when the status claims the
 * referral is eligible or enrolled (warnings while it is still `received`). Also overdue intakes
 * and re-referral links.
 */
import {decideEligibility} from '../../referrals/eligibility.js'
import {localTime} from '../../referrals/hours.js'
import {receivedDate} from '../../referrals/protocol-in-force.js'
import {validSiteTimeZone as siteTimeZone} from '../../clock/site-zone.js'
import {addDays} from '../../clock/dates.js'
import type {Consent, Protocol, Referral} from '../../records/types.js'
import type {SiteRecord} from '../../records/load.js'
import type {DataPath} from '../../records/yaml-source.js'
import type {Rule, RuleContext} from '../rule-context.js'

/** Codes other rules already report at the same place. */
const REPORTED_ELSEWHERE = new Set(['UNKNOWN_PROTOCOL'])
const CLAIMS_ELIGIBLE = new Set<Referral['status']>(['eligible', 'enrolled'])

/**
 * A time written with an offset the site's zone did not have at that instant: usually a clock time
 * that does not exist (02:30 on a spring-forward night) or a winter offset typed in summer. The
 * instant is still exact, but the wall-clock time the person meant is not the one recorded.
 */
function checkOffset(ctx: RuleContext, record: SiteRecord, path: DataPath, value: string, tz: string): void {
  const written = /([+-]\d{2}:\d{2})$/.exec(value)?.[1]
  if (!written) return
  const local = localTime(value, tz)
  if (local.offset === written) return
  const wall = value.slice(11, 16)
  const actual = `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`
  ctx.report(record, path, 'TIME_OFFSET_MISMATCH', `${ctx.shown(record, path, value)} is written with offset ${written}, but ${tz} was at ${local.offset} at that instant: the local time is ${local.date} ${actual}, not ${wall}`, `write the local time with the offset in force then (e.g. ${local.date}T${actual}:00${local.offset}); on a spring-forward night 02:00-02:59 does not exist`, {severity: 'warning'})
}

interface Shared {
  tz: string | undefined
  protocols: Protocol[]
}

export const referralRule: Rule = {
  name: 'referral',
  perRecord: {
    kinds: ['referral'],
    // Which records read which is worked out from the index's facts (ctx.field): no value is read
    // for a referral whose findings are remembered.
    prepare(ctx: RuleContext): Shared {
      return {tz: siteTimeZone(ctx.site), protocols: ctx.valid<Protocol>('protocol').map((p) => p.data)}
    },
    reads(ctx: RuleContext, record: SiteRecord) {
      const consent = ctx.field(record, 'consent')
      const previous = ctx.field(record, 'previous')
      return [
        // Valid consents holding that id (ctx.heldAll: no map of every consent for one referral).
        ...(typeof consent === 'string' ? ctx.heldAll('consent', consent) : []),
        ...(typeof previous === 'string' ? [ctx.heldBy('referral', previous), ctx.records.get('referral', previous)] : []),
      ]
    },
    check(ctx: RuleContext, record: SiteRecord, shared: Shared) {
      checkReferral(ctx, record, record.data as unknown as Referral, shared)
    },
  },
}

function checkReferral(ctx: RuleContext, record: SiteRecord, data: Referral, shared: Shared): void {
  const {tz, protocols} = shared
  // decideEligibility looks up the consent the referral names among those given (the first: its
  // coverage, not reported here today).
  const consents = (data.consent === undefined ? [] : ctx.heldAll('consent', data.consent)).map((c) => c.data as unknown as Consent)
  const decision = decideEligibility(data, {protocols, consents, timeZone: tz, asOf: ctx.asOf, vocabulary: ctx.vocabulary})
  for (const step of decision.steps) {
    if (step.ok !== false && step.effect !== 'warning') continue
    if (!step.code || !step.path || REPORTED_ELSEWHERE.has(step.code) || step.code === 'SCREENING_INCOMPLETE') continue
    if (step.effect === 'invalid') ctx.report(record, step.path, step.code, step.message, step.hint)
    else if (step.undecided && CLAIMS_ELIGIBLE.has(data.status)) {
      // The status claims an eligibility the record cannot show.
      ctx.report(record, step.path, step.code, `${step.message}, yet the status is ${ctx.shown(record, ['status'])}`, step.hint)
    } else if (step.effect === 'warning') ctx.report(record, step.path, step.code, step.message, step.hint, {severity: 'warning'})
    else if (CLAIMS_ELIGIBLE.has(data.status)) {
      ctx.report(record, step.path, step.code, `${step.message}, yet the status is ${ctx.shown(record, ['status'])}`, step.hint ?? 'correct the record, or set status: ineligible')
    } else if (data.status === 'received') {
      ctx.report(record, step.path, step.code, `${step.message}: the referral will be ineligible`, step.hint ?? 'set status: ineligible once screened', {severity: 'warning'})
    }
  }

  if (decision.missing.length > 0 && CLAIMS_ELIGIBLE.has(data.status)) {
    // One finding per referral: a bulk import of unscreened referrals must not bury the rest.
    const first = decision.steps.find((s) => s.code === 'SCREENING_INCOMPLETE')
    const fields = decision.missing.map((m) => m.replace('screening.', ''))
    ctx.report(record, first?.path ?? ['screening'], 'SCREENING_INCOMPLETE', `screening is incomplete: ${fields.join(', ')} not recorded (required by protocol ${decision.protocol?.id} for ${data.pathway}), yet the status is ${data.status}`, `record the answers (lead referral check ${data.id} lists them), or set status: received until screening is done`)
  }

  if (tz) {
    checkOffset(ctx, record, ['received'], data.received, tz)
    if (data.handoff?.arrived) checkOffset(ctx, record, ['handoff', 'arrived'], data.handoff.arrived, tz)
  }
  const received = receivedDate(data, tz)
  const intake = decision.intake
  // The one finding that depends on the date: an intake still expected is overdue after its due day.
  if (intake?.pending) {
    if (intake.overdue) ctx.holdsFor(addDays(intake.due, 1), undefined)
    else ctx.holdsFor(undefined, intake.due)
  }
  if (intake?.overdue) {
    ctx.report(record, ['status'], 'INTAKE_OVERDUE', `intake was due on ${intake.due} (${intake.deadlineDays} days after ${received}) and is not recorded as completed; status is still ${ctx.shown(record, ['status'])}`, 'record intake.completed, or set status: intake_missed', {severity: 'warning'})
  }
  if (data.handoff?.arrived && Date.parse(data.handoff.arrived) < Date.parse(data.received)) {
    ctx.report(record, ['handoff', 'arrived'], 'HANDOFF_BEFORE_RECEIVED', `the case manager arrived (${ctx.shown(record, ['handoff', 'arrived'])}) before the referral was received (${ctx.shown(record, ['received'])})`, 'check both times and their UTC offsets; response times leave this referral out until it is fixed')
  }
  if (data.intake?.completed !== undefined && data.intake.completed < received) {
    ctx.report(record, ['intake', 'completed'], 'INTAKE_BEFORE_RECEIVED', `intake completed on ${ctx.shown(record, ['intake', 'completed'])}, before the referral was received (${received})`, 'check the date')
  }

  if (data.previous !== undefined) {
    const prev = ctx.heldBy('referral', data.previous)?.data as unknown as Referral | undefined
    const related = [ctx.records.get('referral', data.previous)?.file]
    if (data.previous === data.id) {
      ctx.report(record, ['previous'], 'PREVIOUS_NOT_EARLIER', 'a referral cannot be its own previous referral', 'name the earlier referral of the same participant')
    } else if (prev) {
      if (prev.participant !== data.participant) {
        ctx.report(record, ['previous'], 'PREVIOUS_OTHER_PARTICIPANT', `previous referral ${ctx.shown(record, ['previous'])} is of participant ${ctx.shown(record, ['participant'], prev.participant)}, not ${ctx.shown(record, ['participant'])}`, 'a re-referral links to an earlier referral of the same participant', {related})
      }
      if (Date.parse(prev.received) >= Date.parse(data.received)) {
        ctx.report(record, ['previous'], 'PREVIOUS_NOT_EARLIER', `previous referral ${ctx.shown(record, ['previous'])} was received ${ctx.shown(record, ['received'], prev.received)}, not before this one (${ctx.shown(record, ['received'])})`, 'previous names an earlier referral', {related})
      }
    }
  }
}
