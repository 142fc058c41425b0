/**
 * Values a change declares itself. The identifier scan lets a value the site declared pass in a
 * referral's, consent's or meeting's fields (privacy/disclosable.ts, record-scan.ts): a staff name
 * (partner contacts, MOU signatories, roster officers, trainers), a protocol's charge codes and
 * exclusions, a roster's badges, partner, protocol, MOU and meeting IDs. All of these are read from
 * the records, so a change that adds a participant as a partner's contact, a phone number as an
 * officer's badge, or a name as a charge code (the statute-code pattern admits one) could write it
 * into a referral and pass. A change is judged by the declarations its base made as well: what a
 * referral, consent or meeting the change adds or changes holds that passes only because the change
 * itself declared it is the scan's finding, as it would be without that declaration, never
 * repeating it. A new officer, contact or charge is added in a change of its own.
 */
import type {Diagnostic} from '../errors.js'
import type {SiteSnapshot} from '../git/site-snapshot.js'
import type {Kind} from '../records/kinds.js'
import type {SiteConfig} from '../site.js'
import type {SiteVocabulary, VocabularySource} from '../privacy/vocabulary.js'
import {siteVocabulary} from '../privacy/site-vocabulary.js'
import {scanComments, scanRecord, type RecordScanOptions} from '../privacy/record-scan.js'
import {PARTICIPANT_KINDS, type ParticipantKind} from '../privacy/disclosable.js'
import {identifierList} from '../privacy/message-scan.js'

type VocabularyName = keyof SiteVocabulary

/** What `head` (its vocabulary `headVocabulary`) declares that `base` declares too, under lead.yaml `config` (the judged policy's). */
export function declaredByBoth(config: Pick<SiteConfig, 'privacy'>, base: SiteSnapshot, head: SiteSnapshot, headVocabulary: SiteVocabulary): SiteVocabulary {
  const unchanged = unchangedIn(base, head)
  // A partial base holds only the files that differ: the rest are the head's, byte for byte.
  const baseSource: VocabularySource = {
    ofKind: (kind: Kind) => (base.partial ? [...base.records.ofKind(kind), ...head.records.ofKind(kind).filter((r) => unchanged(r.file))] : base.records.ofKind(kind)),
  }
  const was = siteVocabulary(config, baseSource)
  const both = {} as Record<VocabularyName, ReadonlySet<string>>
  for (const name of Object.keys(headVocabulary) as VocabularyName[]) {
    const now = headVocabulary[name]
    const kept = [...now].filter((v) => was[name].has(v))
    // The same set when nothing was added: the scan's memo is keyed by the sets themselves.
    both[name] = kept.length === now.size ? now : new Set(kept)
  }
  return both
}

/**
 * The scan's findings in the referrals, consents and meetings the change brings that pass only by
 * `head`'s own declarations. `scan`: the scan under the head's vocabulary; `both`: declaredByBoth.
 */
export function selfDeclaredFindings(base: SiteSnapshot, head: SiteSnapshot, scan: RecordScanOptions & {vocabulary: SiteVocabulary}, both: SiteVocabulary): Diagnostic[] {
  if ((Object.keys(both) as VocabularyName[]).every((n) => both[n] === scan.vocabulary[n])) return []
  const unchanged = unchangedIn(base, head)
  const judged: RecordScanOptions = {...scan, staffNames: both.staff, vocabulary: both}
  const found: Diagnostic[] = []
  for (const record of head.records.records) {
    if (!PARTICIPANT_KINDS.has(record.kind) || unchanged(record.file) || record.data === undefined) continue
    const kind = record.kind as ParticipantKind
    const at = (f: {path: readonly unknown[]; inKey: boolean; index: number}) => `${f.inKey}\0${JSON.stringify(f.path)}\0${f.index}`
    const passed = new Set(scanRecord(kind, record.data, scan).map(at))
    // By the scan's code: the fields and what was found in words, never the value.
    const byCode = new Map<string, {fields: Set<string>; what: string[]}>()
    const add = (code: string, field: string, what: string) => {
      const entry = byCode.get(code) ?? byCode.set(code, {fields: new Set(), what: []}).get(code)!
      entry.fields.add(field)
      entry.what.push(what)
    }
    for (const f of scanRecord(kind, record.data, judged)) if (!passed.has(at(f))) add(f.code, f.field, f.what)
    // Its comments, as the privacy rule scans them.
    if (record.comments) {
      const place = (m: {line: number; column: number}) => `${m.line}:${m.column}`
      const commentsPassed = new Set(scanComments(record.comments, scan).map(place))
      for (const m of scanComments(record.comments, judged)) if (!commentsPassed.has(place(m))) add(m.code, 'a comment', m.what)
    }
    for (const [code, {fields, what}] of byCode) {
      found.push({
        code,
        severity: 'error',
        file: record.file,
        line: 1,
        column: 1,
        message: `${[...fields].join(', ')} looks like it holds ${identifierList(what)} (not shown) that passes only as a value this change itself declares (a staff name, an officer's badge, a charge code or exclusion, a partner, protocol, MOU or meeting ID): a change is judged by what its base declares`,
        hint: 'records hold pseudonymous codes only: take the value out; a new staff member, officer, charge or partner is added in a change of its own, before records name it',
      })
    }
  }
  return found
}

/** Is a file the same in both (byte for byte)? */
function unchangedIn(base: SiteSnapshot, head: SiteSnapshot): (file: string) => boolean {
  return (file) => head.hashes.get(file) !== undefined && head.hashes.get(file) === base.hashes.get(file)
}
