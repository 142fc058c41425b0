/**
 * Training rules: an attendee was on the agency's roster and active on the session date — the
 * attendee being the officer who held the badge that day (badges missing from the roster are
 * UNKNOWN_BADGE, in references.ts); a referring officer, likewise the badge's holder on the
 * referral date, holds a training valid then (a warning by default: sites set REFERRER_UNTRAINED
 * to error or off in lead.yaml `rules:`).
 */
import {validSiteTimeZone as siteTimeZone} from '../../clock/site-zone.js'
import type {SiteRecord} from '../../records/load.js'
import type {Officer, Referral, Roster, Training} from '../../records/types.js'
import {receivedDate} from '../../referrals/protocol-in-force.js'
import {attendeeProblem} from '../../training/attendee-status.js'
import {badgeBooks, officerId} from '../../training/badge-book.js'
import {officerKey, TrainingIndex, type IndexOptions} from '../../training/training-validity.js'
import type {Rule, RuleContext} from '../rule-context.js'
import {rosterFiles} from './references.js'
import {AttendanceMemo} from '../../training/attendance-memo.js'

/** The rosters' badge books, built once per run (both parts read them). */
const booksOf = new WeakMap<RuleContext, ReturnType<typeof badgeBooks>>()
function books(ctx: RuleContext): ReturnType<typeof badgeBooks> {
  let b = booksOf.get(ctx)
  if (!b) booksOf.set(ctx, (b = badgeBooks(ctx.valid<Roster>('roster').map((r) => r.data))))
  return b
}

/** How many officers' trainings are indexed one by one before the whole index is built. */
const FEW_OFFICERS = 8

interface Shared {
  tz: string | undefined
  /** The index that holds this officer's trainings. */
  indexOf(agency: string, officer: Officer): TrainingIndex
}

export const trainingRule: Rule = {
  name: 'training',
  runReads: 'context',
  run(ctx: RuleContext) {
    const rosters = rosterFiles(ctx)
    for (const {record, data} of ctx.valid<Training>('training')) {
      const seen = new Map<string, number>()
      data.attendees?.forEach((a, i) => {
        const agency = a.agency ?? data.agency
        const officer = books(ctx).get(agency)?.holderOn(a.badge, data.date)
        const key = `${agency}\u0000${officer ? officerId(officer) : `#${a.badge}`}`
        const first = seen.get(key)
        if (first !== undefined) {
          ctx.report(record, ['attendees', i, 'badge'], 'DUPLICATE_ATTENDEE', `badge "${a.badge}" is listed twice (also attendees[${first}])`, 'list each attendee once', {severity: 'warning'})
          return
        }
        seen.set(key, i)
        if (!officer) {
          // The badge is on the roster (else references.ts reports it) but nobody held it that day.
          if (books(ctx).get(agency)?.holdersEver(a.badge).length) ctx.report(record, ['attendees', i, 'badge'], 'ATTENDEE_NOT_ACTIVE', `no officer of ${agency} held badge "${a.badge}" on ${data.date}`, `check the badge, or the badge history in rosters/${agency}.yaml`)
          return
        }
        const problem = attendeeProblem(officer, agency, data.date)
        if (problem) ctx.report(record, ['attendees', i, 'badge'], problem.code, problem.message, problem.hint, {severity: problem.severity, related: [rosters.get(agency)]})
      })
    }
  },
  // A referring officer's training: rosters, trainings and courses are all site context.
  perRecord: {
    kinds: ['referral'],
    prepare(ctx: RuleContext): Shared {
      let trainings: Training[] | undefined
      const memo = new AttendanceMemo(ctx.site.root, ctx.records, ctx.site.config.courses)
      // Remembered from the last run that indexed every officer, while the trainings, rosters and
      // courses are as they were: no training's value is read.
      let whole: TrainingIndex | undefined | null
      const single = new Map<string, TrainingIndex>()
      const made = (only?: IndexOptions['only']) => new TrainingIndex((trainings ??= ctx.valid<Training>('training').map((t) => t.data)), ctx.site.config.courses, books(ctx), only ? {only} : {})
      // Else a validation from the last one judges a referral or two: their officers' trainings
      // alone (a few ms) rather than every officer's (25-40 ms on a big site); the whole index past a few.
      const indexOf = (agency: string, officer: Officer): TrainingIndex => {
        if (whole === undefined) whole = memo.held(books(ctx)) ?? null
        if (whole) return whole
        const key = officerKey(agency, officerId(officer))
        let one = single.get(key)
        if (!one) {
          if (single.size >= FEW_OFFICERS) {
            memo.keep((whole = made()))
            return whole
          }
          single.set(key, (one = made({agency, officer})))
        }
        return one
      }
      return {tz: siteTimeZone(ctx.site), indexOf}
    },
    check(ctx: RuleContext, record: SiteRecord, {tz, indexOf}: Shared) {
      const data = record.data as unknown as Referral
      const {agency, badge} = data.referrer
      if (!agency || !badge) return
      const date = receivedDate(data, tz)
      const officer = books(ctx).get(agency)?.holderOn(badge, date)
      if (!officer) return
      const index = indexOf(agency, officer)
      if (index.validOn(agency, officer, date)) return
      const last = index.lastOn(agency, officer, date)
      const why = last ? `whose last training (${last.course}, ${last.date}) expired on ${index.latestExpiryOn(agency, officer, date)!.expires}` : 'who had no LEAD training'
      ctx.report(record, ['referrer', 'badge'], 'REFERRER_UNTRAINED', `referred on ${date} by officer ${ctx.shown(record, ['referrer', 'badge'])} of ${ctx.shown(record, ['referrer', 'agency'])}, ${why}`, 'schedule the officer for training (lead training due); set REFERRER_UNTRAINED in lead.yaml rules: to change this severity', {severity: 'warning'})
    },
  },
}
