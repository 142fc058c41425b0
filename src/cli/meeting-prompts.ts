/**
 * The two questions of `lead new meeting` that the schema alone cannot ask well: the status (a
 * meeting on a past date was probably held) and who sat at the table (the body's members first).
 */
import {chalk} from './render/colors.js'
import type {MeetingBody, Partner} from '../core/records/types.js'
import type {Choice, ChoiceContext} from './prompt-choices.js'

type Inquirer = typeof import('@inquirer/prompts')
const context = {output: process.stderr}

/** A meeting on a past date was probably held, one still to come is planned: offered first. */
export async function askMeetingStatus(q: Inquirer, data: Record<string, unknown>, today: string, values: string[]): Promise<string> {
  const date = data.date
  const first = typeof date === 'string' && date < today ? 'held' : 'planned'
  const ordered = [first, ...values.filter((v) => v !== first)]
  return q.select({message: 'status', choices: ordered.map((v): Choice => ({value: v, name: v})), pageSize: 12}, context)
}

/**
 * Who sat at the table: the body's member partners to tick (other partners after them, as
 * guests), then, per partner ticked, its contacts to tick — those whose role names the body
 * ("PCG member") ticked already. A partner with nobody ticked is recorded without a name.
 */
export async function askMeetingAttendees(q: Inquirer, ctx: ChoiceContext): Promise<Array<{partner: string; name?: string}> | undefined> {
  const {data, records} = ctx
  const body = (data.body === 'pcg' ? 'pcg' : 'owg') as MeetingBody
  const all = records.dataOf<Partner>('partner').filter((p) => typeof p.id === 'string')
  const member = (p: Partner) => (body === 'pcg' ? p.pcg_member : p.owg_member) === true
  const ordered = [...all.filter(member), ...all.filter((p) => !member(p))]
  if (ordered.length === 0) return undefined
  const held = data.status === 'held'
  const label = body.toUpperCase()
  const picked = await q.checkbox({
    message: `${held ? 'Who attended' : 'Who is expected'}? ${label} member partners first (space selects, enter continues)`,
    choices: ordered.map((p) => ({value: p.id, name: `${p.id} — ${p.name}${member(p) ? '' : chalk.dim(` (not a ${label} member: a guest)`)}`, checked: !held && member(p)})),
    pageSize: 14,
  }, context)
  const attendees: Array<{partner: string; name?: string}> = []
  for (const id of picked) {
    const contacts = (ordered.find((p) => p.id === id)?.contacts ?? []).filter((c) => typeof c.name === 'string' && c.name.trim() !== '')
    if (contacts.length === 0) {
      attendees.push({partner: id})
      continue
    }
    const rx = new RegExp(`\\b${label}\\b`)
    const names = await q.checkbox({
      message: `${id}: who ${held ? 'attended' : 'is expected'}? (none ticked: the partner, unnamed)`,
      choices: contacts.map((c) => ({value: c.name, name: `${c.name}${c.role ? chalk.dim(` — ${c.role}`) : ''}`, checked: rx.test(c.role ?? '')})),
      pageSize: 12,
    }, context)
    if (names.length === 0) attendees.push({partner: id})
    for (const name of names) attendees.push({partner: id, name})
  }
  return attendees.length > 0 ? attendees : undefined
}
