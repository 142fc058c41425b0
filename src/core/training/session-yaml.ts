/**
 * Training session files as imports write them: attendees appended to an existing session (its
 * comments and layout kept, one flow map per line), a new session in the example site's layout,
 * and the id a new session gets (`<date>-<agency>-<course>[-<label>]`).
 */
import {yaml} from '../records/yaml-lib.js'
import type {YAMLMap, YAMLSeq} from 'yaml'
import {usageError, type LeadError} from '../errors.js'
import {PARSE_OPTIONS} from '../records/yaml-source.js'
import {yamlString} from './roster-yaml.js'

/** Append attendees to the session's YAML, one flow map per line, keeping everything else. */
export function addAttendeesToText(text: string, sessionAgency: string, attendees: ReadonlyArray<{badge: string; agency: string}>): string {
  const {isMap, isSeq, parseDocument} = yaml()
  const doc = parseDocument(text, PARSE_OPTIONS)
  if (!isMap(doc.contents)) throw usageError('INVALID_SESSION', 'the session file is not a map of fields', 'run `lead validate` and fix it first') as LeadError
  let seq = doc.get('attendees', true)
  if (!isSeq(seq)) {
    seq = doc.createNode([])
    ;(doc.contents as YAMLMap).set('attendees', seq)
  }
  const list = seq as YAMLSeq
  list.flow = false
  for (const a of attendees) {
    const node = doc.createNode(a.agency === sessionAgency ? {badge: a.badge} : {badge: a.badge, agency: a.agency}) as YAMLMap
    node.flow = true
    const badge = node.get('badge', true) as {type?: string}
    badge.type = 'QUOTE_DOUBLE'
    list.items.push(node)
  }
  return doc.toString({lineWidth: 0, flowCollectionPadding: false})
}

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')

/** `2026-03-04-harbor-pd-lead-initial`, with the file's own session label when it has one; at most 64 characters. */
export function sessionIdFor(date: string, agency: string, course: string, label?: string): string {
  const base = `${date}-${agency}-${course}`
  const tail = label ? slug(label) : ''
  const id = tail ? `${base}-${tail}` : base
  return id.slice(0, 64).replace(/-+$/, '')
}

export interface NewSession {
  id: string
  course: string
  date: string
  agency: string
  protocol?: string
  /** The file it was imported from (named in a note). */
  source?: string
}

export function newSessionText(s: NewSession, attendees: ReadonlyArray<{badge: string; agency: string}>): string {
  const lines = [
    '# A training session. Attendees are listed by badge (as on the agency roster on the session date);',
    '# `agency` on an attendee marks a guest officer from another department.',
    '',
    `id: ${JSON.stringify(s.id)}`,
    `course: ${s.course}`,
    `date: ${JSON.stringify(s.date)}`,
    `agency: ${s.agency}`,
  ]
  if (s.protocol) lines.push(`protocol: ${JSON.stringify(s.protocol)}`)
  if (s.source) lines.push(`notes: ${yamlString(`Imported from ${s.source}.`)}`)
  if (attendees.length === 0) lines.push('attendees: []')
  else {
    lines.push('attendees:')
    for (const a of attendees) lines.push(a.agency === s.agency ? `  - {badge: ${JSON.stringify(a.badge)}}` : `  - {badge: ${JSON.stringify(a.badge)}, agency: ${a.agency}}`)
  }
  return `${lines.join('\n')}\n`
}
