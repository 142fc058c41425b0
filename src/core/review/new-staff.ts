/**
 * Staff names a change declares itself. The identifier scan lets the name of someone the site
 * knows as staff pass in a referral's, consent's or meeting's free text (privacy/record-scan.ts);
 * staff are read from the records (partner contacts, MOU signatories, roster officers, trainers),
 * so a change that adds a participant as a partner's contact could name them in a referral's notes
 * and pass. The staff a change is judged by are those its base knew as well: a name in a referral,
 * consent or meeting the change adds or changes that passes only because the change itself made it
 * a staff name is a PII_NAME finding, as it would be without that declaration, never repeating it.
 */
import type {Diagnostic} from '../errors.js'
import type {SiteSnapshot} from '../git/site-snapshot.js'
import type {Kind} from '../records/kinds.js'
import {staffNames, type VocabularySource} from '../privacy/vocabulary.js'
import {scanRecord, type RecordScanOptions} from '../privacy/record-scan.js'
import {PARTICIPANT_KINDS, type ParticipantKind} from '../privacy/disclosable.js'

/** PII_NAME findings for names `head` knows as staff and `base` does not; `scan`: the judged scan (head's staff). */
export function newStaffFindings(base: SiteSnapshot, head: SiteSnapshot, scan: RecordScanOptions): Diagnostic[] {
  const unchanged = (file: string) => head.hashes.get(file) !== undefined && head.hashes.get(file) === base.hashes.get(file)
  // A partial base holds only the files that differ: the rest are the head's, byte for byte.
  const baseSource: VocabularySource = {
    ofKind: (kind: Kind) => (base.partial ? [...base.records.ofKind(kind), ...head.records.ofKind(kind).filter((r) => unchanged(r.file))] : base.records.ofKind(kind)),
  }
  const headStaff = scan.staffNames ?? staffNames(head.records)
  const baseStaff = staffNames(baseSource)
  const known = new Set([...headStaff].filter((n) => baseStaff.has(n)))
  if (known.size === headStaff.size) return []
  const found: Diagnostic[] = []
  for (const record of head.records.records) {
    if (!PARTICIPANT_KINDS.has(record.kind) || unchanged(record.file) || record.data === undefined) continue
    const kind = record.kind as ParticipantKind
    const at = (f: {path: readonly unknown[]; inKey: boolean; index: number}) => `${f.inKey}\0${JSON.stringify(f.path)}\0${f.index}`
    const passed = new Set(scanRecord(kind, record.data, scan).map(at))
    const fields = new Set<string>()
    for (const f of scanRecord(kind, record.data, {...scan, staffNames: known})) if (f.code === 'PII_NAME' && !passed.has(at(f))) fields.add(f.field)
    if (fields.size === 0) continue
    found.push({
      code: 'PII_NAME',
      severity: 'error',
      file: record.file,
      line: 1,
      column: 1,
      message: `${[...fields].join(', ')} looks like it holds a person's name (not shown) that passes only as a staff name this change itself adds (a partner's contact, a signatory, an officer or a trainer): a change is judged by the staff its base knows`,
      hint: 'records hold pseudonymous codes only: take the name out; a new staff member is added in a change of its own, before records name them',
    })
  }
  return found
}
