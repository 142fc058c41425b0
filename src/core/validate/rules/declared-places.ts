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
import {shellQuote} from '../../text/shell-quote.js'

const PLACES = {
  district: {code: 'DISTRICT_NOT_DECLARED', key: 'districts', noun: 'district'},
  catchment: {code: 'CATCHMENT_NOT_DECLARED', key: 'catchments', noun: 'catchment'},
} as const

function listed(values: ReadonlySet<string>): string {
  const all = [...values]
  return all.length > 12 ? `${all.slice(0, 12).join(', ')}, …` : all.join(', ')
}

type Check = (record: SiteRecord, path: DataPath, which: keyof typeof PLACES, value: unknown, severity: 'error' | 'warning') => void

/**
 * `declare`: for a protocol's zones, the places its protocols name and lead.yaml does not, by kind:
 * the hint then gives the one command that declares them all (a protocol's values are the site's
 * own, printable). A referral's undeclared value may be anything typed (an address): its hint names
 * no value.
 */
function checker(ctx: RuleContext, declare?: Record<keyof typeof PLACES, ReadonlySet<string>>): Check {
  const declared = declaredPlaces(ctx.site.config)
  return (record, path, which, value, severity) => {
    const place = PLACES[which]
    const known = which === 'district' ? declared.districts : declared.catchments
    if (typeof value !== 'string' || known.has(value)) return
    const command = declare && pastable(ctx.site.config.privacy?.[place.key]) ? ` (\`${declareCommand(place.key, [...known, ...declare[which]])}\`)` : ''
    const hint = known.size === 0
      ? `lead.yaml declares no ${place.key}: list the site's ${place.key} under privacy.${place.key}${command || ' with lead config set'} (see docs/guides/privacy.md)`
      : `lead.yaml privacy.${place.key} declares ${listed(known)}: correct the ${place.noun}, or declare it there${command}`
    ctx.report(record, path, place.code, `${place.noun} ${ctx.quoted(record, path, value)} is not one of the ${place.key} lead.yaml declares${didYouMean(value, known)}`, hint, {severity})
  }
}

/**
 * Whether lead.yaml's list may be written out whole in a command: every item a string that a hint's
 * backtick span holds (the list lead.yaml's schema allows). Anything else (a number, a backtick) is
 * an error of lead.yaml's own, and a command rewriting the list would drop or garble it.
 */
const pastable = (list: unknown): boolean => list === undefined || (Array.isArray(list) && list.every((v) => typeof v === 'string' && !/[`\r\n]/.test(v)))

/** `lead config set privacy.districts='["D1", "D2"]'`: the whole list, as it pastes into a shell. */
const declareCommand = (key: string, values: readonly string[]) => `lead config set ${shellQuote(`privacy.${key}=[${values.map((v) => JSON.stringify(v)).join(', ')}]`)}`

/** The districts and catchments the protocols' zones name that lead.yaml does not declare. */
function undeclaredInProtocols(ctx: RuleContext): Record<keyof typeof PLACES, ReadonlySet<string>> {
  const declared = declaredPlaces(ctx.site.config)
  const out = {district: new Set<string>(), catchment: new Set<string>()}
  for (const {data} of ctx.valid<{catchment?: unknown}>('protocol')) {
    if (!Array.isArray(data.catchment)) continue
    for (const zone of data.catchment as Array<{id?: unknown; districts?: unknown}>) {
      if (typeof zone.id === 'string' && !declared.catchments.has(zone.id)) out.catchment.add(zone.id)
      if (Array.isArray(zone.districts)) for (const d of zone.districts) if (typeof d === 'string' && !declared.districts.has(d)) out.district.add(d)
    }
  }
  return out
}

export const declaredPlacesRule: Rule = {
  name: 'declared-places',
  // Protocols' catchment zones: warnings, so that the declaration and the protocols agree.
  runReads: 'context',
  run(ctx: RuleContext) {
    const check = checker(ctx, undeclaredInProtocols(ctx))
    for (const {record, data} of ctx.valid<{catchment?: unknown}>('protocol')) {
      if (!Array.isArray(data.catchment)) continue
      data.catchment.forEach((zone: {id?: unknown; districts?: unknown}, i) => {
        check(record, ['catchment', i, 'id'], 'catchment', zone.id, 'warning')
        if (Array.isArray(zone.districts)) zone.districts.forEach((d, j) => check(record, ['catchment', i, 'districts', j], 'district', d, 'warning'))
      })
    }
  },
  // Every readable referral, valid or not: an undeclared place may be what makes it invalid.
  perRecord: {
    kinds: ['referral'],
    readable: true,
    prepare: checker,
    check(_ctx: RuleContext, record: SiteRecord, check: Check) {
      check(record, ['district'], 'district', record.data!.district, 'error')
      check(record, ['catchment'], 'catchment', record.data!.catchment, 'error')
    },
  },
}
