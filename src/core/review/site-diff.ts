/**
 * What changed between two states of a site, record by record: added, removed, renamed (the
 * same record under a new file name or ID) or changed, with field-level changes.
 */
import {CONFIG_FILE, KIND_INFO, type Kind} from '../records/kinds.js'
import {asRecordData, type RecordData, type SiteRecord, type SiteRecords} from '../records/load.js'
import type {YamlSource} from '../records/yaml-source.js'
import {deepEqual, diffValues, leaves, type FieldChange} from './record-diff.js'
import {shownAsParticipant} from '../privacy/disclosable.js'
import {learnParticipantFile} from '../privacy/file-names.js'

/** A record kind, or `config` for lead.yaml. */
export type DiffKind = Kind | 'config'

/** One side of a comparison: what diffSites needs to know about a site. */
export interface SiteState {
  records: SiteRecords
  hashes: ReadonlyMap<string, string>
  config?: {data: unknown; source?: YamlSource}
}

export interface RecordVersion {
  file: string
  id: string
  data: RecordData | undefined
  source?: YamlSource
}

export interface RecordChange {
  status: 'added' | 'removed' | 'changed' | 'renamed'
  kind: DiffKind
  /** The record's ID now (its old ID when removed). */
  id: string
  file: string
  oldFile?: string
  oldId?: string
  old?: RecordVersion
  new?: RecordVersion
  /** Field-level changes; empty for additions and removals. */
  changes: FieldChange[]
  /** The bytes differ but the data is the same: comments, quoting or layout. */
  formattingOnly?: boolean
  /** A side that could not be read as YAML (its field changes are unknown). */
  unreadable?: 'old' | 'new' | 'both'
}

export interface SiteDiff {
  records: RecordChange[]
  counts: {added: number; removed: number; changed: number; renamed: number}
}

const KIND_ORDER: DiffKind[] = ['config', 'protocol', 'meeting', 'mou', 'partner', 'roster', 'training', 'referral', 'consent']

interface Entry {
  kind: DiffKind
  version: RecordVersion
  hash: string | undefined
}

function entries(state: SiteState): Map<string, Entry> {
  const map = new Map<string, Entry>()
  if (state.hashes.has(CONFIG_FILE)) {
    const data = state.config?.data
    map.set(CONFIG_FILE, {kind: 'config', hash: state.hashes.get(CONFIG_FILE), version: {file: CONFIG_FILE, id: 'lead.yaml', data: asRecordData(data), source: state.config?.source}})
  }
  for (const r of state.records.records) map.set(r.file, {kind: r.kind, hash: state.hashes.get(r.file), version: versionOf(r)})
  return map
}

function versionOf(r: SiteRecord): RecordVersion {
  return {file: r.file, id: r.id, data: r.data, source: r.source}
}

function withoutId(data: RecordData | undefined): RecordData | undefined {
  if (!data) return undefined
  const {id: _id, ...rest} = data
  return rest
}

function compare(old: Entry['version'], neu: Entry['version'], oldHash?: string, newHash?: string): Pick<RecordChange, 'changes' | 'formattingOnly' | 'unreadable'> {
  if (!old.data || !neu.data) {
    const unreadable = !old.data && !neu.data ? 'both' : !old.data ? 'old' : 'new'
    return {changes: [], unreadable}
  }
  const changes = diffValues(old.data, neu.data)
  return {changes, formattingOnly: changes.length === 0 && oldHash !== newHash ? true : undefined}
}

export function diffSites(base: SiteState, head: SiteState): SiteDiff {
  const before = entries(base)
  const after = entries(head)
  const out: RecordChange[] = []
  const removed: Array<[string, Entry]> = []
  const added: Array<[string, Entry]> = []

  for (const [file, old] of before) {
    const neu = after.get(file)
    if (!neu) {
      removed.push([file, old])
      continue
    }
    if (old.hash !== undefined && old.hash === neu.hash) continue
    const cmp = compare(old.version, neu.version, old.hash, neu.hash)
    out.push({status: 'changed', kind: neu.kind, id: neu.version.id, file, old: old.version, new: neu.version, ...cmp})
  }
  for (const [file, neu] of after) if (!before.has(file)) added.push([file, neu])

  // Renames, most certain first: identical bytes, identical data but the id, the same id moved, then similar content.
  const matchers: Array<(o: Entry, n: Entry) => boolean> = [
    (o, n) => o.hash !== undefined && o.hash === n.hash,
    (o, n) => o.version.data !== undefined && deepEqual(withoutId(o.version.data), withoutId(n.version.data)),
    (o, n) => o.version.id === n.version.id,
    (o, n) => similarity(o.version.data, n.version.data) >= 0.6,
  ]
  const paired = new Set<string>()
  const pairedOld = new Set<string>()
  for (const [m, matches] of matchers.entries()) {
    if (m === 3 && added.length * removed.length > 20_000) break // similarity is quadratic: skip it on bulk changes
    for (const [file, neu] of added) {
      if (paired.has(file)) continue
      // Referrals and consents look alike by design and their IDs are minted, never changed: only moves count.
      if (m !== 2 && neu.kind !== 'config' && KIND_INFO[neu.kind].generatedId) continue
      const hit = removed.find(([oldFile, old]) => !pairedOld.has(oldFile) && old.kind === neu.kind && matches(old, neu))
      if (!hit) continue
      const [oldFile, old] = hit
      paired.add(file)
      pairedOld.add(oldFile)
      const cmp = compare(old.version, neu.version, old.hash, neu.hash)
      out.push({status: 'renamed', kind: neu.kind, id: neu.version.id, file, oldFile, oldId: old.version.id, old: old.version, new: neu.version, ...cmp})
    }
  }
  for (const [file, neu] of added) if (!paired.has(file)) out.push({status: 'added', kind: neu.kind, id: neu.version.id, file, new: neu.version, changes: []})
  for (const [file, old] of removed) if (!pairedOld.has(file)) out.push({status: 'removed', kind: old.kind, id: old.version.id, file, old: old.version, changes: []})

  // A referral or consent saved into another kind's folder is shown as what it is, masked as one
  // (privacy/disclosable.ts shownAsParticipant): never as a partner's or protocol's printable values.
  for (const r of out) {
    if (r.kind === 'config') continue
    const as = shownAsParticipant(r.kind, r.new?.data) ?? shownAsParticipant(r.kind, r.old?.data)
    if (as === undefined || as === 'meeting') continue
    // Whatever its name (partners/quennell-zavorski.yaml), it is never printed (privacy/file-names.ts).
    if (as !== r.kind) for (const file of [r.file, r.oldFile]) if (file !== undefined) learnParticipantFile(file)
    r.kind = as
  }
  out.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  const counts = {added: 0, removed: 0, changed: 0, renamed: 0}
  for (const r of out) counts[r.status]++
  return {records: out, counts}
}

function similarity(a: RecordData | undefined, b: RecordData | undefined): number {
  if (!a || !b) return 0
  const la = new Set(leaves(withoutId(a)))
  const lb = leaves(withoutId(b))
  if (la.size === 0 || lb.length === 0) return 0
  let same = 0
  for (const l of lb) if (la.has(l)) same++
  return same / Math.max(la.size, lb.length)
}
