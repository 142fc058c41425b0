/**
 * The one decision about which values of a referral or consent may be printed — in validation
 * messages and hints, annotations, JUnit, JSON, diffs, refusals, eligibility steps, reports and
 * exports. A value is printed only when it belongs to a closed vocabulary:
 * - a schema enum or constant (status, pathway, unit…), true/false, a small number in a number field;
 * - a well-formed date or date-time in a date field, a clock time HH:MM its field's pattern takes;
 * - a code lead mints, in its minted form (referral and consent ids, participant codes);
 * - a value the site declared (vocabulary.ts): a district or catchment in lead.yaml, a partner or
 *   protocol id, a protocol's charge code or exclusion id, a roster badge, a known staff name.
 * Everything else — free text, a value that fails its schema, an undeclared district, an unknown
 * key — is concealed whole (`‹text of 23 characters, not shown›`): no part of it is shown.
 *
 * Below this layer, records/ words refusals of what a person typed for a referral or consent
 * (a value its field refuses, an unknown field, an id that is not one) with text/concealed.ts
 * outright: a refused value is never one this gate would print.
 */
import {isDateTimeWithOffset, isIsoDate} from '../clock/dates.js'
import {KIND_INFO, type Kind} from '../records/kinds.js'
import {loadSchema, type JsonSchema} from '../schemas/schema-registry.js'
import {concealed, concealedKey} from '../text/concealed.js'
import {NO_VOCABULARY, staffKey, type SiteVocabulary, type VocabularyName} from './vocabulary.js'
import {UNDECLARED} from './undeclared.js'

export {concealed, concealedKey}

/** Kinds whose values may hold participant identifiers. */
export const PARTICIPANT_KINDS: ReadonlySet<string> = new Set(Object.values(KIND_INFO).filter((k) => k.participantData).map((k) => k.kind))

export type ParticipantKind = 'referral' | 'consent' | 'meeting'

/** A step of a path: a field name, or a number/null for an item of a list. */
export type PathStep = string | number | null

/** Fields printable only when the site declared the value, and which declaration they belong to. Paths without list positions. */
export const DECLARED_FIELDS: Readonly<Record<ParticipantKind, Readonly<Record<string, VocabularyName>>>> = {
  referral: {
    district: 'districts',
    catchment: 'catchments',
    protocol: 'protocols',
    'referrer.agency': 'partners',
    'referrer.partner': 'partners',
    'referrer.badge': 'badges',
    charges: 'charges',
    'screening.exclusions_hit': 'exclusions',
    'screening.overrides.exclusion': 'exclusions',
    'handoff.case_manager': 'staff',
  },
  consent: {disclosers: 'partners', recipients: 'partners', witness: 'staff'},
  meeting: {
    'chair.partner': 'partners',
    'chair.name': 'staff',
    'attendees.partner': 'partners',
    'attendees.name': 'staff',
    'agenda.presenter': 'partners',
    'case_conferences.excused': 'partners',
    'actions.owner': 'partners',
  },
}

/** Fields holding codes lead mints: printable when the value has the minted form (the schema's pattern). An import_key is a keyed hash: without the key, kept outside the repository, it names no row. */
export const MINTED_FIELDS: Readonly<Record<ParticipantKind, readonly string[]>> = {
  referral: ['id', 'participant', 'previous', 'consent', 'import_key'],
  consent: ['id', 'participant', 'import_key'],
  // A meeting's ID is its body and date; case conferences name participants by their minted code.
  meeting: ['id', 'case_conferences.participant'],
}

/** The declarations a meeting decision's `concerns` may name (meeting.schema.json concerns.kind). */
export const CONCERNED: readonly VocabularyName[] = ['protocols', 'mous', 'partners', 'meetings']

const CLOCK_TIME = /^[0-9]{2}:[0-9]{2}$/

/** A number larger than this could be a phone or case number typed into a number field. */
const MAX_SHOWN_NUMBER = 999_999


export {UNDECLARED}

/** The value itself when printable, else `label`: for report buckets and export cells, where a mask per value would count them. */
export function printableOr(kind: string, path: readonly PathStep[], value: string, vocabulary: SiteVocabulary | undefined, label = UNDECLARED): string {
  return disclosable(kind, path, value, vocabulary) ? value : label
}


const isParticipantKind = (kind: string): kind is ParticipantKind => PARTICIPANT_KINDS.has(kind)

/**
 * The participant kind a record of `kind` is to be shown as: its own for a referral, consent or
 * meeting. A record of another kind is one only by its folder, and a referral or consent saved into
 * partners/ or protocols/ (a copy used as a template, a wrong folder in a save dialog) is read as
 * a partner or protocol, whose values every output prints: one that holds a `participant`, or
 * whose `id` is a referral's or consent's (r-…, c-… with a date), is shown as the referral or
 * consent it is (a consent when its id says so or it has `signed` and no `received`). Undefined
 * for a record of a kind without participant data that reads as none. `text`: the file's text,
 * for a file that is not readable YAML (a `participant:` line).
 */
export function shownAsParticipant(kind: string, data: unknown, text?: string): ParticipantKind | undefined {
  if (isParticipantKind(kind)) return kind
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return data === undefined && text !== undefined && /^\s*participant\s*:/m.test(text) ? 'referral' : undefined
  }
  return savedAs(kind, data as Record<string, unknown>)
}

/**
 * The referral or consent a record in `kind`'s folder is (shownAsParticipant), a meeting's folder
 * too: what a hint sends back to its own folder. Undefined for a record of that kind.
 */
export function misfiledAs(kind: string, data: unknown): 'referral' | 'consent' | undefined {
  if (kind === 'referral' || kind === 'consent' || data === null || typeof data !== 'object' || Array.isArray(data)) return undefined
  const d = data as Record<string, unknown>
  if (kind === 'meeting' && !/^[rc]-\d{4}-\d{2}-\d{2}-/.test(typeof d.id === 'string' ? d.id : '') && tellingCount(kind, d) < 2) return undefined
  return savedAs(kind, d)
}

function tellingCount(kind: string, d: Record<string, unknown>): number {
  const telling = tellingFields(kind)
  let n = 0
  for (const key of Object.keys(d)) if (telling.referral.has(key) || telling.consent.has(key)) n++
  return n
}

function savedAs(kind: string, d: Record<string, unknown>): 'referral' | 'consent' | undefined {
  const id = typeof d.id === 'string' ? d.id : ''
  const idKind = /^r-\d{4}-\d{2}-\d{2}-/.test(id) ? 'referral' : /^c-\d{4}-\d{2}-\d{2}-/.test(id) ? 'consent' : undefined
  if (idKind) return idKind
  if (Object.hasOwn(d, 'participant')) return Object.hasOwn(d, 'signed') && !Object.hasOwn(d, 'received') ? 'consent' : 'referral'
  // Its id and participant taken out (a copy made a template of): two fields only a referral's (a
  // consent's) schema declares, and this kind's does not, still say what it is.
  const telling = tellingFields(kind)
  let referral = 0
  let consent = 0
  for (const key of Object.keys(d)) {
    if (telling.referral.has(key)) referral++
    if (telling.consent.has(key)) consent++
  }
  if (Math.max(referral, consent) < 2) return undefined
  return consent > referral ? 'consent' : 'referral'
}

/** The top-level fields of a referral's and a consent's schema that `kind`'s schema does not declare. */
const tellingByKind = new Map<string, {referral: ReadonlySet<string>; consent: ReadonlySet<string>}>()
function tellingFields(kind: string): {referral: ReadonlySet<string>; consent: ReadonlySet<string>} {
  let telling = tellingByKind.get(kind)
  if (!telling) {
    const own = new Set(kind in KIND_INFO ? topFields(kind as Kind) : [])
    const only = (k: Kind) => new Set(topFields(k).filter((f) => !own.has(f) && f !== 'id' && f !== 'notes'))
    tellingByKind.set(kind, (telling = {referral: only('referral'), consent: only('consent')}))
  }
  return telling
}

function topFields(kind: Kind): string[] {
  const root = loadSchema(kind)
  return [...new Set(expand(root, [root]).flatMap((n) => (n.properties !== null && typeof n.properties === 'object' ? Object.keys(n.properties) : [])))]
}

/**
 * Whether `kind`'s schema (any kind's) declares `key` at `parentPath`: a word of lead's, printed
 * whoever's record holds it (a partner's `type` in a partner file masked as a referral).
 */
export function schemaDeclaresKey(kind: string, parentPath: readonly PathStep[], key: string): boolean {
  if (!(kind in KIND_INFO)) return false
  if (isParticipantKind(kind)) return disclosableKey(kind, parentPath, key)
  return nodesAt(loadSchema(kind as Kind), parentPath).some((n) => n.properties !== null && typeof n.properties === 'object' && Object.hasOwn(n.properties, key))
}

/** `screening.overrides.exclusion`: a path without list positions. */
export function fieldOf(path: readonly PathStep[]): string {
  return path.filter((p): p is string => typeof p === 'string').join('.')
}

/**
 * May `value`, found at `path` in a record of `kind`, be printed? Always for kinds without
 * participant data. `vocabulary` is what the site declared; without it, declared fields are
 * never printable.
 */
export function disclosable(kind: string, path: readonly PathStep[], value: unknown, vocabulary: SiteVocabulary = NO_VOCABULARY): boolean {
  if (!isParticipantKind(kind)) return true
  if (value === undefined || value === null || typeof value === 'boolean') return true
  if (Array.isArray(value)) return value.every((item) => disclosable(kind, [...path, null], item, vocabulary))
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).every(([k, v]) => disclosableKey(kind, path, k) && disclosable(kind, [...path, k], v, vocabulary))
  }
  return scalarDisclosable(kind, pathTrie(kind, path), path, value, vocabulary)
}

/**
 * disclosable for a value that is no list or map, at the place `at` of `path` (pathTrie): a walk
 * through a record (record-scan.ts) keeps its place rather than looking the path up for each value.
 */
export function scalarDisclosable(kind: ParticipantKind, at: SchemaPlace, path: readonly PathStep[], value: unknown, vocabulary: SiteVocabulary = NO_VOCABULARY): boolean {
  if (value === undefined || value === null || typeof value === 'boolean') return true
  const field = (at.field ??= fieldOf(path))
  const nodes = (at.nodes ??= nodesAt(loadSchema(kind), path))
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= MAX_SHOWN_NUMBER && nodes.some((n) => n.type === 'number' || n.type === 'integer')
  if (typeof value !== 'string') return false
  // Own fields only: a key named like an Object member (toString, constructor) is a field like any other.
  const declared = Object.hasOwn(DECLARED_FIELDS[kind], field) ? DECLARED_FIELDS[kind][field] : undefined
  if (declared) return vocabulary[declared].has(declared === 'staff' ? staffKey(value) : value)
  // The record a decision concerns: an existing protocol, MOU, partner or meeting of the site (its own declarations).
  if (kind === 'meeting' && field === 'decisions.concerns.id') return CONCERNED.some((v) => vocabulary[v].has(value))
  if (MINTED_FIELDS[kind].includes(field)) return nodes.some((n) => typeof n.pattern === 'string' && compiled(n.pattern).test(value))
  return nodes.some((n) => {
    if (Array.isArray(n.enum)) return n.enum.includes(value)
    if (n.const !== undefined) return n.const === value
    if (n.format === 'date') return isIsoDate(value)
    if (n.format === 'date-time') return isDateTimeWithOffset(value)
    // A clock time (a meeting's start) in a field whose pattern takes it: it names no one.
    if (typeof n.pattern === 'string' && CLOCK_TIME.test(value)) return compiled(n.pattern).test(value)
    return false
  })
}

/** Is `key` a field the schema knows at `parentPath` (so that it may be printed)? */
export function disclosableKey(kind: string, parentPath: readonly PathStep[], key: string): boolean {
  if (!isParticipantKind(kind)) return true
  return keyDisclosable(kind, pathTrie(kind, parentPath), parentPath, key)
}

/** disclosableKey at the place `at` of `parentPath` (pathTrie). */
export function keyDisclosable(kind: ParticipantKind, at: SchemaPlace, parentPath: readonly PathStep[], key: string): boolean {
  return (at.nodes ??= nodesAt(loadSchema(kind), parentPath)).some((n) => n.properties !== null && typeof n.properties === 'object' && Object.hasOwn(n.properties, key))
}

/** The value as it may appear in a message: itself when printable, else concealed. */
export function shown(kind: string, path: readonly PathStep[], value: unknown, vocabulary?: SiteVocabulary): string {
  if (!disclosable(kind, path, value, vocabulary)) return concealed(value)
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)
}

/** A key as it may appear in a message. */
export function shownKey(kind: string, parentPath: readonly PathStep[], key: string): string {
  return disclosableKey(kind, parentPath, key) ? key : concealedKey(key)
}

/** `screening.overrides[0].exclusion`, with any key the schema does not know concealed. */
export function shownPath(kind: string, path: readonly PathStep[]): string {
  let out = ''
  path.forEach((step, i) => {
    if (typeof step === 'string') {
      const key = shownKey(kind, path.slice(0, i), step)
      out += out ? `.${key}` : key
    } else out += `[${step ?? ''}]`
  })
  return out || '(record)'
}

const patterns = new Map<string, RegExp>()
function compiled(pattern: string): RegExp {
  let re = patterns.get(pattern)
  if (!re) patterns.set(pattern, (re = new RegExp(pattern, 'u')))
  return re
}

/** What is worked out once per path, by its steps (null: an item of a list). */
interface NodeTrie {
  /** The schema nodes that may describe the value there. */
  nodes?: JsonSchema[]
  /** The path without list positions (fieldOf). */
  field?: string
  next: Map<string | null, NodeTrie>
}
const nodeTries = new Map<ParticipantKind, NodeTrie>()

/**
 * The place of `path` among those already seen. Looked up step by step: a key string (and the
 * field's) built per value was ~120 ms of a cold validation of 10,000 referrals, whose privacy
 * scan asks about every value.
 */
function pathTrie(kind: ParticipantKind, path: readonly PathStep[]): NodeTrie {
  let at: NodeTrie | undefined = nodeTries.get(kind)
  if (!at) nodeTries.set(kind, (at = {next: new Map()}))
  for (const step of path) at = placeBelow(at, step)
  return at
}

/** fieldOf for a path of a participant kind's record, worked out once per path. */
export function fieldAt(kind: ParticipantKind, path: readonly PathStep[]): string {
  return placeField(pathTrie(kind, path), path)
}

/** A place among the paths of a kind's records (pathTrie), for a walk that goes step by step. */
export type SchemaPlace = NodeTrie

/** The place of the empty path: a record's top. */
export const recordTop = (kind: ParticipantKind): SchemaPlace => pathTrie(kind, [])

/** The place one step below `at` (a key, or a list's item whatever its position). */
export function placeBelow(at: SchemaPlace, step: PathStep): SchemaPlace {
  const key = typeof step === 'string' ? step : null
  let next = at.next.get(key)
  if (!next) at.next.set(key, (next = {next: new Map()}))
  return next
}

/** fieldAt for the place `at` of `path`. */
export const placeField = (at: SchemaPlace, path: readonly PathStep[]): string => (at.field ??= fieldOf(path))

function nodesAt(root: JsonSchema, path: readonly PathStep[]): JsonSchema[] {
  let nodes = expand(root, [root])
  for (const step of path) {
    const next: JsonSchema[] = []
    for (const n of nodes) {
      if (typeof step === 'string') {
        const props = n.properties as Record<string, JsonSchema> | undefined
        if (props && Object.hasOwn(props, step)) next.push(props[step]!)
      } else if (n.items && typeof n.items === 'object') next.push(n.items as JsonSchema)
    }
    nodes = expand(root, next)
    if (nodes.length === 0) return []
  }
  return nodes
}

function deref(root: JsonSchema, node: JsonSchema): JsonSchema {
  let n = node
  for (let i = 0; i < 10 && typeof n.$ref === 'string'; i++) {
    const ref = n.$ref
    if (!ref.startsWith('#/')) break
    let target: unknown = root
    for (const part of ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')]
    if (!target || typeof target !== 'object') break
    // Keywords beside a $ref (description, examples) do not constrain: the target's do.
    n = {...(target as JsonSchema), ...Object.fromEntries(Object.entries(n).filter(([k]) => k !== '$ref' && k !== 'description' && k !== 'examples'))}
  }
  return n
}

function expand(root: JsonSchema, nodes: JsonSchema[]): JsonSchema[] {
  const out: JsonSchema[] = []
  const visit = (node: JsonSchema, depth: number) => {
    const n = deref(root, node)
    out.push(n)
    if (depth > 5) return
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(n[key])) for (const s of n[key] as JsonSchema[]) visit(s, depth + 1)
    for (const key of ['then', 'else'] as const) if (n[key] && typeof n[key] === 'object') visit(n[key] as JsonSchema, depth + 1)
  }
  for (const n of nodes) visit(n, 0)
  return out
}
