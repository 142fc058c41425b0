/** What `lead training course add|list|set` print: the course table and what a change did. */
import {validityText, type CourseChange, type CourseListing} from '../../core/config/site-courses.js'
import {configChangeJson, renderConfigChange} from './config-change.js'
import {renderTable} from './table.js'

export function renderCourseList(courses: readonly CourseListing[]): string {
  if (courses.length === 0) return 'no courses in lead.yaml; add one with: lead training course add ID --name NAME --valid-months 24'
  return renderTable(
    [{header: 'id'}, {header: 'name', max: 40}, {header: 'counts for'}, {header: 'kind'}, {header: 'sessions', align: 'right'}, {header: 'last session'}],
    courses.map((c) => [c.id, c.name, c.validity, c.kind ?? '', String(c.sessions), c.last_session ?? '']),
  )
}

export function renderCourseChange(change: CourseChange): string {
  const c = change.course
  const what = `course ${c.id}: ${c.name}, ${c.valid_months === 'never' ? 'never expires' : `counts for ${validityText(c.valid_months)}`}${c.kind ? `, ${c.kind}` : ''}`
  return `${renderConfigChange(change.result)}\n${what}`
}

export function courseChangeJson(change: CourseChange): Record<string, unknown> {
  return {...configChangeJson(change.result), course: {...change.course, validity: validityText(change.course.valid_months)}}
}
