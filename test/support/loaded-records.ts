/** A load's records as lines to compare: how the git listing is held to a walk of the folders. */
import {loadRecords, type SiteRecords} from '../../src/core/records/load.js'
import {readSite} from '../../src/core/site.js'

/** What a load found, in order: each record's file, kind, ID and value, and every finding. */
export function seen(records: SiteRecords): string[] {
  return [...records.records.map((r) => `${r.file} ${r.kind} ${r.id} ${JSON.stringify(r.data)}`), ...records.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)]
}

/** What a load finds walking the folders, without git's answer or the cache. */
export async function walkedRecords(root: string): Promise<string[]> {
  process.env.LEAD_GIT_STATE = 'off'
  try {
    return seen(await loadRecords(readSite(root), {cache: false}))
  } finally {
    delete process.env.LEAD_GIT_STATE
  }
}
