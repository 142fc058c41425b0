/**
 * `lead referral check` once its line is read: by oclif (commands/referral/check.ts) or by
 * bin/run.js's early path (cli/early-start.ts), which must print the same.
 */
import {siteTimeZone, siteToday} from '../../core/clock/site-zone.js'
import {LeadError, usageError} from '../../core/errors.js'
import {rememberedVocabulary} from '../../core/privacy/vocabulary-memo.js'
import {loadRecords} from '../../core/records/load.js'
import type {Referral} from '../../core/records/types.js'
import {decideEligibility} from '../../core/referrals/eligibility.js'
import {eligibilityRecords, loadForReferral} from '../../core/referrals/site-data.js'
import {openSite} from '../../core/site.js'
import {didYouMean} from '../../core/text/suggest.js'
import {recordSchemaFindings} from '../../core/privacy/schema-findings.js'
import {dateFlag} from '../date-flag.js'
import type {Output} from '../output.js'
import {renderDecision} from '../render/referral-reports.js'

export interface ReferralCheckFlags {
  dir?: string
  asOf?: string
}

/** Explain the referral's eligibility; exit status 1 when it is not eligible. */
export async function runReferralCheck(id: string, flags: ReferralCheckFlags, io: Output): Promise<void> {
  const asOf = dateFlag('as-of', flags.asOf)
  const site = openSite({dir: flags.dir})
  const records = await loadForReferral(site, id)
  const record = records.get('referral', id)
  if (!record) {
    const ids = (await loadRecords(site, {select: (kind) => kind === 'referral'})).ofKind('referral').map((r) => r.id)
    throw usageError('UNKNOWN_REFERRAL', `no referral "${id}"${didYouMean(id, ids)}`, 'referral ids look like r-2026-11-03-k3f9q2 (the file name under referrals/YYYY/)')
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
  if (io.json) io.printJson({ok: decision.eligible, ...decision})
  else io.out(renderDecision(decision))
  if (!decision.eligible) process.exitCode = 1
}
