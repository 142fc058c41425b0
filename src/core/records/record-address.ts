/**
 * Naming a record on the command line: `KIND ID` (`partner harbor-pd`), a path
 * (`partners/harbor-pd.yaml`, relative to the current folder or the site), or a generated ID alone
 * (`r-2026-11-03-k3f9q2`, whose prefix says its kind).
 */
import fs from 'node:fs'
import path from 'node:path'
import {usageError} from '../errors.js'
import type {Site} from '../site.js'
import {siteRelative} from '../site.js'
import {didYouMean} from '../text/suggest.js'
import {concealed} from '../text/concealed.js'
import {CONFIG_FILE, GENERATED_ID_PATTERN, idProblem, KIND_INFO, KINDS, kindOfPath, MEETING_ID_PATTERN, parseKind, recordPath, type Kind} from './kinds.js'

export interface RecordAddress {
  kind: Kind
  id: string
  /** Site-relative path where the record is (or would be). */
  file: string
}

export interface ParsedAddress {
  address: RecordAddress
  /** The arguments after the address (e.g. `FIELD=VALUE` for `lead set`). */
  rest: string[]
}

const looksLikePath = (s: string) => s.includes('/') || s.includes('\\') || /\.ya?ml$/i.test(s)

/** Read the record address at the start of `args` (`usage`: the command's line with a record, shown when none is named). */
export function parseAddress(site: Site, args: readonly string[], usage = 'lead show partner harbor-pd', cwd = process.cwd()): ParsedAddress {
  const [first, second, ...more] = args
  if (first === undefined) throw usageError('MISSING_RECORD', 'name a record: KIND ID (e.g. partner harbor-pd) or its file path', `e.g. ${usage}, or ${usage.replace('partner harbor-pd', 'partners/harbor-pd.yaml')}`)
  if (looksLikePath(first)) {
    return {address: addressOfPath(site, first, cwd), rest: args.slice(1)}
  }
  const generated = GENERATED_ID_PATTERN.exec(first)
  if (generated) {
    const kind = KINDS.find((k) => KIND_INFO[k].generatedId?.prefix === generated[1])!
    return {address: {kind, id: first, file: recordPath(kind, first)}, rest: args.slice(1)}
  }
  if (MEETING_ID_PATTERN.test(first)) return {address: {kind: 'meeting', id: first, file: recordPath('meeting', first)}, rest: args.slice(1)}
  const kind = parseKind(first)
  // A mistyped ID alone (a letter too many, a digit short) is refused as that kind's ID, not as a kind.
  const mistyped = kind ? undefined : idLike(first)
  if (mistyped) throw usageError('BAD_ID', `${quotedId(mistyped, first)} is not a ${mistyped} ID: ${idProblem(mistyped, first)}`, `see \`lead list ${mistyped}\` for the IDs`)
  if (!kind) throw usageError('UNKNOWN_KIND', `unknown kind "${first}"${didYouMean(first, KINDS)}`, `kinds: ${KINDS.join(', ')}; or give the record's file path`)
  if (second === undefined || second.includes('=')) throw usageError('MISSING_ID', `name the ${kind}: lead … ${kind} ID`, `see \`lead list ${kind}\` for the IDs`)
  const problem = idProblem(kind, second)
  if (problem) throw usageError('BAD_ID', `${quotedId(kind, second)} is not a ${kind} ID: ${problem}`, `see \`lead list ${kind}\` for the IDs`)
  return {address: {kind, id: second, file: recordPath(kind, second)}, rest: more}
}

/** The kind whose IDs `word` starts like (`r-`, `c-`, `pcg-`, `owg-`), when it is none of them. */
function idLike(word: string): Kind | undefined {
  if (/^(pcg|owg)-/.test(word)) return 'meeting'
  return KINDS.find((k) => KIND_INFO[k].generatedId && word.startsWith(`${KIND_INFO[k].generatedId.prefix}-`))
}

/**
 * An id that is not one (idProblem), as a refusal may repeat it: a referral's or consent's never
 * (privacy/disclosable.ts prints their ids only in the minted form, which this is not).
 */
export function quotedId(kind: Kind, id: string): string {
  return KIND_INFO[kind].participantData ? concealed(id) : `"${id}"`
}

/** Does this argument name the site's lead.yaml (which `lead config` changes, not the record commands)? */
export function namesConfigFile(site: Site, arg: string | undefined, cwd = process.cwd()): boolean {
  if (arg === undefined || !/(^|[\\/])lead\.yaml$/i.test(arg)) return false
  const config = path.join(site.root, CONFIG_FILE)
  return (path.isAbsolute(arg) ? [arg] : [path.resolve(cwd, arg), path.resolve(site.root, arg)]).some((c) => c === config)
}

function addressOfPath(site: Site, given: string, cwd: string): RecordAddress {
  // Relative paths are tried against the current folder first, then the site root.
  const candidates = path.isAbsolute(given) ? [given] : [path.resolve(cwd, given), path.resolve(site.root, given)]
  const abs = candidates.find((c) => fs.existsSync(c)) ?? candidates[candidates.length - 1]!
  const rel = siteRelative(site, abs)
  if (!rel) throw usageError('OUTSIDE_SITE', `${given} is not inside the site at ${site.root}`, 'give the path of a record file inside the site')
  if (rel === CONFIG_FILE) throw usageError('NOT_A_RECORD_FILE', `${CONFIG_FILE} holds the site's settings, not a record`, 'read and change it with lead config get|set|list')
  const where = kindOfPath(rel)
  // Details name the file: a path under a participant folder is printed concealed (privacy/shown-findings.ts).
  const details = {file: rel}
  if (!where.kind || where.problem) throw usageError('NOT_A_RECORD_FILE', `${rel} is not a record file: ${where.problem ?? 'unknown folder'}`, 'record files live in partners/, protocols/, mous/, rosters/, trainings/, referrals/<year>/, consents/ and meetings/<year>/', details)
  // A scan or an export among the records is never read as one (validate reports it: PII_UNCHECKED_FILE).
  if (!rel.endsWith('.yaml')) throw usageError('NOT_A_RECORD_FILE', `not a record file (a record's file name ends in .yaml): ${rel}`, /\.yml$/i.test(rel) ? 'rename it to end in .yaml' : 'lead reads records only; `lead validate` says what to do with other files in record folders', details)
  return {kind: where.kind, id: where.id, file: rel}
}
