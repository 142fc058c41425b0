/**
 * Writing a roster as YAML that stays readable and diff-friendly: one block per officer in a
 * fixed key order, one line per history entry, badges and dates quoted (leading zeros and
 * YAML 1.1 readers), and the file's leading comment kept.
 */
import type {Officer, Roster} from '../records/types.js'

const KEYWORDS = /^(true|false|null|yes|no|on|off|y|n|~)$/i
const PLAIN = /^[\p{L}][\p{L}\p{M}0-9 .,'()/&-]*$/u

/** A string as a YAML scalar: plain when safe to read back unchanged, else double-quoted. */
export function yamlString(value: string): string {
  if (PLAIN.test(value) && !KEYWORDS.test(value) && !value.endsWith(' ') && !value.includes(': ') && !value.includes(' #')) return value
  return JSON.stringify(value)
}

const quoted = (value: string) => JSON.stringify(value)
/** Inside a flow map `,` `{` `}` `[` `]` end a plain scalar, so those values are quoted too. */
const flowString = (value: string) => (/[,{}[\]]/.test(value) ? quoted(value) : yamlString(value))

/** One officer as lead writes it: an item of the officers list, without a final line break. */
export function officerBlock(o: Officer): string {
  const lines = o.id === undefined ? [`  - badge: ${quoted(o.badge)}`] : [`  - id: ${quoted(o.id)}`, `    badge: ${quoted(o.badge)}`]
  lines.push(`    name: ${yamlString(o.name)}`)
  if (o.family_name !== undefined) lines.push(`    family_name: ${yamlString(o.family_name)}`)
  if (o.given_name !== undefined) lines.push(`    given_name: ${yamlString(o.given_name)}`)
  if (o.rank !== undefined) lines.push(`    rank: ${yamlString(o.rank)}`)
  if (o.unit !== undefined) lines.push(`    unit: ${yamlString(o.unit)}`)
  if (o.district !== undefined) lines.push(`    district: ${yamlString(o.district)}`)
  if (o.shift !== undefined) lines.push(`    shift: ${o.shift}`)
  lines.push(`    status: ${o.status}`)
  if (o.catchment !== undefined) lines.push(`    catchment: ${o.catchment}`)
  if (o.since !== undefined) lines.push(`    since: ${quoted(o.since)}`)
  if (o.history && o.history.length > 0) {
    lines.push('    history:')
    for (const h of o.history) {
      const note = h.note === undefined ? '' : `, note: ${flowString(h.note)}`
      const from = h.from === undefined ? '' : `, from: ${h.field === 'badge' ? quoted(h.from) : flowString(h.from)}`
      const to = h.field === 'badge' ? quoted(h.to ?? '') : flowString(h.to ?? '')
      lines.push(`      - {date: ${quoted(h.date)}, field: ${h.field}${from}, to: ${to}${note}}`)
    }
  }
  return lines.join('\n')
}

/** The comment lines (and blank lines between them) at the top of a file. */
export function leadingComment(text: string | undefined): string {
  if (!text) return ''
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const kept: string[] = []
  for (const line of lines) {
    if (line.startsWith('#') || (line.trim() === '' && kept.length > 0)) kept.push(line)
    else break
  }
  while (kept.length > 0 && kept.at(-1)!.trim() === '') kept.pop()
  return kept.length > 0 ? `${kept.join('\n')}\n\n` : ''
}

export const DEFAULT_ROSTER_COMMENT = `# Officer roster. One entry per person (id); badges are quoted text: leading zeros matter.
# Keep everyone, including officers on leave or gone; history lists changes (badge and name too),
# oldest first, and the fields above it are the current values. Updated by \`lead training import-roster\`.

`

export function renderRosterYaml(roster: Roster, comment: string = DEFAULT_ROSTER_COMMENT): string {
  const tracked = roster.tracked_since === undefined ? '' : `tracked_since: ${quoted(roster.tracked_since)}\n`
  const head = `${comment}id: ${roster.id}\nagency: ${roster.agency}\nas_of: ${quoted(roster.as_of)}\n${tracked}`
  if (roster.officers.length === 0) return `${head}officers: []\n`
  return `${head}officers:\n${roster.officers.map(officerBlock).join('\n')}\n`
}
