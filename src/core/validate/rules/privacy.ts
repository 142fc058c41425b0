/**
 * Privacy: referral and consent records hold pseudonymous codes only. Every string field is
 * scanned (src/core/privacy) for names, birth dates, SSNs, phone numbers, e-mail and street
 * addresses; staff names known to the site are not reported; lead.yaml privacy.allow_identifiers
 * opts fields out. Readable records are scanned even when they fail their schema: a leak is a
 * leak whatever else is wrong with the file.
 */
import {scanRecord, type ScannedKind} from '../../privacy/record-scan.js'
import {contentHash} from '../../records/parse-cache.js'
import type {Mou, Partner, Roster, Training} from '../../records/types.js'
import type {RecordData, SiteRecords} from '../../records/load.js'
import type {Rule, RuleContext} from '../rule-context.js'

/**
 * Names the site knows that are not participants': partner contacts, MOU signatories, roster
 * officers and trainers, and the partners' own names. Never taken from referrals or consents
 * (a case manager or witness field there could otherwise whitelist a participant's name for
 * every other record).
 */
export function staffNames(records: SiteRecords): Set<string> {
  const names = new Set<string>()
  const add = (n: unknown) => {
    if (typeof n === 'string' && n.trim()) names.add(n.trim().replace(/^(?:Mr|Mrs|Ms|Miss|Mx|Mister|Dr|Prof|Lt|Sgt|Cpl|Det|Capt|Chief|Officer|Deputy)\.?\s+/i, '').toLowerCase())
  }
  for (const p of records.dataOf<Partial<Partner>>('partner')) {
    add(p.name)
    if (Array.isArray(p.contacts)) p.contacts.forEach((c) => add(c?.name))
  }
  for (const m of records.dataOf<Partial<Mou>>('mou')) if (Array.isArray(m.signatories)) m.signatories.forEach((s) => add(s?.name))
  for (const r of records.dataOf<Partial<Roster>>('roster')) if (Array.isArray(r.officers)) r.officers.forEach((o) => add(o?.name))
  for (const t of records.dataOf<Partial<Training>>('training')) if (Array.isArray(t.trainers)) t.trainers.forEach(add)
  return names
}

/** Show the shape of what was found without repeating it into logs: "J••• S••••", "3••-5••-••••". */
export function mask(text: string): string {
  return text.replace(/([A-Za-z0-9])([A-Za-z0-9]*)/g, (_, first: string, rest: string) => first + '•'.repeat(rest.length))
}

export const privacyRule: Rule = {
  name: 'privacy',
  run(ctx: RuleContext) {
    const allow = ctx.site.config.privacy?.allow_identifiers ?? []
    let staff: Set<string> | undefined
    let context: string | undefined
    const cache = ctx.records.cache
    for (const record of ctx.records.records) {
      if ((record.kind !== 'referral' && record.kind !== 'consent') || !record.data) continue
      staff ??= staffNames(ctx.records)
      // A record the scan found clean before, under the same staff names and opt-ins, is clean now.
      context ??= `privacy:${contentHash(new TextEncoder().encode(JSON.stringify([[...staff].sort(), allow])))}`
      if (cache && record.hash && cache.isClean(context, record.hash)) continue
      const findings = scanRecord(record.kind as ScannedKind, record.data as RecordData, {allow, staffNames: staff})
      if (findings.length === 0 && cache && record.hash) cache.markClean(context, record.hash)
      for (const f of findings) {
        const value = getString(record.data, f.path)
        const found = value.slice(f.index, f.index + f.length)
        const before = ctx.diagnostics.length
        ctx.report(record, f.path, f.code, `${f.field} looks like it holds ${f.what} ("${mask(found)}"); referral and consent records hold pseudonymous codes only`, `remove it (git history keeps old versions: see the README's privacy section), or, if the partners agreed, allow the field in lead.yaml privacy.allow_identifiers: [${f.field}]`, {subject: found})
        pointInside(ctx, record.source, before, value, f.index)
      }
    }
  },
}

function getString(data: unknown, path: ReadonlyArray<string | number>): string {
  let v: unknown = data
  for (const p of path) v = (v as Record<string | number, unknown>)[p]
  return typeof v === 'string' ? v : ''
}

/** Move the column to the match itself when the value sits on one line as written. */
function pointInside(ctx: RuleContext, source: {lineText(line: number): string}, index: number, value: string, offset: number): void {
  const d = ctx.diagnostics[index]
  if (!d) return
  const rest = source.lineText(d.line).slice(d.column - 1)
  if (rest.startsWith(value)) d.column += offset
  else if ((rest.startsWith(`"${value}`) || rest.startsWith(`'${value}`)) && !/["'\\]/.test(value.slice(0, offset))) d.column += offset + 1
}
