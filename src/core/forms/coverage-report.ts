/**
 * The training coverage report: one bar chart and table per grouping (agency, district, unit,
 * shift), catchment groups first. Built from a small computed input so the computation (training)
 * and the page (forms) stay independent.
 */
import type {IsoDate} from '../clock/dates.js'
import type {Block, FormDocument} from './document.js'
import {pageHeader, type FormContext} from './form-context.js'

export interface CoverageGroup {
  label: string
  trained: number
  total: number
  /** 0–100, as computed (not recomputed here, so the report matches `lead training coverage`). */
  percent: number
  /** The group is (or is in) the catchment area: listed first and highlighted. */
  catchment: boolean
}

export interface CoverageSection {
  /** "By agency", "By district"… */
  title: string
  groups: CoverageGroup[]
}

/** A roster or session the figures do not count (it fails validation). */
export interface LeftOut {
  file: string
  /** "the roster of Harbor County Sheriff's Office (41 officers)" */
  what: string
}

export interface CoverageFormInput {
  asOf: IsoDate
  /** What counts as trained, in words ("LEAD initial training within 24 months"). */
  basis?: string
  overall?: {trained: number; total: number; percent: number}
  sections: CoverageSection[]
  leftOut?: LeftOut[]
}

const pct = (p: number) => `${Math.round(p)}%`

export function buildCoverageReport(ctx: FormContext, input: CoverageFormInput): FormDocument {
  const blocks: Block[] = []
  const left = input.leftOut ?? []
  if (left.length) {
    blocks.push({
      type: 'paragraph',
      style: 'notice',
      text: `INCOMPLETE: these figures leave out ${left.map((l) => `${l.what}, ${l.file}`).join('; ')}: ${left.length === 1 ? 'it fails' : 'they fail'} validation (see lead validate).`,
    })
  }
  const summary = [{label: 'As of', value: input.asOf}]
  if (input.basis) summary.push({label: 'Counts as trained', value: input.basis})
  if (input.overall) summary.push({label: 'All officers', value: `${input.overall.trained} of ${input.overall.total} trained (${pct(input.overall.percent)})`})
  blocks.push({type: 'fields', rows: summary})
  for (const section of input.sections) {
    const groups = [...section.groups].sort((a, b) => Number(b.catchment) - Number(a.catchment))
    blocks.push({type: 'heading', level: 1, text: section.title})
    if (groups.length === 0) {
      blocks.push({type: 'paragraph', style: 'small', text: 'No officers in this grouping.'})
      continue
    }
    blocks.push({
      type: 'bar-chart',
      legend: groups.some((g) => g.catchment) ? 'Dark bars: catchment-area groups.' : undefined,
      bars: groups.map((g) => ({label: g.label, fraction: g.percent / 100, text: `${g.trained}/${g.total} · ${pct(g.percent)}`, highlight: g.catchment})),
    })
    blocks.push({
      type: 'table',
      columns: [
        {header: 'Group', width: 3},
        {header: 'Catchment', width: 1.2, align: 'center'},
        {header: 'Trained', width: 1, align: 'right'},
        {header: 'Officers', width: 1, align: 'right'},
        {header: 'Percent', width: 1, align: 'right'},
      ],
      rows: groups.map((g) => [g.label, g.catchment ? 'Yes' : '', String(g.trained), String(g.total), pct(g.percent)]),
    })
  }
  return {
    form: 'coverage',
    title: 'Training coverage report',
    subtitle: `As of ${input.asOf}`,
    header: pageHeader(ctx),
    footer: `Coverage as of ${input.asOf}`,
    ...(left.length ? {watermark: `INCOMPLETE: leaves out ${left.length} record${left.length === 1 ? '' : 's'} that fail${left.length === 1 ? 's' : ''} validation`} : {}),
    date: input.asOf,
    page: 'document',
    blocks,
    sources: [],
  }
}
