/**
 * Rules about files and IDs: the id field matches the file name, IDs are legal and unique,
 * and no two file names collide on a case-insensitive file system (macOS, Windows). A clash is
 * reported on every file in it: which one is the stray is for the user to decide.
 */
import {idProblem, idYear, KIND_INFO, KINDS, recordPath} from '../../records/kinds.js'
import {findingHint} from '../../privacy/file-names.js'
import {concealed, concealedName} from '../../text/concealed.js'
import {misfiledAs} from '../../privacy/disclosable.js'
import type {SiteRecord} from '../../records/load.js'
import type {Rule, RuleContext} from '../rule-context.js'

const ASCII = /^[\x20-\x7e]*$/

/** How many added files runAdded looks for one by one; more are judged by a run. */
export const ADDED_LOOKED_FOR = 4

/**
 * Records by a key, a list made only for a key two of them share: on 13,000 files a list (and a
 * `kind:id` string) per record was most of this rule's time and garbage.
 */
class Clashes {
  private readonly first = new Map<string, number>()
  private readonly shared = new Map<string, {at: number; records: SiteRecord[]}>()

  constructor(private readonly records: readonly SiteRecord[]) {}

  add(key: string, at: number): void {
    const seen = this.first.get(key)
    if (seen === undefined) {
      this.first.set(key, at)
      return
    }
    const group = this.shared.get(key)
    if (group) group.records.push(this.records[at]!)
    else this.shared.set(key, {at: seen, records: [this.records[seen]!, this.records[at]!]})
  }

  /** The groups of records sharing a key, by where their key was first seen (as a list per key would list them). */
  static groups(...of: Clashes[]): SiteRecord[][] {
    return of.flatMap((c) => [...c.shared.values()]).sort((a, b) => a.at - b.at).map((g) => g.records)
  }
}

/**
 * Whether `file` folds to `key` (ASCII, lowercase) as the run folds names (NFC, then lowercase):
 * compared character by character while ASCII; a character outside it may fold into ASCII (the
 * Kelvin sign to k), so such a name is folded whole.
 */
function foldsTo(file: string, key: string): boolean {
  for (let i = 0; i < file.length; i++) {
    let c = file.charCodeAt(i)
    if (c > 127) return file.normalize('NFC').toLowerCase() === key
    if (i >= key.length) return false
    if (c >= 65 && c <= 90) c += 32
    if (c !== key.charCodeAt(i)) return false
  }
  return file.length === key.length
}

export const structureRule: Rule = {
  name: 'structure',
  // Across files: names that collide on a case-insensitive file system, IDs defined twice.
  runReads: 'files',
  run(ctx: RuleContext) {
    const records = ctx.records.records
    const folded = new Clashes(records)
    const byKind = new Map<string, Clashes>()
    for (let at = 0; at < records.length; at++) {
      const record = records[at]!
      // An ASCII path needs no normalising (String.normalize is most of this loop on 13,000 files).
      folded.add((ASCII.test(record.file) ? record.file : record.file.normalize('NFC')).toLowerCase(), at)
      if (!ctx.isReadable(record)) continue
      let ids = byKind.get(record.kind)
      if (!ids) byKind.set(record.kind, (ids = new Clashes(records)))
      ids.add(record.id, at)
    }
    for (const same of Clashes.groups(folded)) {
      for (const record of same) {
        const others = same.filter((c) => c !== record).map((c) => c.file)
        ctx.report(record, [], 'CASE_COLLISION', `${record.file} and ${others.join(', ')} are the same file on macOS and Windows`, 'rename one of them; IDs are lowercase')
      }
    }
    for (const copies of Clashes.groups(...byKind.values())) {
      for (const record of copies) {
        const others = copies.filter((c) => c !== record).map((c) => c.file)
        ctx.report(record, ['id'], 'DUPLICATE_ID', `${record.kind} ${record.id} is also defined in ${others.join(', ')}`, 'each record has exactly one file: remove or rename one')
      }
    }
  },
  // A file added (`lead new`) makes a clash only with a file of its folded name or its kind and ID:
  // looked for without the maps of 13,000 keys a run builds. Any clash, or a name outside ASCII, runs it again.
  runAdded(ctx: RuleContext, _kept: readonly unknown[], added: readonly SiteRecord[]) {
    // Each added file is looked for among every other (~2.5 ms on 13,000): past a few (an import,
    // a pull of 1,000 referrals: seconds) the run's maps cost less.
    if (added.length > ADDED_LOOKED_FOR) return false
    const records = ctx.records.records
    for (const a of added) {
      if (!ASCII.test(a.file)) return false
      const key = a.file.toLowerCase()
      const readable = ctx.isReadable(a)
      for (let at = 0; at < records.length; at++) {
        const r = records[at]!
        if (r === a) continue
        if (foldsTo(r.file, key)) return false
        if (readable && r.id === a.id && r.kind === a.kind && ctx.isReadable(r)) return false
      }
    }
    return true
  },
  // Each file against its own name: remembered with its content, so an unchanged one is not read.
  perRecord: {
    kinds: KINDS,
    every: true,
    prepare: () => undefined,
    check(ctx: RuleContext, record: SiteRecord) {
      const problem = idProblem(record.kind, record.id)
      const data = record.data
      const written = typeof data?.id === 'string' ? data.id : undefined
      // A file whose name is no ID is renamed, never its id field set to the name (still no ID, and perhaps a person's name).
      // A referral or consent saved into another kind's folder (read as one: shownAsParticipant) goes back to its own folder.
      const home = misfiledAs(record.kind, data)
      const kind = home ?? record.kind
      const named = written !== undefined && idProblem(kind, written) === undefined ? recordPath(kind, written) : undefined
      const folder = `${KIND_INFO[kind].folder}/${KIND_INFO[kind].yearFolders ? 'YEAR/' : ''}`
      const rename = !home
        ? named ? `rename the file to ${named} (its id field)` : 'rename the file (and its id field) to a legal ID'
        : `it is a ${home}: move it to ${named ? `${named} (its id field)` : `${folder}, named by a legal ${home} ID (and set its id field to it)`}`
      // A name concealed in the file's path (privacy/file-names.ts: in any record folder, and any name of a referral's or consent's file) is concealed in the message too.
      const found = findingHint(record.file, home !== undefined)
      const moveOrRename = found ? `${rename}; ${found}` : rename
      if (problem) {
        ctx.report(record, [], 'BAD_ID', `file name ${found ? concealed(record.id) : ctx.quoted(record, ['id'], record.id)} is not a legal ${record.kind} ID: ${problem}`, moveOrRename, {target: 'key'})
      }
      if (!data) return
      if (written !== undefined && written !== record.id) {
        const id = ctx.quoted(record, ['id'], written)
        const shownRename = id.startsWith('"') ? `, or rename the file to ${written}.yaml` : ''
        ctx.report(record, ['id'], 'ID_MISMATCH', `id ${id} does not match the file name "${found ? concealedName(record.id) : record.id}.yaml"`, problem || home ? moveOrRename : `set id: ${record.id}${shownRename}`)
      }
      if (KIND_INFO[record.kind].yearFolders) {
        const year = idYear(record.kind, record.id)
        const folder = record.file.split('/')[1]
        if (year && folder !== year) ctx.report(record, ['id'], 'WRONG_FOLDER', `${record.id} belongs in ${KIND_INFO[record.kind].folder}/${year}/, not ${KIND_INFO[record.kind].folder}/${folder}/`, `git mv ${record.file} ${KIND_INFO[record.kind].folder}/${year}/${record.id}.yaml`)
      }
    },
  },
}
