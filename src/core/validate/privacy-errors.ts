/**
 * Which records hold what the identifier scan reports as errors (PII_* at error severity, after
 * lead.yaml's re-gradings): `lead export` refuses to copy them out of the repository unless told to.
 */
import type {SiteRecords} from '../records/load.js'
import type {Site} from '../site.js'
import {privacyRule} from './rules/privacy.js'
import {validateRecords} from './site-validation.js'

export function filesWithPrivacyErrors(site: Site, records: SiteRecords, files: ReadonlySet<string>): string[] {
  if (files.size === 0) return []
  const result = validateRecords(site, records, {rules: [privacyRule], only: files})
  return [...new Set(result.diagnostics.filter((d) => d.severity === 'error' && d.code.startsWith('PII_')).map((d) => d.file))].sort()
}
