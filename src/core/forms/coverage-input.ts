/**
 * The coverage form's figures: the same computation as `lead training coverage`, once per grouping
 * (agency, district, unit, shift), so the printed report and the command never disagree. Agencies
 * print by name. Records left out (with --leave-out-invalid) are named, with what they hold, so
 * the page can say which figures are missing.
 */
import type {IsoDate} from '../clock/dates.js'
import {SiteRecords, type SiteRecord} from '../records/load.js'
import type {Site} from '../site.js'
import {computeCoverage, COVERAGE_DIMENSIONS} from '../training/coverage.js'
import {trainingData} from '../training/training-data.js'
import type {CoverageFormInput, LeftOut} from './coverage-report.js'

export function coverageFormInput(site: Site, records: SiteRecords, asOf: IsoDate, leaveOut: readonly SiteRecord[] = [], partnerName: (id: string) => string = (id) => id): CoverageFormInput {
  const skip = new Set(leaveOut.map((r) => r.file))
  const kept = skip.size ? new SiteRecords(records.records.filter((r) => !skip.has(r.file)), []) : records
  const data = trainingData(site, kept)
  const sections = COVERAGE_DIMENSIONS.map((by) => ({
    title: `By ${by}`,
    groups: computeCoverage(data, {asOf, by}).groups.map((g) => ({
      label: by === 'agency' ? partnerName(g.agency) : `${partnerName(g.agency)} · ${g.value}`,
      trained: g.trained,
      total: g.total,
      percent: g.percent,
      catchment: g.catchment,
    })),
  }))
  const courses = data.courses.map((c) => (c.valid_months === 'never' ? `${c.name} (does not expire)` : `${c.name} within ${c.valid_months} months`))
  return {
    asOf,
    basis: courses.length ? `any of: ${courses.join('; ')}` : undefined,
    overall: computeCoverage(data, {asOf}).total,
    sections,
    leftOut: leaveOut.map((r) => describeLeftOut(r, partnerName)),
  }
}

function describeLeftOut(r: SiteRecord, partnerName: (id: string) => string): LeftOut {
  const data = (r.data ?? {}) as {agency?: unknown; officers?: unknown; date?: unknown; attendees?: unknown}
  const agency = typeof data.agency === 'string' ? partnerName(data.agency) : undefined
  if (r.kind === 'roster') {
    const n = Array.isArray(data.officers) ? data.officers.length : undefined
    return {file: r.file, what: `the roster of ${agency ?? r.id}${n !== undefined ? ` (${n} officer${n === 1 ? '' : 's'})` : ''}`}
  }
  const n = Array.isArray(data.attendees) ? data.attendees.length : undefined
  return {file: r.file, what: `the session ${r.id}${n !== undefined ? ` (${n} attendee${n === 1 ? '' : 's'})` : ''}`}
}

