/**
 * Moving a roster from badge-keyed officers to officers as people: every officer gets a stable id
 * (`lead-<badge>`: each badge was one person on such a roster), and the roster records since when
 * it follows the agency (`tracked_since`, the `as_of` of its first import as git remembers it), so
 * reports can say "no data" before that instead of extrapolating. Nothing else changes: history,
 * comments and layout stay as they were, and every training still counts for the same person.
 */
import {yaml} from '../records/yaml-lib.js'
import type {Scalar as YamlScalar} from 'yaml'
import type {IsoDate} from '../clock/dates.js'
import {usageError} from '../errors.js'
import {repoPrefix, runGit} from '../git/revision-files.js'
import {literal} from '../git/pathspecs.js'
import {loadRecords} from '../records/load.js'
import {writeRecords, type RecordChange, type HookChanges} from '../write/record-writer.js'
import type {Roster} from '../records/types.js'
import type {Site} from '../site.js'
import {didYouMean} from '../text/suggest.js'
import {PARSE_OPTIONS} from '../records/yaml-source.js'
import {mintOfficerId} from '../training/roster-merge.js'

export interface RosterMigration {
  text: string
  /** Officers given an id. */
  ids: number
  trackedSince?: IsoDate
}

/** Whether the roster still needs the migration. */
export function needsMigration(roster: Partial<Roster>): boolean {
  return !Array.isArray(roster.officers) || roster.officers.some((o) => o && typeof o === 'object' && o.id === undefined) || roster.tracked_since === undefined
}

/** The migrated text, or undefined when there is nothing to do. `firstAsOf`: as_of of the roster's first commit. */
export function migrateRosterText(text: string, firstAsOf: IsoDate | undefined): RosterMigration | undefined {
  const {isMap, isSeq, parseDocument, Scalar} = yaml()
  const doc = parseDocument(text, PARSE_OPTIONS)
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined
  const roster = doc.toJS() as Partial<Roster>
  if (!needsMigration(roster)) return undefined
  const officers = doc.get('officers', true)
  const taken = new Set((roster.officers ?? []).map((o) => o?.id).filter((id): id is string => typeof id === 'string'))
  let ids = 0
  if (isSeq(officers)) {
    officers.items.forEach((item, i) => {
      const o = roster.officers?.[i]
      if (!isMap(item) || !o || o.id !== undefined || typeof o.badge !== 'string') return
      const id = new Scalar(mintOfficerId(o.badge, taken))
      id.type = Scalar.QUOTE_DOUBLE
      // First key, where a reader looks for who this is.
      item.items.unshift(doc.createPair('id', id))
      ids++
    })
  }
  let trackedSince: IsoDate | undefined
  if (roster.tracked_since === undefined) {
    trackedSince = firstAsOf ?? roster.as_of
    if (trackedSince !== undefined) {
      const value = new Scalar(trackedSince)
      value.type = Scalar.QUOTE_DOUBLE
      const at = doc.contents.items.findIndex((p) => String((p.key as YamlScalar | undefined)?.value) === 'as_of')
      doc.contents.items.splice(at === -1 ? doc.contents.items.length : at + 1, 0, doc.createPair('tracked_since', value))
    }
  }
  return {text: doc.toString({lineWidth: 0, flowCollectionPadding: false}), ids, ...(trackedSince ? {trackedSince} : {})}
}

export interface SiteMigrationResult {
  dryRun: boolean
  written: boolean
  commit?: string
  /** What a git hook changed in the commit after lead judged it (record-writer.ts WriteResult), paths as printed. */
  changedByHook?: HookChanges
  rosters: Array<{agency: string; file: string; ids: number; trackedSince?: IsoDate}>
}

/** The `as_of` of a roster file's first committed version (its first import), if git has one. */
async function firstAsOf(root: string, file: string): Promise<IsoDate | undefined> {
  const log = await runGit(root, ['log', '--diff-filter=A', '--format=%H', '--', ...literal([file])])
  const first = log.code === 0 ? log.stdout.toString('utf8').trim().split('\n').filter(Boolean).at(-1) : undefined
  if (!first) return undefined
  const prefix = await repoPrefix(root)
  const shown = await runGit(root, ['show', `${first}:${prefix}${file}`])
  if (shown.code !== 0) return undefined
  const m = /^as_of:\s*["']?(\d{4}-\d{2}-\d{2})/m.exec(shown.stdout.toString('utf8'))
  return m?.[1]
}

/** `lead training migrate-rosters`: every roster migrated in one commit. */
export async function migrateRosters(site: Site, options: {agency?: string; dryRun?: boolean; commit?: boolean} = {}): Promise<SiteMigrationResult> {
  const records = await loadRecords(site)
  const rosters = records.ofKind('roster').filter((r) => options.agency === undefined || r.id === options.agency)
  if (options.agency !== undefined && rosters.length === 0) throw usageError('UNKNOWN_AGENCY', `no roster for agency "${options.agency}"${didYouMean(options.agency, records.ofKind('roster').map((r) => r.id))}`, 'see rosters/ for the agencies with a roster')
  const result: SiteMigrationResult = {dryRun: options.dryRun === true, written: false, rosters: []}
  const changes: RecordChange[] = []
  for (const r of rosters) {
    const migrated = migrateRosterText(r.source.text, await firstAsOf(site.root, r.file))
    if (!migrated) continue
    result.rosters.push({agency: r.id, file: r.file, ids: migrated.ids, ...(migrated.trackedSince ? {trackedSince: migrated.trackedSince} : {})})
    changes.push({kind: 'roster', id: r.id, file: r.file, text: migrated.text, base: r.source.text})
  }
  if (options.dryRun || changes.length === 0) return result
  const ids = result.rosters.reduce((n, r) => n + r.ids, 0)
  const written = await writeRecords(site, changes, {message: `roster: officers become people with stable ids (${ids} ids in ${changes.length} roster${changes.length === 1 ? '' : 's'}; badges now have history)`, commit: options.commit})
  result.written = true
  if (written.commit) result.commit = written.commit
  if (written.changedByHook) result.changedByHook = written.changedByHook
  return result
}
