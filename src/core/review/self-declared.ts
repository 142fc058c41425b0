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
 * repeating it, naming the declaration it passes by and how to bring that in: a new officer,
 * contact or charge is added in a change of its own. A statute's section number reads as a phone
 * number (`MCL 333.7403(2)(a)(v)`), and no shape tells one from a phone number declared a charge
 * (`MCL 555.0123(a)`): the charge is merged first (a draft protocol version declares it).
 */
import type {Diagnostic} from '../errors.js'
import type {SiteSnapshot} from '../git/site-snapshot.js'
import type {Kind} from '../records/kinds.js'
import type {SiteConfig} from '../site.js'
import type {SiteVocabulary, VocabularySource} from '../privacy/vocabulary.js'
import {siteVocabulary} from '../privacy/site-vocabulary.js'
import {scanComments, scanRecord, type RecordFinding, type RecordScanOptions} from '../privacy/record-scan.js'
import {CONCERNED, DECLARED_FIELDS, PARTICIPANT_KINDS, shownKey, type ParticipantKind} from '../privacy/disclosable.js'
import {valueAt} from '../validate/rule-context.js'
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
 * What each declaration is called in a finding, and how a site brings one in the legitimate way:
 * declared by a change of its own first, so that its base declares it when a record names it.
 */
const DECLARATIONS: Partial<Record<VocabularyName, {as: string; first: string}>> = {
  charges: {as: 'a charge code', first: 'add the charge to its protocol in a change of its own (a draft version will do), merge it, then the KIND that cites it'},
  exclusions: {as: 'an exclusion ID', first: 'add the exclusion to its protocol in a change of its own (a draft version will do), merge it, then the KIND that cites it'},
  badges: {as: "an officer's badge", first: 'add the officer to their roster in a change of its own, merge it, then the KIND that names them'},
  staff: {as: 'a staff name', first: "add the person (a partner's contact, an officer, an MOU signatory, a trainer) or the partner in a change of its own, merge it, then the KIND that names them"},
  partners: {as: 'a partner ID', first: 'add the partner in a change of its own, merge it, then the KIND that names it'},
  protocols: {as: 'a protocol ID', first: 'add the protocol in a change of its own, merge it, then the KIND that names it'},
  mous: {as: 'an MOU ID', first: 'add the MOU in a change of its own, merge it, then the KIND that names it'},
  meetings: {as: 'a meeting ID', first: 'add the meeting in a change of its own, merge it, then the KIND that names it'},
}

/**
 * The scan's findings in the referrals, consents and meetings the change brings that pass only by
 * `head`'s own declarations, each saying which declaration it passes by and how to bring that in
 * first. `scan`: the scan under the head's vocabulary; `both`: declaredByBoth.
 */
export function selfDeclaredFindings(base: SiteSnapshot, head: SiteSnapshot, scan: RecordScanOptions & {vocabulary: SiteVocabulary}, both: SiteVocabulary): Diagnostic[] {
  if ((Object.keys(both) as VocabularyName[]).every((n) => both[n] === scan.vocabulary[n])) return []
  const unchanged = unchangedIn(base, head)
  const judged: RecordScanOptions = {...scan, staffNames: both.staff, vocabulary: both}
  // Judged with the head's staff names alone: what still fails there passed by a charge code the change declares (record-scan.ts chargeTerms).
  const staffOnly: RecordScanOptions = {...judged, staffNames: scan.vocabulary.staff}
  const found: Diagnostic[] = []
  for (const record of head.records.records) {
    if (!PARTICIPANT_KINDS.has(record.kind) || unchanged(record.file) || record.data === undefined) continue
    const kind = record.kind as ParticipantKind
    const at = (f: {path: readonly unknown[]; inKey: boolean; index: number}) => `${f.inKey}\0${JSON.stringify(f.path)}\0${f.index}`
    const passed = new Set(scanRecord(kind, record.data, scan).map(at))
    // By the scan's code: the fields, what was found in words (never the value) and the declarations it passes by.
    const byCode = new Map<string, {fields: Set<string>; what: string[]; by: Set<VocabularyName>}>()
    const add = (code: string, field: string, what: string, by: VocabularyName) => {
      const entry = byCode.get(code) ?? byCode.set(code, {fields: new Set(), what: [], by: new Set()}).get(code)!
      entry.fields.add(field)
      entry.what.push(what)
      entry.by.add(by)
    }
    let withStaff: Set<string> | undefined
    const inText = (f: RecordFinding): VocabularyName => ((withStaff ??= new Set(scanRecord(kind, record.data, staffOnly).map(at))).has(at(f)) ? 'charges' : 'staff')
    for (const f of scanRecord(kind, record.data, judged)) if (!passed.has(at(f))) add(f.code, shownField(kind, f), f.what, declaredBy(kind, f, record.data, scan.vocabulary, both) ?? inText(f))
    // Its comments, as the privacy rule scans them.
    if (record.comments) {
      const place = (m: {line: number; column: number}) => `${m.line}:${m.column}`
      const commentsPassed = new Set(scanComments(record.comments, scan).map(place))
      const commentsWithStaff = new Set(scanComments(record.comments, staffOnly).map(place))
      for (const m of scanComments(record.comments, judged)) if (!commentsPassed.has(place(m))) add(m.code, 'a comment', m.what, commentsWithStaff.has(place(m)) ? 'charges' : 'staff')
    }
    for (const [code, {fields, what, by}] of byCode) {
      const declarations = [...by].map((n) => DECLARATIONS[n] ?? {as: 'a value', first: 'add it in a change of its own, merge it, then the KIND that names it'})
      found.push({
        code,
        severity: 'error',
        file: record.file,
        line: 1,
        column: 1,
        message: `${[...fields].join(', ')} looks like it holds ${identifierList(what)} (not shown) that passes only as ${[...new Set(declarations.map((d) => d.as))].join(' or ')} this change itself declares: a change is judged by what its base declares`,
        hint: `${[...new Set(declarations.map((d) => d.first.replace('KIND', kind)))].join('; ')}; if it is a participant's, take it out: records hold pseudonymous codes only`,
      })
    }
  }
  return found
}

/** The declaration a value in a field that holds one passes by (disclosable.ts DECLARED_FIELDS, a decision's concerns); undefined for text scanned as such. */
function declaredBy(kind: ParticipantKind, f: RecordFinding, data: unknown, head: SiteVocabulary, both: SiteVocabulary): VocabularyName | undefined {
  if (f.inKey) return undefined
  const field = f.field.slice(kind.length + 1)
  if (Object.hasOwn(DECLARED_FIELDS[kind], field)) return DECLARED_FIELDS[kind][field]
  if (kind !== 'meeting' || field !== 'decisions.concerns.id') return undefined
  const value = valueAt(data, f.path)
  return CONCERNED.find((v) => typeof value === 'string' && head[v].has(value) && !both[v].has(value))
}

/**
 * The field a finding is in as it may be printed: without list positions, a key the schema does not
 * know concealed (the finding's own field path spells it: `referral.Zebulon Quackenbush`), and a
 * finding in a key said to be in a field name of its map.
 */
function shownField(kind: ParticipantKind, f: RecordFinding): string {
  const path = f.inKey ? f.path.slice(0, -1) : f.path
  let out: string = kind
  path.forEach((step, i) => {
    if (typeof step === 'string') out += `.${shownKey(kind, path.slice(0, i), step)}`
  })
  return f.inKey ? `a field name in ${out}` : out
}

/** Is a file the same in both (byte for byte)? */
function unchangedIn(base: SiteSnapshot, head: SiteSnapshot): (file: string) => boolean {
  return (file) => head.hashes.get(file) !== undefined && head.hashes.get(file) === base.hashes.get(file)
}
