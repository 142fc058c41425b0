/**
 * The catchment area's training coverage on a date (what `lead status` shows), remembered under
 * the contents of the rosters and trainings it is worked out from, the site's courses and the
 * date. A status after a referral changed read every training's value and indexed every
 * officer's attendances again for the same figure (~65 ms of `lead status` after a `lead set` on
 * the 10,000-referral bench site). Kept in .git/lead/memo-coverage-SITE.json (private): three numbers.
 */
import {createHash} from 'node:crypto'
import type {IsoDate} from '../clock/dates.js'
import {cacheVersion, gitStateFile} from '../records/cache-files.js'
import {DerivedMemos} from '../records/derived-memo.js'
import type {SiteRecords} from '../records/load.js'
import {hashRecords} from '../records/record-digest.js'
import {memoKey} from '../records/state-memo.js'
import type {Site} from '../site.js'
import {computeCoverage, type CoverageCount} from './coverage.js'
import {trainingData} from './training-data.js'

const KINDS: ReadonlySet<string> = new Set(['training', 'roster'])

/** Catchment-area officers active on asOf and how many hold a valid training then. */
export function catchmentCoverage(site: Site, records: SiteRecords, asOf: IsoDate): CoverageCount {
  const h = createHash('sha1')
  const key = records.cache !== undefined && hashRecords(h, records.records, KINDS) ? memoKey(h.digest('base64url'), ['coverage', asOf, site.config.courses]) : undefined
  // Today's and yesterday's: a status run twice a day on either side of midnight.
  const memos = key ? new DerivedMemos(gitStateFile(site.root, 'memo-coverage', '.json'), cacheVersion, 2) : undefined
  const held = key ? memos!.get(key) : undefined
  if (isCount(held)) return held
  const {trained, total, percent} = computeCoverage(trainingData(site, records), {asOf, catchmentOnly: true}).catchment
  if (key) {
    memos!.set(key, {trained, total, percent})
    memos!.save()
  }
  return {trained, total, percent}
}

function isCount(value: unknown): value is CoverageCount {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return ['trained', 'total', 'percent'].every((k) => typeof v[k] === 'number' && Number.isFinite(v[k]))
}
