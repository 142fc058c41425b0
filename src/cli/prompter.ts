/**
 * Asking for a record's values at a terminal, driven by the kind's JSON Schema: choices become a
 * select list, yes/no a confirm, dates and times are read as `--set` reads them (local time, now,
 * today, 5:00 PM), lists ask "add another?", and references offer the records that exist.
 *
 * A field is asked when it becomes required: the schema's required fields and those the record's
 * rules require given the answers so far (an adoption date once the status is adopted), in the
 * schema's order. Before the last question `lead new` runs the record's rules; what they reject is
 * asked again (askAgain), so a record never fails after the last question for a reason lead could
 * have asked about. Prompts draw on stderr so stdout stays data. Loaded only when prompting.
 */
import {chalk} from './render/colors.js'
import {formatInZone, problemText} from '../core/clock/local-time.js'
import {parseFieldPath, schemaAt, typedText} from '../core/records/field-assignments.js'
import {valueAt} from '../core/records/record-query.js'
import {idIsMinted, idProblem, type Kind} from '../core/records/kinds.js'
import type {RecordData} from '../core/records/load.js'
import {requiredNow} from '../core/records/new-record.js'
import type {JsonSchema} from '../core/schemas/schema-registry.js'
import {resolveRef} from '../core/schemas/schema-outline.js'
import {askMeetingAttendees, askMeetingStatus} from './meeting-prompts.js'
import {recordChoices, relevant, rosterOf, SKIP, skipChoice, type Choice, type ChoiceContext} from './prompt-choices.js'

export interface PromptRequest extends ChoiceContext {
  schema: JsonSchema
  /** Values given so far (flags, --file); filled in place. */
  data: RecordData
  today: string
}

type Inquirer = typeof import('@inquirer/prompts')

const context = {output: process.stderr}
const note = (text: string) => process.stderr.write(chalk.dim(`  ${text}\n`))

/** A prompter for the record, ready to ask (run) or to ask again what the rules rejected. */
export async function prompterFor(req: PromptRequest): Promise<Prompter> {
  return new Prompter(await import('@inquirer/prompts'), req)
}

export class Prompter {
  /** Top-level fields already asked (answered or skipped), so a skipped one is not asked twice. */
  private readonly asked = new Set<string>()
  private readonly props: Record<string, JsonSchema>

  constructor(
    readonly q: Inquirer,
    readonly req: PromptRequest,
  ) {
    this.props = (req.schema.properties ?? {}) as Record<string, JsonSchema>
  }

  async run(): Promise<void> {
    const {data, kind} = this.req
    process.stderr.write(chalk.bold(`New ${kind}`) + chalk.dim(' (Ctrl-C cancels; nothing is written until the end)\n'))
    if (this.schemaRequired().has('id') && data.id === undefined && !this.generated()) {
      const id = await this.q.input({
        message: 'id',
        validate: (v) => idProblem(kind, v.trim()) ?? (this.req.records.has(kind, v.trim()) ? `${kind} ${v.trim()} already exists` : true),
      }, context)
      data.id = id.trim()
    }
    await this.askRequired()
    if (kind === 'meeting' && data.attendees === undefined && !this.asked.has('attendees')) {
      this.asked.add('attendees')
      const attendees = await askMeetingAttendees(this.q, this.req)
      if (attendees) data.attendees = attendees
    }
    const optional = Object.entries(this.props).filter(([name]) => name !== 'id' && data[name] === undefined && !this.asked.has(name))
    if (optional.length > 0) {
      const picked = await this.q.checkbox({
        message: 'Optional fields to fill in now (space selects, enter continues)',
        choices: optional.map(([name, child]) => ({value: name, name, description: describe(resolveRef(this.req.schema, child))})),
        pageSize: 12,
      }, context)
      for (const name of picked) {
        this.asked.add(name)
        const v = await this.ask(name, this.props[name]!, false, data)
        if (v !== undefined) data[name] = v
        await this.askRequired()
      }
    }
  }

  /** Ask every field required now, in the schema's order, until none is missing. */
  async askRequired(): Promise<void> {
    for (;;) {
      const next = this.nextRequired()
      if (!next) return
      if (next.why) note(`${next.path} is needed now: ${next.why}`)
      await this.askPath(next.path, true)
    }
  }

  private schemaRequired(): Set<string> {
    return new Set((this.req.schema.required as string[] | undefined) ?? [])
  }

  private nextRequired(): {path: string; why?: string} | undefined {
    const {data, kind, site} = this.req
    const required = this.schemaRequired()
    const ruled = requiredNow(kind, data, site.config.rules)
    for (const name of Object.keys(this.props)) {
      if (name === 'id' || this.asked.has(name)) continue
      const rule = ruled.find((r) => r.path === name || r.path.startsWith(`${name}.`))
      if (data[name] === undefined && (required.has(name) || rule)) return {path: name, why: required.has(name) ? undefined : rule?.why}
    }
    // A rule's field inside a map given already (referrer.agency when only --set referrer.badge was).
    const nested = ruled.find((r) => r.path.includes('.') && valueAt(this.req.data, r.path) === undefined && !this.asked.has(r.path))
    return nested && {path: nested.path, why: nested.why}
  }

  private generated(): boolean {
    return idIsMinted(this.req.kind)
  }

  /** Ask the field at a dot path (creating the maps on the way) and store the answer. */
  async askPath(path: string, required: boolean): Promise<void> {
    const keys = path.split('.')
    this.asked.add(path)
    let parent = this.req.data
    for (const key of keys.slice(0, -1)) {
      if (parent[key] === null || typeof parent[key] !== 'object' || Array.isArray(parent[key])) parent[key] = {}
      parent = parent[key] as RecordData
    }
    const node = schemaAt(this.req.schema, parseFieldPath(path))
    const v = await this.ask(path, node, required, parent)
    if (v !== undefined) parent[keys[keys.length - 1]!] = v
  }

  /**
   * Ask again for a field a rule rejected: its current value is dropped and the field asked as if
   * new (required, unless the schema and rules leave it optional).
   */
  async askAgain(path: string): Promise<void> {
    const keys = path.split('.')
    let parent: unknown = this.req.data
    for (const key of keys.slice(0, -1)) parent = parent !== null && typeof parent === 'object' ? (parent as RecordData)[key] : undefined
    if (parent !== null && typeof parent === 'object') delete (parent as RecordData)[keys[keys.length - 1]!]
    const required = (keys.length === 1 && this.schemaRequired().has(path)) || requiredNow(this.req.kind, this.req.data, this.req.site.config.rules).some((r) => r.path === path)
    await this.askPath(path, required)
    await this.askRequired()
  }

  /** Ask for the value at `path` (dot path with [n] for list items); undefined when skipped. */
  private async ask(path: string, node: JsonSchema, required: boolean, parent: RecordData): Promise<unknown> {
    const s = resolveRef(this.req.schema, node)
    const help = describe(s)
    if (help && s.type !== 'object') note(help)
    if (this.req.kind === 'meeting' && path === 'status' && Array.isArray(s.enum)) return askMeetingStatus(this.q, this.req.data, this.req.today, s.enum as string[])
    if (this.req.kind === 'meeting' && path === 'attendees') return askMeetingAttendees(this.q, this.req)
    if (s.type === 'object') return this.askObject(path, s, required)
    if (s.type === 'array') return this.askList(path, s, required)
    if (this.req.kind === 'referral' && path === 'referrer.badge') {
      const agency = parent.agency
      if (agency !== undefined && !rosterOf(this.req.records, agency)) return this.badgeWithoutRoster(String(agency))
    }
    const refs = recordChoices(this.req, path, parent)
    if (refs) return this.pick(path, refs, required)
    if (Array.isArray(s.enum)) {
      const values = (s.enum as unknown[]).map(String)
      if (required && values.length === 1) {
        note(`${path}: ${values[0]} (the only choice)`)
        return values[0]
      }
      return this.pick(path, values.map((v) => ({value: v, name: v})), required)
    }
    if (s.type === 'boolean') return this.q.confirm({message: path, default: true}, context)
    if (s.type === 'number' || s.type === 'integer') {
      const v = await this.q.input({message: path + (required ? '' : chalk.dim(' (enter to skip)')), validate: (t) => (!required && t.trim() === '') || (Number.isFinite(Number(t)) && t.trim() !== '' && (s.type === 'number' || Number.isInteger(Number(t)))) || `a ${s.type === 'integer' ? 'whole ' : ''}number`}, context)
      return v.trim() === '' ? undefined : Number(v)
    }
    if (typedText(this.req.schema, s, '') !== undefined) return this.askWritten(path, s, required)
    const v = await this.q.input({message: path + (required ? '' : chalk.dim(' (enter to skip)')), validate: (t) => checkText(s, t, required)}, context)
    return v === '' ? undefined : v
  }

  /**
   * A meeting's ID is its body and date: a date whose meeting is already recorded is said at the
   * date question, not refused (RECORD_EXISTS) after the last one.
   */
  private meetingTaken(path: string, date: string): string | undefined {
    const {kind, data, records} = this.req
    if (kind !== 'meeting' || path !== 'date' || data.id !== undefined || typeof data.body !== 'string') return undefined
    const existing = records.get('meeting', `${data.body}-${date}`)
    return existing ? `a ${data.body.toUpperCase()} meeting on ${date} is already recorded (${existing.file}): give another date, or change that one with lead set meeting ${data.body}-${date}` : undefined
  }

  /** The agency has no roster, so no badge can be checked: say so, and offer to leave it out. */
  private async badgeWithoutRoster(agency: string): Promise<string | undefined> {
    note(`${agency} has no roster yet, so its badges cannot be checked (lead training import-roster adds one).`)
    const choice = await this.q.select({
      message: 'referrer.badge',
      choices: [
        {value: 'skip', name: 'Leave the badge out for now (add it later with lead set)'},
        {value: 'type', name: 'Type the badge anyway'},
      ],
    }, context)
    if (choice === 'skip') return undefined
    const v = await this.q.input({message: 'referrer.badge', validate: (t) => t.trim() !== '' || 'a value is needed'}, context)
    return v.trim()
  }

  /**
   * Dates, times and phone numbers, read as `--set` reads them: local times, `now`, `today`,
   * 12-hour clocks, phone numbers in their common forms. The stored form is shown once answered.
   */
  private async askWritten(path: string, s: JsonSchema, required: boolean): Promise<string | undefined> {
    const ctx = {timeZone: this.req.timeZone, now: new Date()}
    const read = (t: string) => typedText(this.req.schema, s, t, ctx)!
    const form = s.format === 'date' ? ' (YYYY-MM-DD, today)' : s.format === 'date-time' ? ' (YYYY-MM-DD HH:MM local time, 5:00 PM, now)' : ''
    const def = !required ? undefined : s.format === 'date' ? this.req.today : s.format === 'date-time' ? formatInZone(ctx.now, ctx.timeZone).slice(0, 16).replace('T', ' ') : undefined
    const v = await this.q.input({
      message: path + form + (required ? '' : chalk.dim(' (enter to skip)')),
      default: def,
      validate: (t) => {
        if (t.trim() === '') return required ? 'a value is needed' : true
        const r = read(t)
        if (r.problem) return `${problemText(r.problem, JSON.stringify(t.trim()))}; ${r.problem.hint}`
        const ok = checkText(s, r.value, required)
        return ok === true ? (this.meetingTaken(path, r.value!) ?? true) : ok
      },
    }, context)
    if (v.trim() === '') return undefined
    const value = read(v).value!
    if (value !== v.trim()) note(`${path}: ${value}`)
    return value
  }

  private async askObject(path: string, s: JsonSchema, required: boolean): Promise<RecordData | undefined> {
    const props = (s.properties ?? {}) as Record<string, JsonSchema>
    const ruled = new Set(requiredNow(this.req.kind, this.req.data, this.req.site.config.rules).map((r) => r.path))
    const req = new Set((s.required as string[] | undefined) ?? [])
    for (const name of Object.keys(props)) if (ruled.has(`${path}.${name}`)) req.add(name)
    const out: RecordData = {}
    const help = describe(s)
    if (help) note(`${path}: ${help}`)
    // A map with no required fields (e.g. a referral's referrer), or one the user chose to fill in:
    // offer each field, optional ones skippable.
    const everyField = req.size === 0 || !required || Object.keys(props).some((n) => ruled.has(`${path}.${n}`))
    for (const [name, child] of Object.entries(props)) {
      if (!req.has(name) && !everyField) continue
      if (!relevant(this.req, `${path}.${name}`)) continue
      const v = await this.ask(`${path}.${name}`, child, req.has(name), out)
      if (v !== undefined) out[name] = v
    }
    if (!required && Object.keys(out).length === 0) return undefined
    return out
  }

  private async askList(path: string, s: JsonSchema, required: boolean): Promise<unknown[] | undefined> {
    const items = resolveRef(this.req.schema, (s.items as JsonSchema) ?? {})
    const refs = recordChoices(this.req, `${path}[]`, this.req.data)
    const fixed = refs ?? (Array.isArray(items.enum) ? (items.enum as unknown[]).map((v) => ({value: String(v), name: String(v)})) : undefined)
    if (fixed && fixed.length > 0) {
      const picked = await this.q.checkbox({message: `${path} (space selects, enter continues)`, choices: fixed, pageSize: 12, required}, context)
      if (path === 'attendees') return picked.map((badge) => ({badge}))
      return picked.length === 0 && !required ? undefined : picked
    }
    const out: unknown[] = []
    const min = (s.minItems as number | undefined) ?? 0
    for (;;) {
      // The first item of a list the user chose to fill in is not asked about.
      if (out.length >= Math.max(min, 1) && !(await this.q.confirm({message: `Add another to ${path}?`, default: false}, context))) break
      const v = await this.ask(`${path}[${out.length}]`, items, true, {})
      if (v !== undefined) out.push(v)
    }
    return out.length === 0 && !required ? undefined : out
  }

  private async pick(path: string, choices: Choice[], required: boolean): Promise<string | undefined> {
    if (choices.length === 0) {
      const v = await this.q.input({message: `${path} (no records to choose from; type it)` + (required ? '' : chalk.dim(' (enter to skip)')), required}, context)
      return v === '' ? undefined : v
    }
    const all = required ? choices : [...choices, skipChoice()]
    if (all.length > 15 || choices.some((c) => /^[0-9]/.test(c.value))) {
      // Long lists, and badges (a select list reads typed digits as positions): type to narrow them down.
      const v = await this.q.search({
        message: `${path} (type to search)`,
        source: (term) => {
          const t = (term ?? '').toLowerCase()
          return all.filter((c) => c.value === SKIP || c.name.toLowerCase().includes(t))
        },
        pageSize: 12,
      }, context)
      return v === SKIP ? undefined : v
    }
    const v = await this.q.select({message: path, choices: all, pageSize: 12}, context)
    return v === SKIP ? undefined : v
  }

  /** The record's top-level fields that hold a value, for "which field do you want to change?". */
  answeredFields(): string[] {
    return Object.keys(this.props).filter((name) => name !== 'id' && this.req.data[name] !== undefined)
  }
}

/** Show the record about to be written and ask to go ahead. */
export async function confirmRecord(kind: Kind, text: string): Promise<boolean> {
  const {confirm} = await import('@inquirer/prompts')
  process.stderr.write(`\n${chalk.dim(text.replace(/\n$/, ''))}\n\n`)
  return confirm({message: `Create this ${kind}?`, default: true}, context)
}

function describe(s: JsonSchema): string {
  const d = typeof s.description === 'string' ? s.description : ''
  // The first sentence ("e.g." does not end one), at most about three lines.
  const first = d.split(/(?<=[a-z0-9)]\.)\s+(?=[A-Z])/)[0] ?? ''
  return first.length > 240 ? `${first.slice(0, 237)}…` : first
}

function checkText(s: JsonSchema, text: string, required: boolean): true | string {
  if (text === '') return required ? 'a value is needed' : true
  if (typeof s.minLength === 'number' && [...text].length < s.minLength) return `at least ${s.minLength} characters`
  if (typeof s.maxLength === 'number' && [...text].length > s.maxLength) return `at most ${s.maxLength} characters`
  if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(text)) return `does not match the expected form${Array.isArray(s.examples) ? `, e.g. ${String(s.examples[0])}` : ''}`
  if (s.format === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) return 'an email address'
  return true
}
