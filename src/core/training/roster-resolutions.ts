/**
 * The trainer's decisions on matches an import could not settle (is the export's badge 5666 the
 * roster's officer lead-5666, or someone the badge was reissued to?): written as a YAML file to
 * fill in, read back with --resolve FILE; --same/--different BADGE=OFFICER say the same on the
 * command line.
 */
import fs from 'node:fs'
import {yaml} from '../records/yaml-lib.js'
import {usageError} from '../errors.js'
import {writeFileAtomic} from '../records/atomic-write.js'
import {resolutionKey, type AmbiguousMatch} from './roster-merge.js'

export function parseResolutionFlags(same: readonly string[], different: readonly string[]): Map<string, 'same' | 'different'> {
  const map = new Map<string, 'same' | 'different'>()
  for (const [values, decision] of [[same, 'same'], [different, 'different']] as const) {
    for (const v of values) {
      const m = /^([^=]+)=(.+)$/.exec(v.trim())
      if (!m) throw usageError('BAD_RESOLUTION', `--${decision} ${v}: expected BADGE=OFFICER (the badge on the export, the officer id on the roster)`, `e.g. --${decision} 5666=lead-5666`)
      map.set(resolutionKey(m[1]!.trim(), m[2]!.trim()), decision)
    }
  }
  return map
}

export function readResolutionFile(file: string, into: Map<string, 'same' | 'different'> = new Map()): Map<string, 'same' | 'different'> {
  let data: unknown
  try {
    data = yaml().parse(fs.readFileSync(file, 'utf8'), {version: '1.2', maxAliasCount: 0})
  } catch (error) {
    throw usageError('BAD_RESOLUTION', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0]}`, 'give the file the import wrote (…resolve.yaml) with each decision filled in')
  }
  const matches = (data as {matches?: unknown})?.matches
  if (!Array.isArray(matches)) throw usageError('BAD_RESOLUTION', `${file} has no matches: list`, 'give the file the import wrote (…resolve.yaml) with each decision filled in')
  matches.forEach((m: {badge?: unknown; officer?: unknown; decision?: unknown}, i) => {
    if (m?.decision === null || m?.decision === undefined || m.decision === '') return
    if (typeof m.badge !== 'string' || typeof m.officer !== 'string' || (m.decision !== 'same' && m.decision !== 'different')) {
      throw usageError('BAD_RESOLUTION', `${file}: matches[${i}] needs badge, officer and decision: same or different`, 'write decision: same (one person) or decision: different (two people)')
    }
    into.set(resolutionKey(m.badge, m.officer), m.decision)
  })
  return into
}

const q = (v: string | undefined) => (v === undefined ? '~' : JSON.stringify(v))

export function resolutionFileText(command: string, matches: readonly AmbiguousMatch[]): string {
  const lines = [
    `# ${command}`,
    `# ${matches.length} match${matches.length === 1 ? '' : 'es'} lead could not decide. For each, write`,
    '#   decision: same        the export row is this roster officer (a name or badge change)',
    '#   decision: different   two people (e.g. the badge was reissued to a new officer)',
    '# then rerun the import with --resolve FILE. Undecided matches stay as they are on the roster.',
    'matches:',
  ]
  for (const m of matches) {
    lines.push(
      `  - badge: ${q(m.badge)}        # export row ${m.row}`,
      `    name: ${q(m.name)}`,
      `    hired: ${q(m.since)}`,
      `    officer: ${q(m.officer.id)}  # on the roster`,
      `    officer_badge: ${q(m.officer.badge)}`,
      `    officer_name: ${q(m.officer.name)}`,
      `    officer_hired: ${q(m.officer.since)}`,
      `    officer_status: ${m.officer.status}`,
      `    why: ${q(m.reason)}`,
      '    decision:          # same | different',
    )
  }
  return `${lines.join('\n')}\n`
}

export function writeResolutionFile(file: string, command: string, matches: readonly AmbiguousMatch[]): void {
  writeFileAtomic(file, resolutionFileText(command, matches), 0o600)
}
