/**
 * The site's training courses (lead.yaml `courses:`) as `lead training course add|list|set` see
 * them: a course by its id, its validity typed as people say it (24, never), and how many sessions
 * use it. Every change is a lead.yaml change through config/config-change.ts, lead.yaml's one
 * writer: the whole site validated under the new courses, atomic write, one commit.
 */
import {LeadError, ExitCode, usageError} from '../errors.js'
import {formatFieldPath, typeValue, type Assignment, type PathStep} from '../records/field-assignments.js'
import {loadRecords, workingTreeInputs} from '../records/load.js'
import {orderBySchema} from '../records/record-edit.js'
import {resolveRef} from '../schemas/schema-outline.js'
import {loadSchema, type JsonSchema} from '../schemas/schema-registry.js'
import type {Course, Site} from '../site.js'
import {didYouMean} from '../text/suggest.js'
import {changeSiteConfig, type ConfigChangeOptions, type ConfigChangeResult} from './config-change.js'

export type Validity = number | 'never'

/** The schema of one course (lead.schema.json courses.items), and lead.yaml's schema it lives in. */
function courseSchema(): {root: JsonSchema; course: JsonSchema; props: Record<string, JsonSchema>; required: string[]} {
  const root = loadSchema('lead')
  const courses = resolveRef(root, (root.properties as Record<string, JsonSchema>).courses!)
  const course = resolveRef(root, courses.items as JsonSchema)
  return {root, course, props: course.properties as Record<string, JsonSchema>, required: (course.required as string[]) ?? []}
}

/** The longest validity the schema allows, in months. */
export function maxValidMonths(): number {
  return Number(courseSchema().props.valid_months!.maximum ?? 600)
}

/** The course kinds the schema names (initial, refresher…). */
export function courseKinds(): string[] {
  return ((courseSchema().props.kind?.enum as string[] | undefined) ?? []).map(String)
}

/** `24` or `never` (any case), as typed after --valid-months or valid_months=. */
export function parseValidity(text: string, field = '--valid-months'): Validity {
  const max = maxValidMonths()
  const hint = `give whole months from 1 to ${max} (24 is two years), or never for a certification that does not expire`
  const t = text.trim()
  if (/^never$/i.test(t)) return 'never'
  if (!/^[0-9]+$/.test(t)) throw usageError('BAD_VALIDITY', `${field}: "${text}" is not a number of months or never`, hint)
  const n = Number(t)
  if (n < 1 || n > max) throw usageError('BAD_VALIDITY', `${field}: ${n} months is out of range`, hint)
  return n
}

/** How long a course counts, in words: "24 months (2 years)", "never expires". */
export function validityText(v: Validity): string {
  if (v === 'never') return 'never expires'
  const years = v % 12 === 0 ? ` (${v / 12} year${v === 12 ? '' : 's'})` : ''
  return `${v} month${v === 1 ? '' : 's'}${years}`
}

function checkCourseId(id: string, field = 'ID'): void {
  const {root, props} = courseSchema()
  const pattern = new RegExp(String(resolveRef(root, props.id!).pattern), 'u')
  if (!pattern.test(id)) {
    const suggestion = id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64)
    throw usageError('BAD_COURSE_ID', `${field}: "${id}" is not a course id`, `use lowercase letters, digits and hyphens${pattern.test(suggestion) ? `, e.g. ${suggestion}` : ' (e.g. cit-40)'}; sessions name their course by it`)
  }
}

function checkName(name: string, field: string): string {
  const t = name.trim()
  const max = Number(courseSchema().props.name!.maxLength ?? 200)
  if (t === '' || t.length > max) throw usageError('BAD_VALUE', `${field}: a course name is 1 to ${max} characters${t === '' ? ', not empty' : ''}`, 'the name is printed on sign-in sheets and reports, e.g. "Crisis intervention (40 hours)"')
  return t
}

function checkKind(kind: string, field: string): string {
  const kinds = courseKinds()
  const k = kind.trim()
  if (!kinds.includes(k)) throw usageError('BAD_VALUE', `${field}: "${kind}" is not a course kind${didYouMean(k.replace(/-/g, '_'), kinds)}`, `kinds: ${kinds.join(', ')} (roll_call: a short briefing at shift change; peer: officer to officer)`)
  return k
}

const listed = (site: Site) => site.config.courses.filter((c) => c && typeof c.id === 'string')

/** The index of a course in lead.yaml; UNKNOWN_COURSE (with the closest id) when there is none. */
export function courseIndex(site: Site, id: string): number {
  const index = site.config.courses.findIndex((c) => c?.id === id)
  if (index >= 0) return index
  const ids = listed(site).map((c) => c.id)
  throw usageError('UNKNOWN_COURSE', `unknown course "${id}"${didYouMean(id, ids)}`, ids.length > 0 ? `courses in lead.yaml: ${ids.join(', ')} (lead training course list)` : 'add one first: lead training course add ID --name NAME --valid-months 24')
}

export interface NewCourse {
  id: string
  name: string
  valid_months: Validity
  kind?: string
}

export interface CourseChange {
  /** The course as lead.yaml holds it after the change. */
  course: Course
  result: ConfigChangeResult
}

/** Add a course at the end of lead.yaml's list. */
export async function addCourse(site: Site, input: NewCourse, options: ConfigChangeOptions = {}): Promise<CourseChange> {
  checkCourseId(input.id)
  const existing = site.config.courses.find((c) => c?.id === input.id)
  if (existing) {
    throw usageError('DUPLICATE_COURSE', `course "${input.id}" already exists (${existing.name}, ${validityText(existing.valid_months)})`, `change it with lead training course set ${input.id} FIELD=VALUE, or choose another id`)
  }
  const {root, course: schema} = courseSchema()
  const course: Record<string, unknown> = {id: input.id, name: checkName(input.name, '--name'), valid_months: input.valid_months}
  if (input.kind !== undefined) course.kind = checkKind(input.kind, '--kind')
  const value = orderBySchema(root, schema, course)
  const steps: PathStep[] = [{key: 'courses'}, {append: true}]
  const result = await changeSiteConfig(site, [{text: formatFieldPath(steps), steps, value}], [], {...options, message: options.message ?? `config: add course ${input.id}`})
  return {course: value as Course, result}
}

/**
 * Change fields of a course: `FIELD=VALUE` for id, name, valid_months, kind; `unsets` removes an
 * optional field. Renaming a course that sessions name is refused: those sessions would lose it.
 */
export async function setCourse(site: Site, id: string, texts: readonly string[], unsets: readonly string[] = [], options: ConfigChangeOptions & {sessions?: number} = {}): Promise<CourseChange> {
  const index = courseIndex(site, id)
  const {root, props, required, course: schema} = courseSchema()
  const fields = Object.keys(props)
  const base: PathStep[] = [{key: 'courses'}, {index}]
  const field = (name: string): string => {
    const f = name.trim()
    if (!Object.hasOwn(props, f)) {
      // `valid=24` is a field cut short as often as mistyped.
      const begun = f.length >= 3 ? fields.find((k) => k.startsWith(f.toLowerCase())) : undefined
      throw usageError('UNKNOWN_FIELD', `a course has no field "${f}"${begun ? ` (did you mean "${begun}"?)` : didYouMean(f, fields)}`, `fields of a course: ${fields.join(', ')}`)
    }
    return f
  }
  const after: Record<string, unknown> = {...site.config.courses[index]}
  const assignments: Assignment[] = texts.map((text) => {
    const eq = text.indexOf('=')
    if (eq <= 0) throw usageError('BAD_ASSIGNMENT', `"${text}" is not FIELD=VALUE`, `e.g. lead training course set ${id} valid_months=never`)
    const name = field(text.slice(0, eq))
    const raw = text.slice(eq + 1)
    let value: unknown
    if (name === 'valid_months') value = parseValidity(raw, 'valid_months')
    else if (name === 'name') value = checkName(raw, 'name')
    else if (name === 'id') {
      value = raw.trim()
      checkCourseId(String(value), 'id')
      if (value !== id && site.config.courses.some((c) => c?.id === value)) throw usageError('DUPLICATE_COURSE', `id: course "${String(value)}" already exists`, 'choose another id')
    } else if (name === 'kind') value = checkKind(raw, 'kind')
    else value = typeValue(root, props[name]!, raw, name)
    after[name] = value
    const steps = [...base, {key: name}]
    return {text: formatFieldPath(steps), steps, value}
  })
  const removals = unsets.map((u) => {
    const name = field(u)
    if (required.includes(name)) throw usageError('REQUIRED_FIELD', `a course always has ${name}; it cannot be removed`, `change it instead: lead training course set ${id} ${name}=VALUE`)
    delete after[name]
    return [...base, {key: name}]
  })
  if (assignments.length === 0 && removals.length === 0) throw usageError('NOTHING_TO_SET', 'give at least one FIELD=VALUE or --unset FIELD', `e.g. lead training course set ${id} valid_months=never; fields: ${fields.join(', ')}`)
  if (after.id !== id) {
    const sessions = options.sessions ?? (await courseUsage(site)).get(id)?.sessions ?? 0
    if (sessions > 0) {
      throw new LeadError('COURSE_IN_USE', `course "${id}" is named by ${sessions} training session${sessions === 1 ? '' : 's'}; renaming it would leave them without a course`, {
        exit: ExitCode.invalid,
        hint: `keep the id and change the name (lead training course set ${id} name=...), or add a new course for new sessions (lead training course add)`,
      })
    }
  }
  const setNames = [...new Set(assignments.map((a) => String((a.steps.at(-1) as {key: string}).key)))]
  const unsetNames = [...new Set(unsets.map((u) => u.trim()))]
  const parts = [setNames.length > 0 ? `set ${setNames.join(', ')}` : '', unsetNames.length > 0 ? `unset ${unsetNames.join(', ')}` : ''].filter(Boolean)
  const result = await changeSiteConfig(site, assignments, removals, {...options, message: options.message ?? `config: course ${id}: ${parts.join('; ')}`})
  return {course: orderBySchema(root, schema, after) as Course, result}
}

export interface CourseUsage {
  sessions: number
  /** The latest session date (YYYY-MM-DD). */
  last?: string
}

/** How many training sessions name each course, and the latest one. Reads training records only. */
export async function courseUsage(site: Site): Promise<Map<string, CourseUsage>> {
  const inputs = workingTreeInputs(site.root).inputs.filter((i) => i.kind === 'training')
  const records = await loadRecords(site, {inputs})
  const usage = new Map<string, CourseUsage>()
  for (const data of records.dataOf('training')) {
    const course = data.course
    if (typeof course !== 'string') continue
    const u = usage.get(course) ?? {sessions: 0}
    u.sessions++
    const date = typeof data.date === 'string' ? data.date : undefined
    if (date && (!u.last || date > u.last)) u.last = date
    usage.set(course, u)
  }
  return usage
}

export interface CourseListing {
  id: string
  name: string
  valid_months: Validity
  /** valid_months in words: "24 months (2 years)", "never expires". */
  validity: string
  kind: string | null
  sessions: number
  last_session: string | null
}

/** The courses in lead.yaml's order, with how many sessions use each. */
export async function listCourses(site: Site): Promise<CourseListing[]> {
  const usage = await courseUsage(site)
  return listed(site).map((c) => ({
    id: c.id,
    name: c.name,
    valid_months: c.valid_months,
    validity: c.valid_months === 'never' || Number.isInteger(c.valid_months) ? validityText(c.valid_months) : `invalid (${String(c.valid_months)})`,
    kind: c.kind ?? null,
    sessions: usage.get(c.id)?.sessions ?? 0,
    last_session: usage.get(c.id)?.last ?? null,
  }))
}
