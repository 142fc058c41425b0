/**
 * The catchment area's training coverage on a date (what `lead status` shows), remembered under
 * the contents of the rosters and trainings it is worked out from, the site's courses and the
 * date (records/content-memo.ts). A status after a referral changed read every training's value
 * and indexed every officer's attendances again for the same figure (~65 ms of `lead status`
 * after a `lead set` on the 10,000-referral bench site). The file (memo-coverage) holds three numbers.
 */
import type {IsoDate} from '../clock/dates.js'
import {ContentMemo} from '../records/content-memo.js'
import type {Kind} from '../records/kinds.js'
import type {SiteRecords} from '../records/load.js'
import type {Site} from '../site.js'
import {computeCoverage, type CoverageCount} from './coverage.js'
import {trainingData} from './training-data.js'

const KINDS: ReadonlySet<Kind> = new Set<Kind>(['training', 'roster'])

/** Catchment-area officers active on asOf and how many hold a valid training then. */
export function catchmentCoverage(site: Site, records: SiteRecords, asOf: IsoDate): CoverageCount {
  // Today's and yesterday's: a status run on either side of midnight.
  const memo = new ContentMemo(site.root, 'coverage', records, KINDS, [asOf, site.config.courses], isCount)
  const held = memo.get()
  if (held) return held
  const {trained, total, percent} = computeCoverage(trainingData(site, records), {asOf, catchmentOnly: true}).catchment
  memo.set({trained, total, percent})
  return {trained, total, percent}
}

function isCount(value: unknown): value is CoverageCount {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return ['trained', 'total', 'percent'].every((k) => typeof v[k] === 'number' && Number.isFinite(v[k]))
}
