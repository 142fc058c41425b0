/**
 * The participant code the schemas show as their example (and an editor's completion inserts)
 * is never a real person's: if records could use it, two people would share one pseudonym.
 * P-000000 can never be minted (the code alphabet has no 0), so no real code collides with it.
 */
import type {SiteRecord} from '../../records/load.js'
import type {Consent, Referral} from '../../records/types.js'
import type {Rule, RuleContext} from '../rule-context.js'

/** The example participant codes of referral.schema.json and consent.schema.json. */
export const EXAMPLE_PARTICIPANT_CODES: ReadonlySet<string> = new Set(['P-000000'])

export const exampleParticipantRule: Rule = {
  name: 'example-participant',
  perRecord: {
    kinds: ['referral', 'consent'],
    prepare: () => undefined,
    check(ctx: RuleContext, record: SiteRecord) {
      const data = record.data as unknown as Referral | Consent
      if (!EXAMPLE_PARTICIPANT_CODES.has(data.participant)) return
      ctx.report(record, ['participant'], 'EXAMPLE_PARTICIPANT', `participant ${data.participant} is the schemas' example code, never a real person's: two people would share one pseudonym`, `give this person their own code: \`lead new ${record.kind}\` mints a fresh one (random, never derived from who they are)`)
    },
  },
}
