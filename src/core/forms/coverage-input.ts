/**
 * The coverage form's figures: the same computation as `lead training coverage`, once per grouping
 * (agency, district, unit, shift), so the printed report and the command never disagree.
 */
import type {IsoDate} from '../clock/dates.js'
import type {SiteRecords} from '../records/load.js'
import type {Site} from '../site.js'
import {computeCoverage, COVERAGE_DIMENSIONS} from '../training/coverage.js'
import {trainingData} from '../training/training-data.js'
import type {CoverageFormInput} from './coverage-report.js'

export function coverageFormInput(site: Site, records: SiteRecords, asOf: IsoDate): CoverageFormInput {
  const data = trainingData(site, records)
  const sections = COVERAGE_DIMENSIONS.map((by) => ({
    title: `By ${by}`,
    groups: computeCoverage(data, {asOf, by}).groups.map((g) => ({label: g.label, trained: g.trained, total: g.total, percent: g.percent, catchment: g.catchment})),
  }))
  const courses = data.courses.map((c) => `${c.name} within ${c.valid_months} months`)
  return {
    asOf,
    basis: courses.length ? `any of: ${courses.join('; ')}` : undefined,
    overall: computeCoverage(data, {asOf}).total,
    sections,
  }
}
