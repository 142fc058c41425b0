/**
 * The rosters and sessions the training computations read, taken from a loaded site. Only records
 * that pass their schema are used, so a half-edited file cannot skew the numbers; the files left
 * out are named so the command can say so.
 */
import type {SiteRecords} from '../records/load.js'
import type {Roster, Training} from '../records/types.js'
import type {Site} from '../site.js'
import {recordSchemaFindings} from '../privacy/schema-findings.js'
import type {TrainingData} from './coverage.js'

export interface LoadedTrainingData extends TrainingData {
  /** Site-relative files skipped because they do not pass their schema. */
  skipped: string[]
}

export function trainingData(site: Site, records: SiteRecords): LoadedTrainingData {
  const rosters: Roster[] = []
  const trainings: Training[] = []
  const skipped: string[] = []
  for (const record of records.records) {
    if (record.kind !== 'roster' && record.kind !== 'training') continue
    const data = record.data
    if (!data || recordSchemaFindings(record, records.cache).length > 0) {
      skipped.push(record.file)
      continue
    }
    if (record.kind === 'roster') rosters.push(data as unknown as Roster)
    else trainings.push(data as unknown as Training)
    record.source.release()
  }
  return {rosters, trainings, courses: site.config.courses.filter((c) => c && typeof c.id === 'string' && (Number.isInteger(c.valid_months) || c.valid_months === 'never')), skipped}
}
