/**
 * The site's vocabulary (vocabulary.ts) worked out from lead.yaml and the records that declare it.
 * A module of its own, above disclosable.ts: a referral or consent saved into partners/, protocols/
 * or mous/ declares nothing (disclosable.ts shownAsParticipant), and the gate reads the vocabulary's
 * shape from vocabulary.ts.
 */
import {idProblem, type DeclaringKind} from '../records/kinds.js'
import type {SiteConfig} from '../site.js'
import {shownAsParticipant} from './disclosable.js'
import {declaredPlaces, staffNames, type SiteVocabulary, type VocabularySource} from './vocabulary.js'

const list = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object') : [])

/** The vocabulary of a site: `config` is the lead.yaml whose policy applies, `records` the state judged. */
export function siteVocabulary(config: Pick<SiteConfig, 'privacy'>, records: VocabularySource): SiteVocabulary {
  const exclusions = new Set<string>()
  for (const p of records.ofKind('protocol')) for (const e of list(p.data?.exclusions)) if (typeof e.id === 'string') exclusions.add(e.id)
  const badges = new Set<string>()
  for (const r of records.ofKind('roster')) for (const o of list(r.data?.officers)) if (typeof o.badge === 'string') badges.add(o.badge)
  return {
    ...declaredPlaces(config),
    partners: declaredIds(records, 'partner'),
    protocols: declaredIds(records, 'protocol'),
    mous: declaredIds(records, 'mou'),
    // A meeting is a participant record whose file name is concealed unless it is a meeting ID
    // (file-names.ts): `meetings/2026/zebulon-quackenbush.yaml` declares no ID a decision may print.
    meetings: new Set(records.ofKind('meeting').flatMap((r) => (idProblem('meeting', r.id) === undefined ? [r.id] : []))),
    charges: declaredCharges(records),
    exclusions,
    badges,
    staff: staffNames(records),
  }
}

/** The charge codes the site's protocols list (`divertible_charges[].code`), whatever their status. */
export function declaredCharges(records: VocabularySource): Set<string> {
  const charges = new Set<string>()
  for (const p of records.ofKind('protocol')) for (const c of list(p.data?.divertible_charges)) if (typeof c.code === 'string') charges.add(c.code)
  return charges
}

/**
 * The IDs of `kind`'s records, but a referral or consent saved into its folder
 * (`partners/quennell-zavorski.yaml`): its file's name is a participant's, never a declared value.
 */
function declaredIds(records: VocabularySource, kind: DeclaringKind): Set<string> {
  return new Set(records.ofKind(kind).flatMap((r) => (shownAsParticipant(kind, r.data) === undefined ? [r.id] : [])))
}
