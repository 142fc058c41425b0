/**
 * Asking for a record's values at a terminal, driven by the kind's JSON Schema: choices become a
 * select list, yes/no a confirm, dates default to today and are checked as typed, lists ask "add
 * another?", and references to other records offer the records that exist. Schema descriptions
 * are the help text. Prompts draw on stderr so stdout stays data. Loaded only when prompting.
 */
import chalk from 'chalk'
import {formatInZone} from '../core/clock/local-time.js'
import {typedText} from '../core/records/field-assignments.js'
import {idProblem, type Kind} from '../core/records/kinds.js'
import type {RecordData, SiteRecords} from '../core/records/load.js'
import type {Partner, Protocol, Referral, Roster} from '../core/records/types.js'
import {governingProtocol} from '../core/referrals/protocol-in-force.js'
import type {Site} from '../core/site.js'
import type {JsonSchema} from '../core/validate/schema-registry.js'
import {resolveRef} from '../core/validate/schema-outline.js'

export interface PromptRequest {
  kind: Kind
  schema: JsonSchema
  /** Values given so far (flags, --file); filled in place. */
  data: RecordData
  site: Site
  records: SiteRecords
  timeZone?: string
  today: string
}

type Inquirer = typeof import('@inquirer/prompts')
interface Choice {
  value: string
  name: string
  description?: string
}

const SKIP = '\u0000skip'
const context = {output: process.stderr}

export async function promptForRecord(req: PromptRequest): Promise<void> {
  const prompts = await import('@inquirer/prompts')
  const p = new Prompter(prompts, req)
  await p.run()
}

class Prompter {
  constructor(
    private readonly q: Inquirer,
    private readonly req: PromptRequest,
  ) {}

  async run(): Promise<void> {
    const {schema, data, kind} = this.req
    process.stderr.write(chalk.bold(`New ${kind}`) + chalk.dim(' (Ctrl-C cancels; nothing is written until the end)\n'))
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>
    const required = new Set((schema.required as string[] | undefined) ?? [])
    if (required.has('id') && data.id === undefined && !this.generated()) {
      data.id = await this.q.input({
        message: 'id',
        validate: (v) => idProblem(kind, v.trim()) ?? (this.req.records.has(kind, v.trim()) ? `${kind} ${v.trim()} already exists` : true),
      }, context)
      data.id = String(data.id).trim()
    }
    for (const [name, child] of Object.entries(props)) {
      if (name === 'id' || !required.has(name) || data[name] !== undefined) continue
      const v = await this.ask(name, child, true, data)
      if (v !== undefined) data[name] = v
    }
    const optional = Object.entries(props).filter(([name]) => name !== 'id' && !required.has(name) && data[name] === undefined)
    if (optional.length > 0) {
      const picked = await this.q.checkbox({
        message: 'Optional fields to fill in now (space selects, enter continues)',
        choices: optional.map(([name, child]) => ({value: name, name, description: describe(resolveRef(schema, child))})),
        pageSize: 12,
      }, context)
      for (const name of picked) {
        const v = await this.ask(name, props[name]!, false, data)
        if (v !== undefined) data[name] = v
      }
    }
  }

  private generated(): boolean {
    return this.req.kind === 'referral' || this.req.kind === 'consent'
  }

  /** Ask for the value at `path` (dot path with [] for list items); undefined when skipped. */
  private async ask(path: string, node: JsonSchema, required: boolean, parent: RecordData): Promise<unknown> {
    const s = resolveRef(this.req.schema, node)
    const help = describe(s)
    if (help && s.type !== 'object') process.stderr.write(chalk.dim(`  ${help}\n`))
    const refs = this.references(path, parent)
    if (s.type === 'object') return this.askObject(path, s, required)
    if (s.type === 'array') return this.askList(path, s, required)
    if (refs) return this.pick(path, refs, required)
    if (Array.isArray(s.enum)) return this.pick(path, (s.enum as unknown[]).map((v) => ({value: String(v), name: String(v)})), required)
    if (s.type === 'boolean') return this.q.confirm({message: path, default: true}, context)
    if (s.type === 'number' || s.type === 'integer') {
      const v = await this.q.input({message: path, validate: (t) => (!required && t.trim() === '') || (Number.isFinite(Number(t)) && t.trim() !== '' && (s.type === 'number' || Number.isInteger(Number(t)))) || `a ${s.type === 'integer' ? 'whole ' : ''}number`}, context)
      return v.trim() === '' ? undefined : Number(v)
    }
    if (typedText(this.req.schema, s, '') !== undefined) return this.askWritten(path, s, required)
    const v = await this.q.input({message: path + (required ? '' : chalk.dim(' (enter to skip)')), validate: (t) => checkText(s, t, required)}, context)
    return v === '' ? undefined : v
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
        return r.problem ? `${r.problem.message}; ${r.problem.hint}` : checkText(s, r.value, required)
      },
    }, context)
    if (v.trim() === '') return undefined
    const value = read(v).value!
    if (value !== v.trim()) process.stderr.write(chalk.dim(`  ${path}: ${value}\n`))
    return value
  }

  private async askObject(path: string, s: JsonSchema, required: boolean): Promise<RecordData | undefined> {
    const props = (s.properties ?? {}) as Record<string, JsonSchema>
    const req = new Set((s.required as string[] | undefined) ?? [])
    const out: RecordData = {}
    const help = describe(s)
    if (help) process.stderr.write(chalk.dim(`  ${path}: ${help}\n`))
    // A map with no required fields (e.g. a referral's referrer), or one the user chose to fill in:
    // offer each field, optional ones skippable.
    const everyField = req.size === 0 || !required
    for (const [name, child] of Object.entries(props)) {
      if (!req.has(name) && !everyField) continue
      if (!this.relevant(`${path}.${name}`)) continue
      const v = await this.ask(`${path}.${name}`, child, req.has(name), out)
      if (v !== undefined) out[name] = v
    }
    if (!required && Object.keys(out).length === 0) return undefined
    return out
  }

  private async askList(path: string, s: JsonSchema, required: boolean): Promise<unknown[] | undefined> {
    const items = resolveRef(this.req.schema, (s.items as JsonSchema) ?? {})
    const refs = this.references(`${path}[]`, this.req.data)
    const fixed = refs ?? (Array.isArray(items.enum) ? (items.enum as unknown[]).map((v) => ({value: String(v), name: String(v)})) : undefined)
    if (fixed) {
      const picked = await this.q.checkbox({message: `${path} (space selects, enter continues)`, choices: fixed, pageSize: 12, required: required && ((s.minItems as number | undefined) ?? 0) > 0}, context)
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
    const all = required ? choices : [...choices, {value: SKIP, name: chalk.dim('(leave empty)')}]
    if (all.length > 15) {
      // Long lists (an agency's officers): type to narrow them down.
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

  /** Fields that do not apply to what was already answered (a community referral has no officer). */
  private relevant(path: string): boolean {
    const pathway = this.req.data.pathway
    if (this.req.kind === 'referral' && path === 'referrer.partner') return pathway === 'community'
    if (this.req.kind === 'referral' && (path === 'referrer.agency' || path === 'referrer.badge')) return pathway !== 'community'
    return true
  }

  /** The protocol a referral is judged under: the one it names, else the one in force when received. */
  private protocol(): Protocol | undefined {
    const {data, records, timeZone} = this.req
    if (typeof data.received !== 'string' || Number.isNaN(Date.parse(data.received))) return undefined
    return governingProtocol(data as unknown as Referral, records.dataOf<Protocol>('protocol'), timeZone)
  }

  /** Records a field refers to, as choices. */
  private references(path: string, parent: RecordData = {}): Choice[] | undefined {
    const {kind, records, data, site} = this.req
    const generic = path.replace(/\[\d+\]/g, '[]')
    const partners = (filter?: (p: Partner) => boolean) =>
      records.dataOf<Partner>('partner').filter((p) => !filter || filter(p)).map((p) => ({value: p.id, name: `${p.id} — ${p.name}`}))
    const police = (p: Partner) => p.type === 'law_enforcement'
    const ids = (k: Kind) => records.ofKind(k).map((r) => ({value: r.id, name: r.id})).reverse()
    const officers = (agency: unknown) => {
      const roster = records.dataOf<Roster>('roster').find((r) => r.agency === agency)
      return roster?.officers.filter((o) => o.status === 'active').map((o) => ({value: o.badge, name: `${o.badge} — ${o.name}${o.district ? ` (${o.district})` : ''}`}))
    }
    // The map being filled in (e.g. the referrer, while asking for its badge), else the record's.
    const referrer = (path.startsWith('referrer.') ? parent : (data.referrer ?? {})) as RecordData
    switch (`${kind}:${generic}`) {
      case 'referral:referrer.agency':
      case 'training:agency':
      case 'roster:agency':
        return partners(police)
      case 'referral:referrer.partner':
      case 'mou:parties[].partner':
      case 'mou:signatories[].partner':
      case 'protocol:duties[].partner':
      case 'consent:disclosers[]':
      case 'consent:recipients[]':
        return partners()
      case 'referral:referrer.badge':
        return officers(referrer.agency)
      case 'training:attendees[]':
        return officers(data.agency)
      case 'referral:protocol':
      case 'training:protocol':
      case 'mou:protocol':
      case 'protocol:supersedes':
        return ids('protocol')
      case 'referral:charges[]':
        return this.protocol()?.divertible_charges.map((c) => ({value: c.code, name: `${c.code} — ${c.label}`}))
      case 'referral:screening.exclusions_hit[]':
        return this.protocol()?.exclusions.map((e) => ({value: e.id, name: `${e.id} — ${e.text}`}))
      case 'referral:catchment':
        return this.protocol()?.catchment?.map((c) => ({value: c.id, name: `${c.id} — ${c.name}`}))
      case 'referral:previous':
        return ids('referral')
      case 'referral:consent':
        return records.dataOf<{id: string; participant: string}>('consent').filter((c) => !data.participant || c.participant === data.participant).map((c) => ({value: c.id, name: `${c.id} (${c.participant})`}))
      case 'training:course':
        return site.config.courses.map((c) => ({value: c.id, name: `${c.id} — ${c.name}`}))
      default:
        return undefined
    }
  }
}

/** Show the record about to be written and ask to go ahead. */
export async function confirmRecord(kind: string, text: string): Promise<boolean> {
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
