/** Text renderings of the meeting agenda and the open action items. */
import {chalk} from './colors.js'
import type {MeetingAgenda} from '../../core/meetings/agenda.js'
import type {ActionsByOwner, OpenAction} from '../../core/meetings/open-actions.js'
import type {OwgAgenda} from '../../core/meetings/owg-agenda.js'
import type {PcgAgenda} from '../../core/meetings/pcg-agenda.js'
import {BODY_NAME} from '../../core/meetings/meeting-bodies.js'
import {UNDECLARED} from '../../core/privacy/undeclared.js'
import type {MeetingStatus, NextMeeting} from '../../core/meetings/meeting-status.js'
import {renderTable} from './table.js'
import {plural} from './words.js'

const WEEKDAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const weekday = (date: string) => WEEKDAY[new Date(`${date}T00:00:00Z`).getUTCDay()]!
const none = (what: string) => chalk.dim(`  none ${what}`)

export function renderAgenda(a: MeetingAgenda): string {
  const g = a.agenda
  const m = a.meeting
  const when = `${weekday(g.date)} ${g.date}${m?.time ? ` ${m.time.from}${m.time.to ? `–${m.time.to}` : ''}` : ''}`
  const lines = [chalk.bold(`${BODY_NAME[g.body]} (${g.body.toUpperCase()}) agenda: ${when}`)]
  lines.push(m ? `${m.id} (${m.status})${m.location ? ` · ${m.location}` : ''}` : chalk.dim(`no ${g.body.toUpperCase()} meeting recorded on ${g.date}: lead new meeting --set body=${g.body} --set date=${g.date}`))
  if (g.since) lines.push(chalk.dim(`since the last ${g.body.toUpperCase()} meeting: ${g.since.meeting}`))
  if (m?.agenda?.length) {
    lines.push('', chalk.bold('On the meeting record'))
    m.agenda.forEach((item, i) => lines.push(`  ${i + 1}. ${item.title}${item.presenter ? chalk.dim(item.presenter === UNDECLARED ? ' (presenter not declared)' : ` (${item.presenter})`) : ''}`))
  }
  lines.push(...(g.body === 'owg' ? owgLines(g) : pcgLines(g)))
  lines.push('', chalk.bold(`Open action items (${g.actions.length})`))
  lines.push(g.actions.length ? indent(actionTable(g.actions, true)) : none('open'))
  return lines.join('\n')
}

function owgLines(g: OwgAgenda): string[] {
  const people = g.caseManagers.reduce((n, c) => n + c.cases.length, 0)
  const out = ['', chalk.bold(`Open referrals by case manager (${people} ${people === 1 ? 'person' : 'people'})`)]
  const rows: string[][] = []
  for (const {caseManager, cases} of g.caseManagers) {
    cases.forEach((c, i) => rows.push([i === 0 ? caseManager : '', c.participant, c.referrals.at(-1)!, c.status, `${c.lastContact} (${c.lastContactFrom.replace('_', ' ')})`, String(c.daysSinceContact), c.consent ? `${c.consent.id}${c.consent.expires ? ` to ${c.consent.expires}` : ''}` : chalk.red('none in effect: not discussed')]))
  }
  out.push(rows.length ? indent(renderTable([{header: 'case manager'}, {header: 'participant'}, {header: 'referral'}, {header: 'status'}, {header: 'last contact'}, {header: 'days', align: 'right'}, {header: 'consent', max: 60}], rows)) : none('open'))
  out.push('', chalk.bold(`Intakes overdue (${g.intakesOverdue.length})`))
  out.push(g.intakesOverdue.length ? indent(renderTable([{header: 'referral'}, {header: 'participant'}, {header: 'case manager'}, {header: 'due'}, {header: 'days over', align: 'right'}], g.intakesOverdue.map((i) => [i.referral, i.participant, i.caseManager ?? '', i.due, String(i.daysOverdue)]))) : none('overdue'))
  out.push('', chalk.bold(`Re-referrals since ${g.since?.date ?? 'the last two weeks'} (${g.reReferrals.length})`))
  out.push(g.reReferrals.length ? indent(renderTable([{header: 'referral'}, {header: 'participant'}, {header: 'previous'}, {header: 'received'}, {header: 'case manager'}], g.reReferrals.map((r) => [r.referral, r.participant, r.previous, r.received, r.caseManager ?? '']))) : none('received'))
  out.push('', chalk.bold(`Consents of open cases expiring within 30 days (${g.consentsExpiring.length})`))
  out.push(g.consentsExpiring.length ? indent(renderTable([{header: 'consent'}, {header: 'participant'}, {header: 'expires'}, {header: 'days left', align: 'right'}], g.consentsExpiring.map((c) => [c.consent, c.participant, c.expires, String(c.daysLeft)]))) : none('expiring'))
  return out
}

function pcgLines(g: PcgAgenda): string[] {
  const out = ['', chalk.bold(`Protocols awaiting adoption (${g.protocolsAwaitingAdoption.length})`)]
  out.push(g.protocolsAwaitingAdoption.length ? g.protocolsAwaitingAdoption.map((p) => `  ${p.id} (version ${p.version}), draft, to take effect ${p.effectiveFrom}`).join('\n') : none('waiting'))
  out.push('', chalk.bold(`MOUs ending or due for review within 60 days (${g.mous.length})`))
  const why = {ends: 'ends', ended: 'ended (still marked signed)', review: 'review due'}
  out.push(g.mous.length ? g.mous.map((m) => `  ${m.mou}: ${why[m.why]} ${m.date}${m.daysLeft >= 0 ? ` (${plural(m.daysLeft, 'day')})` : ''}`).join('\n') : none('due'))
  out.push('', chalk.bold(`Returning from ${g.since?.meeting ?? 'the last PCG meeting'} (${g.returning.length})`))
  out.push(g.returning.length ? g.returning.map((r) => `  ${r.decision} ${r.kind}: ${r.outcome.replace('_', ' ')}`).join('\n') : none('deferred'))
  const q = g.quarter
  const pathways = Object.entries(q.referrals.byPathway).map(([p, n]) => `${n} ${p.replace('_', ' ')}`).join(', ')
  const r = q.response
  out.push('', chalk.bold(`Figures for ${q.label} (${q.from} to ${q.to})`))
  out.push(`  referrals      ${q.referrals.total}${q.referrals.total ? ` (${pathways})` : ''}`)
  out.push(`  funnel         ${q.funnel.map((s) => `${s.stage.replaceAll('_', ' ')} ${s.count}`).join(' → ')}`)
  out.push(`  handoffs       ${r.handoffs ? `median ${r.medianMinutes} min over ${plural(r.handoffs, 'warm handoff')}, ${r.withinTarget} within ${r.targetMinutes !== undefined ? `the ${r.targetMinutes}-minute target` : 'target'}` : 'no warm handoff with an arrival time'}`)
  out.push(`  off-hours      ${q.offHours.count} of ${q.offHours.judged} referrals arrived outside staffed hours`)
  out.push(`  open cases     ${plural(q.openCases, 'person')} on ${q.to}`)
  out.push(`  training       ${q.training.total ? `${q.training.percent}% of catchment officers trained (${q.training.trained} of ${q.training.total}) on ${q.to}` : 'no active catchment officers on the rosters'}`)
  return out
}

const indent = (text: string) => text.split('\n').map((l) => `  ${l}`).join('\n')

function when(a: OpenAction): string {
  return a.overdue ? chalk.red(`${plural(a.daysOverdue, 'day')} overdue`) : 'open'
}

function actionTable(actions: readonly OpenAction[], withOwner: boolean): string {
  const columns = [...(withOwner ? [{header: 'owner'}] : []), {header: 'due'}, {header: 'state'}, {header: 'from'}, {header: 'action', max: 70}]
  return renderTable(columns, actions.map((a) => [...(withOwner ? [a.owner] : []), a.due, when(a), `${a.meeting} #${a.number}`, a.text ?? chalk.dim('(not shown: it looks like it holds an identifier; see lead validate)')]))
}

export function renderActions(groups: readonly ActionsByOwner[], asOf: string, partnerName: (id: string) => string): string {
  const total = groups.reduce((n, g) => n + g.actions.length, 0)
  const overdue = groups.reduce((n, g) => n + g.overdue, 0)
  const lines = [`Open action items on ${asOf}: ${total}${overdue ? chalk.red(` (${overdue} overdue)`) : ' (none overdue)'}`]
  for (const g of groups) {
    lines.push('', chalk.bold(`${g.owner}${partnerName(g.owner) !== g.owner ? ` — ${partnerName(g.owner)}` : ''}`), indent(actionTable(g.actions, false)))
  }
  if (total === 0) lines.push(chalk.dim('  nothing is open'))
  return lines.join('\n')
}

/** The meeting rows of `lead status`, in its `label  text  → command` layout. */
export function renderMeetingStatus(s: MeetingStatus): string {
  const lines: string[] = []
  const row = (label: string, text: string) => lines.push(`${label.padEnd(16)}${text}${chalk.dim(`  → ${s.command}`)}`)
  const when = (n: NextMeeting) => `${n.id} (${weekday(n.date)} ${n.date}${n.time ? ` ${n.time}` : ''}, ${n.daysUntil === 0 ? 'today' : n.daysUntil === 1 ? 'tomorrow' : `in ${n.daysUntil} days`})`
  const next = (['owg', 'pcg'] as const).flatMap((b) => (s.nextByBody[b] ? [when(s.nextByBody[b]!)] : []))
  let text = next.length ? next.join('; ') : 'none planned'
  if (s.unrecorded.length) text += `; ${chalk.yellow(`minutes not recorded: ${s.unrecorded.join(', ')}`)}`
  row('next meetings', text)
  const o = s.overdueActions
  row('action items', o.length ? chalk.red(`${o.length} overdue (${o.map((a) => `${a.meeting} #${a.number}, ${a.owner}, ${a.daysOverdue} days`).join('; ')})`) : '0 overdue')
  return lines.join('\n')
}
