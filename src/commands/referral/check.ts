import {Args, Flags} from '../../cli/oclif.js'
import {LeadError} from '../../core/errors.js'
import {usageError} from '../../core/errors.js'
import {loadRecords} from '../../core/records/load.js'
import {decideEligibility} from '../../core/referrals/eligibility.js'
import {eligibilityRecords, loadForReferral} from '../../core/referrals/site-data.js'
import {rememberedVocabulary} from '../../core/privacy/vocabulary-memo.js'
import {siteTimeZone, siteToday} from '../../core/clock/site-zone.js'
import type {Referral} from '../../core/records/types.js'
import {recordSchemaFindings} from '../../core/validate/schema-check.js'
import {didYouMean} from '../../core/text/suggest.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {dateFlag} from '../../cli/date-flag.js'
import {renderDecision} from '../../cli/render/referral-reports.js'

export default class ReferralCheck extends LeadCommand {
  static override summary = 'Explain, step by step, whether a referral is eligible under the protocol in force when it was received.'
  static override description = `Shows which protocol version applied and why, each charge and whether it is divertible, quantities against thresholds, each exclusion and override, the screening answers, the social-contact evidence window, the catchment, the intake due date and days left, and the consent that covers the referral.

Exit status: 0 eligible, 1 ineligible or undecidable (no protocol in force, record errors), 2 unknown referral or bad flag.`

  static override examples = [
    {description: 'Explain a referral', command: '<%= config.bin %> referral check r-2026-11-03-k3f9q2'},
    {description: 'The same reasoning as JSON, e.g. for a case-management system', command: '<%= config.bin %> referral check r-2026-11-03-k3f9q2 --json'},
    {description: 'Days left for the intake as of a given date', command: '<%= config.bin %> referral check r-2026-11-03-k3f9q2 --as-of 2026-11-20'},
  ]

  static override args = {id: Args.string({description: 'The referral id (r-YYYY-MM-DD-xxxxxx).', required: true})}
  static override flags = {
    'as-of': Flags.string({description: 'Count the intake days left from this date, YYYY-MM-DD (default: today in the site\'s time zone).'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ReferralCheck)
    const asOf = dateFlag('as-of', flags['as-of'])
    const site = this.openSite(flags.dir)
    const records = await loadForReferral(site, args.id)
    const record = records.get('referral', args.id)
    if (!record) {
      const ids = (await loadRecords(site, {select: (kind) => kind === 'referral'})).ofKind('referral').map((r) => r.id)
      throw usageError('UNKNOWN_REFERRAL', `no referral "${args.id}"${didYouMean(args.id, ids)}`, 'referral ids look like r-2026-11-03-k3f9q2 (the file name under referrals/YYYY/)')
    }
    // Unchanged content's schema result comes from the cache: no ajv to load or compile.
    const problems = record.data ? recordSchemaFindings(record, records.cache) : []
    if (!record.data || problems.length > 0) {
      const first = problems[0]
      throw new LeadError('INVALID_RECORD', `${record.file} is not a valid referral${first ? `: ${first.message}` : ''}`, {pos: first ? {file: first.file, line: first.line, column: first.column} : {file: record.file}, hint: `run \`lead validate ${record.file}\` for every problem`})
    }
    const referral = record.data as unknown as Referral
    const {protocols, consents} = eligibilityRecords(records, referral.consent)
    const vocabulary = rememberedVocabulary(site.root, site.config, records)
    const decision = decideEligibility(referral, {protocols, consents, timeZone: siteTimeZone(site), asOf: asOf ?? siteToday(site), vocabulary})
    if (this.jsonMode) this.printJson({ok: decision.eligible, ...decision})
    else this.out(renderDecision(decision))
    if (!decision.eligible) process.exitCode = 1
  }
}
