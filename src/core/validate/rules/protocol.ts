/**
 * Protocol versions: an adopted (or superseded) version has an adoption date, its effective range
 * is sane, no two non-draft versions are in force on the same day, and versions, charge codes and
 * exclusion ids are unique. A finding about two protocols is reported on both, so validating
 * either file shows it.
 */
import type {Protocol} from '../../records/types.js'
import type {Rule, RuleContext} from '../rule-context.js'

export const protocolRule: Rule = {
  name: 'protocol',
  runReads: 'context',
  run(ctx: RuleContext) {
    const protocols = ctx.valid<Protocol>('protocol')
    const byVersion = new Map<number, typeof protocols>()
    for (const {record, data} of protocols) {
      if (data.status !== 'draft' && !data.adopted?.date) {
        ctx.report(record, data.adopted ? ['adopted'] : ['status'], 'PROTOCOL_ADOPTION_DATE', `protocol ${data.id} is ${data.status} but has no adoption date`, 'record the PCG meeting date: adopted: {date: YYYY-MM-DD, by: pcg}')
      }
      if (data.effective.to !== undefined && data.effective.to < data.effective.from) {
        ctx.report(record, ['effective', 'to'], 'PROTOCOL_RANGE', `protocol ${data.id} ends (${data.effective.to}) before it starts (${data.effective.from})`, 'effective.to is the last day in force, on or after effective.from')
      }
      if (data.status !== 'draft' && data.adopted?.date && data.adopted.date > data.effective.from) {
        ctx.report(record, ['adopted', 'date'], 'PROTOCOL_ADOPTED_LATE', `protocol ${data.id} was adopted on ${data.adopted.date}, after it took effect (${data.effective.from})`, 'a version takes effect on or after its adoption; check both dates', {severity: 'warning'})
      }
      byVersion.set(data.version, [...(byVersion.get(data.version) ?? []), {record, data}])
      const codes = new Map<string, number>()
      data.divertible_charges.forEach((c, i) => {
        const seen = codes.get(c.code)
        if (seen !== undefined) ctx.report(record, ['divertible_charges', i, 'code'], 'DUPLICATE_CHARGE', `charge ${c.code} is listed twice (also divertible_charges[${seen}])`, 'list each statute once; use pathways: to limit it')
        else codes.set(c.code, i)
      })
      const exclusions = new Map<string, number>()
      data.exclusions.forEach((e, i) => {
        const seen = exclusions.get(e.id)
        if (seen !== undefined) ctx.report(record, ['exclusions', i, 'id'], 'DUPLICATE_EXCLUSION', `exclusion ${e.id} is listed twice (also exclusions[${seen}])`, 'each exclusion id appears once')
        else exclusions.set(e.id, i)
      })
    }
    for (const [version, same] of byVersion) {
      if (same.length < 2) continue
      for (const {record} of same) {
        const others = same.filter((p) => p.record !== record).sort((x, y) => (x.data.id < y.data.id ? -1 : 1))
        ctx.report(record, ['version'], 'PROTOCOL_DUPLICATE_VERSION', `version ${version} is also protocol ${others.map((p) => p.data.id).join(', ')}`, 'each protocol version has its own number')
      }
    }

    // Overlaps: one version in force at a time. Drafts never govern, so they may overlap.
    // Same start date: the order (and so the wording) must not depend on the order records were read in.
    const order = (p: {data: Protocol}) => `${p.data.effective.from}\u0000${p.data.id}`
    const governing = protocols.filter(({data}) => data.status !== 'draft').sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
    for (let i = 0; i < governing.length; i++) {
      for (let j = i + 1; j < governing.length; j++) {
        const {record: earlier, data: a} = governing[i]!
        const {record: later, data: b} = governing[j]!
        if (a.effective.to === undefined || b.effective.from <= a.effective.to) {
          const hint = `end ${a.id} the day before: effective: {from: "${a.effective.from}", to: "<day before ${b.effective.from}>"}, and mark it superseded`
          ctx.report(later, ['effective', 'from'], 'PROTOCOL_OVERLAP', `protocol ${b.id} takes effect on ${b.effective.from}, while ${a.id} is still in force (${a.effective.from} to ${a.effective.to ?? 'open'})`, hint)
          ctx.report(earlier, ['effective', a.effective.to === undefined ? 'from' : 'to'], 'PROTOCOL_OVERLAP', `protocol ${a.id} is in force ${a.effective.to === undefined ? `from ${a.effective.from} with no end` : `until ${a.effective.to}`}, while ${b.id} takes effect on ${b.effective.from}`, hint)
        }
      }
    }
  },
}
