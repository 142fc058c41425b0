/** Text renderings of the referral check and the project manager's reports. */
import {chalk} from './colors.js'
import {plural} from './words.js'
import type {CapacityReport} from '../../core/referrals/capacity.js'
import type {EligibilityDecision, Step} from '../../core/referrals/eligibility.js'
import type {Funnel, FunnelReport} from '../../core/referrals/funnel.js'
import type {SiteStatus} from '../../core/referrals/site-status.js'
import type {ReferralVolume} from '../../core/referrals/volume.js'
import {bar, renderTable, type Column} from './table.js'

export function percent(x: number | undefined): string {
  return x === undefined ? '—' : `${Math.round(x * 1000) / 10}%`
}

function mark(step: Step): string {
  if (step.ok === true) return chalk.green('✓')
  if (step.undecided) return chalk.yellow('?')
  if (step.ok === false && step.effect === 'warning') return chalk.yellow('!')
  if (step.ok === false) return chalk.red('✗')
  if (step.effect === 'warning') return chalk.yellow('!')
  return '·'
}

export function renderDecision(d: EligibilityDecision): string {
  const verdict = d.outcome === 'eligible' ? chalk.green('ELIGIBLE') : d.outcome === 'ineligible' ? chalk.red('INELIGIBLE') : chalk.yellow('UNDECIDED')
  const under = d.protocol ? ` under protocol ${d.protocol.id} (version ${d.protocol.version})` : ''
  const lines = [
    `${d.referral}: ${verdict}${under}`,
    `received ${d.received.date} ${d.received.time} ${d.received.weekday} (UTC${d.received.offset}) · ${d.pathway} · status ${d.status}`,
    '',
  ]
  const width = Math.max(...d.steps.map((s) => s.step.length))
  for (const s of d.steps) lines.push(`  ${mark(s)} ${s.step.padEnd(width)}  ${s.message}${s.code && s.ok !== true ? `  [${s.code}]` : ''}`)
  lines.push('')
  if (d.missing.length > 0) {
    lines.push(`screening incomplete: ${d.missing.join(', ')} not recorded; eligibility is undecided until they are`, `  record the answers with \`lead set referral ${d.referral} FIELD=VALUE\` (exclusions_hit=[] when no exclusion applies) or \`lead edit referral ${d.referral}\``, '')
  }
  if (d.intake) {
    const i = d.intake
    const head = `intake: due ${i.due} (${i.deadlineDays} days after ${d.received.date})`
    if (i.completed) lines.push(`${head}; completed ${i.completed}, ${i.onTime ? 'on time' : chalk.red('late')}`)
    else if (i.overdue) lines.push(`${head}; ${chalk.red(`overdue by ${-(i.daysLeft ?? 0)} days`)}`)
    else if (i.pending) lines.push(`${head}; ${i.daysLeft} days left`)
    else lines.push(`${head}; not completed (status ${d.status})`)
  }
  if (d.handoff) {
    const h = d.handoff
    const who = h.method ? `${h.method}${h.caseManager ? ` with ${h.caseManager}` : ''}` : 'not recorded'
    const response = h.responseMinutes !== undefined ? `; case manager arrived after ${h.responseMinutes} min${h.targetMinutes !== undefined ? ` (target ${h.targetMinutes}: ${h.withinTarget ? 'within' : chalk.yellow('over')})` : ''}` : ''
    lines.push(`handoff: ${who}${response}; received ${h.offHours ? 'outside' : 'within'} staffed coverage hours`)
  }
  if (d.consent) {
    const c = d.consent
    if (!c.found) lines.push(`consent: ${c.id} ${chalk.red('does not exist')}`)
    else if (c.covers) lines.push(`consent: ${c.id} covers it (signed ${c.signed}${c.expires ? `, expires ${c.expires}` : c.expiresEvent ? `, until: ${c.expiresEvent}` : ''}${c.revoked ? `, revoked ${c.revoked}` : ''})`)
    else for (const p of c.problems) lines.push(`consent: ${chalk.red('✗')} ${p.message}  [${p.code}]`)
  } else {
    lines.push('consent: none named')
  }
  return lines.join('\n')
}

function coverageText(by: string, b: ReferralVolume['buckets'][number]): string {
  if (!b.coverage) return '—'
  if (by === 'weekday' && b.coverage === 'partly') return `${Math.round(((b.staffedMinutes ?? 0) / 60) * 10) / 10} h staffed`
  if (by === 'hour' && b.coverage === 'partly') return `partly (${Math.round((b.staffedMinutes ?? 0) / 60)} of 7 days)`
  return b.coverage
}

export function renderVolume(v: ReferralVolume): string {
  const max = Math.max(1, ...v.buckets.map((b) => b.count))
  const withCoverage = v.by === 'hour' || v.by === 'weekday'
  const columns: Column[] = [{header: v.by === 'week' ? 'week of' : v.by}, {header: 'referrals', align: 'right'}, {header: 'share', align: 'right'}, {header: '', max: 30}, {header: 'off-hours', align: 'right'}]
  if (withCoverage) columns.push({header: 'coverage'})
  const rows = v.buckets.map((b) => {
    const row = [b.partial ? `${b.key} *` : b.key, String(b.count), percent(b.share), bar(b.count / max, 24), String(b.offHours)]
    if (withCoverage) row.push(coverageText(v.by, b))
    return row
  })
  const range = v.from || v.to ? ` from ${v.from ?? 'the start'} to ${v.to ?? 'today'}` : ''
  const lines = [`Referrals by ${v.by}${range}${v.timeZone ? ` (times in ${v.timeZone})` : ''}: ${v.total}`, '', renderTable(columns, rows), '']
  if (v.buckets.some((b) => b.partial)) lines.push(`* the range covers only part of this ${v.by}`)
  if (withCoverage) lines.push(`coverage: hours staffed under ${v.coverageProtocol ? `protocol ${v.coverageProtocol.id}` : 'no protocol in force'} (the off-hours column judges each referral against its own protocol)`)
  lines.push(`off-hours: ${v.offHours.count} of ${v.offHours.judged} referrals (${percent(v.offHours.share)}) arrived outside the staffed hours of their protocol`)
  const r = v.response
  if (r.count === 0) lines.push('handoff response: no warm handoff with an arrival time in this range')
  else lines.push(`handoff response: median ${r.medianMinutes} min, 90th percentile ${r.p90Minutes} min over ${r.count} handoffs; ${r.withinTarget} (${percent(r.withinTargetShare)}) within the target${r.targetMinutes !== undefined ? ` of ${r.targetMinutes} min` : ''}`)
  return lines.join('\n')
}

function funnelTable(f: Funnel): string {
  const top = Math.max(1, f.stages[0]!.count)
  return renderTable(
    [{header: 'stage'}, {header: 'count', align: 'right'}, {header: 'of referred', align: 'right'}, {header: 'of previous', align: 'right'}, {header: '', max: 30}],
    f.stages.map((s) => [s.stage === 'screening_incomplete' ? '  screening incomplete' : s.stage.replaceAll('_', ' '), String(s.count), percent(s.ofReferred), s.stage === 'referred' || s.stage === 'screening_incomplete' ? '' : percent(s.ofPrevious), bar(s.count / top, 24)]),
  )
}

export function renderFunnel(f: FunnelReport): string {
  const range = f.from || f.to ? ` from ${f.from ?? 'the start'} to ${f.to ?? 'today'}` : ''
  const parts = [`Referral funnel${range}`, '', funnelTable(f.total)]
  for (const g of f.byPathway ?? []) parts.push('', `${g.group}:`, funnelTable(g))
  parts.push('', 'screening incomplete: referred, not screened out, but missing a screening answer the protocol requires, so not counted eligible (`lead validate` lists them as SCREENING_INCOMPLETE once marked eligible or enrolled)')
  return parts.join('\n')
}

export function renderCapacity(c: CapacityReport): string {
  const limits = c.protocol ? `protocol ${c.protocol.id}: target ${c.target ?? '—'}, maximum ${c.max ?? '—'}` : 'no protocol in force: no caseload limits'
  const scale = Math.max(1, c.max ?? 0, ...c.caseManagers.map((m) => m.open))
  const rows = c.caseManagers.map((m) => [m.caseManager, String(m.open), bar(m.open / scale, 25), String(m.openReferrals), m.overMax ? chalk.red('OVER MAXIMUM') : m.overTarget ? chalk.yellow('over target') : ''])
  const referrals = c.caseManagers.reduce((n, m) => n + m.openReferrals, 0)
  return [
    `Open cases per case manager on ${c.asOf} (${limits}): ${c.totalOpen} ${c.totalOpen === 1 ? 'person' : 'people'} (${referrals} open referral${referrals === 1 ? '' : 's'})`,
    '',
    renderTable([{header: 'case manager'}, {header: 'people', align: 'right'}, {header: '', max: 30}, {header: 'referrals', align: 'right'}, {header: 'flag'}], rows),
    '',
    c.overMax > 0 ? chalk.red(`${c.overMax} case manager(s) over the maximum of ${c.max}`) : 'no case manager is over the maximum',
  ].join('\n')
}

export function renderStatus(s: SiteStatus): string {
  const lines: string[] = [`${s.site} — status on ${s.asOf}`, '']
  const row = (label: string, text: string, command: string) => lines.push(`${label.padEnd(16)}${text}${chalk.dim(`  → ${command}`)}`)
  if (s.uncommitted) row('history', chalk.yellow(s.uncommitted.message), s.uncommitted.command)
  const todo = s.setup?.steps.filter((x) => !x.done) ?? []
  if (s.setup && todo.length > 0) {
    row('set up', chalk.yellow(`${s.setup.steps.length - todo.length} of ${s.setup.steps.length} steps done; next: ${todo[0]!.step}`), todo[0]!.command)
    for (const t of todo.slice(1)) row('', `then: ${t.step}`, t.command)
    lines.push(`${''.padEnd(16)}${chalk.dim('(why this order: docs/guides/first-site.md)')}`)
  }
  const p = s.protocol
  let protocolText = p.inForce ? `${p.inForce.id} (version ${p.inForce.version}) in force since ${p.inForce.from}` : chalk.red('no adopted protocol in force')
  if (p.upcoming.length) protocolText += `; ${p.upcoming.map((u) => `${u.id} takes effect ${u.effectiveFrom}`).join(', ')}`
  if (p.drafts.length) protocolText += `; ${chalk.yellow(`draft waiting for adoption: ${p.drafts.map((d) => d.id).join(', ')}`)}`
  row('protocol', protocolText, p.command)
  const byStatus = Object.entries(s.referrals.byStatus).map(([k, v]) => `${v} ${k.replaceAll('_', ' ')}`).join(', ')
  const unknown = s.referrals.unknown.length ? `; ${s.referrals.unknown.length} more ended on a day their records do not give (no closed date): not counted` : ''
  row('open referrals', `${s.referrals.open}${byStatus ? ` (${byStatus})` : ''}${unknown}`, s.referrals.command)
  const overdue = s.intakes.overdue.length ? chalk.red(`${s.intakes.overdue.length} overdue (${s.intakes.overdue.map((o) => o.referral).join(', ')})`) : '0 overdue'
  const week = s.intakes.dueThisWeek.length ? `${s.intakes.dueThisWeek.length} due this week (${s.intakes.dueThisWeek.map((o) => `${o.referral} on ${o.due}`).join(', ')})` : '0 due this week'
  row('intakes', `${overdue}; ${week}`, s.intakes.command)
  const mouText = [
    ...s.mous.expired.map((m) => chalk.red(`${m.mou} ended ${m.ended}`)),
    ...s.mous.expiring.map((m) => chalk.yellow(`${m.mou} ends ${m.ends} (${m.daysLeft} days)`)),
  ]
  row('MOUs', mouText.length ? mouText.join('; ') : 'none expiring within 60 days', s.mous.command)
  const t = s.training
  row('training', t.total ? `${t.percent}% of catchment officers trained (${t.trained} of ${t.total})` : 'no active catchment officers on the rosters', t.command)
  const v = s.validation
  row('validation', v.errors || v.warnings ? `${v.errors ? chalk.red(plural(v.errors, 'error')) : '0 errors'}, ${plural(v.warnings, 'warning')}` : 'no errors or warnings', v.command)
  return lines.join('\n')
}
