/**
 * Districts and catchments are a closed list the site declares in lead.yaml (privacy.districts,
 * privacy.catchments): a referral naming another is an error at its position — the value may be
 * anything (an address typed into district), so it is never printed, reported or exported.
 * Protocol catchment zones naming undeclared ones are warned about, so that the declaration and
 * the protocols agree.
 */
import {declaredPlaces} from '../../privacy/vocabulary.js'
import type {SiteRecord} from '../../records/load.js'
import type {DataPath} from '../../records/yaml-source.js'
import type {Rule, RuleContext} from '../rule-context.js'
import {didYouMean} from '../../text/suggest.js'

const PLACES = {
  district: {code: 'DISTRICT_NOT_DECLARED', key: 'districts', noun: 'district'},
  catchment: {code: 'CATCHMENT_NOT_DECLARED', key: 'catchments', noun: 'catchment'},
} as const

function listed(values: ReadonlySet<string>): string {
  const all = [...values]
  return all.length > 12 ? `${all.slice(0, 12).join(', ')}, …` : all.join(', ')
}

export const declaredPlacesRule: Rule = {
  name: 'declared-places',
  run(ctx: RuleContext) {
    const declared = declaredPlaces(ctx.site.config)
    const check = (record: SiteRecord, path: DataPath, which: keyof typeof PLACES, value: unknown, severity: 'error' | 'warning') => {
      const place = PLACES[which]
      const known = which === 'district' ? declared.districts : declared.catchments
      if (typeof value !== 'string' || known.has(value)) return
      const hint = known.size === 0
        ? `lead.yaml declares no ${place.key}: list the site's ${place.key} under privacy.${place.key} (see docs/guides/privacy.md)`
        : `lead.yaml privacy.${place.key} declares ${listed(known)}: correct the ${place.noun}, or declare it there`
      ctx.report(record, path, place.code, `${place.noun} ${ctx.quoted(record, path, value)} is not one of the ${place.key} lead.yaml declares${didYouMean(value, known)}`, hint, {severity})
    }
    for (const record of ctx.records.records) {
      const data = record.data
      if (!data) continue
      if (record.kind === 'referral') {
        check(record, ['district'], 'district', data.district, 'error')
        check(record, ['catchment'], 'catchment', data.catchment, 'error')
      } else if (record.kind === 'protocol' && ctx.isValid(record) && Array.isArray(data.catchment)) {
        data.catchment.forEach((zone: {id?: unknown; districts?: unknown}, i) => {
          check(record, ['catchment', i, 'id'], 'catchment', zone.id, 'warning')
          if (Array.isArray(zone.districts)) zone.districts.forEach((d, j) => check(record, ['catchment', i, 'districts', j], 'district', d, 'warning'))
        })
      }
    }
  },
}
