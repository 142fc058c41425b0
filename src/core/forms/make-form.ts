/**
 * From a form request to a document: find the records the form needs (the right kind, the
 * protocol in force or governing), hand them to the form's pure builder, refuse when any record
 * the form is built from fails validation (schema or cross-record rules: a page must never carry
 * what `lead validate` rejects, such as a participant's name in a referral's notes), and turn a
 * builder's "this record lacks X" into an error that points at the record's file and line.
 */
import {ExitCode, LeadError, printedFinding, usageError, type Diagnostic} from '../errors.js'
import type {IsoDate} from '../clock/dates.js'
import {chooseGoverningProtocol, protocolInForce} from '../referrals/protocol-in-force.js'
import {siteTimeZone} from '../clock/site-zone.js'
import {CONFIG_FILE, KIND_INFO, KINDS, type Kind} from '../records/kinds.js'
import type {SiteRecord, SiteRecords} from '../records/load.js'
import type {Consent, Mou, Partner, Protocol, Referral, Roster, Training} from '../records/types.js'
import type {Site} from '../site.js'
import {validateRecords} from '../validate/site-validation.js'
import {didYouMean} from '../text/suggest.js'
import {coverageFormInput} from './coverage-input.js'
import {buildCoverageReport, type CoverageFormInput} from './coverage-report.js'
import type {FormDocument} from './document.js'
import {MissingFormData, partnerName, type FormContext} from './form-context.js'
import {formInfo, type FormName} from './form-catalog.js'
import {buildHandoffSlip} from './handoff-slip.js'
import {buildMouForm} from './mou-form.js'
import {meetingForm} from './meeting-form-input.js'
import {buildPocketCard} from './pocket-card.js'
import {buildProtocolBooklet} from './protocol-booklet.js'
import {buildReferralForm} from './referral-form.js'
import {buildRoiForm} from './roi-form.js'
import {buildSignInSheet, expectedOfficers, type OfficerFilter} from './sign-in-sheet.js'

export interface FormRequest {
  form: FormName
  /** The record the form is built from (see FORMS for the kinds each form takes). */
  id?: string
  /** "Today" for the protocol in force and blank forms. */
  asOf: IsoDate
  filter?: OfficerFilter
  /** The coverage form's figures (from the training coverage computation). */
  coverage?: CoverageFormInput
  /** Allow a draft or superseded protocol on a field form (a review copy, marked on every page). */
  draft?: boolean
  /** Coverage: leave out rosters and sessions with errors, named on the page, instead of refusing. */
  leaveOutInvalid?: boolean
}

export interface PreparedForm {
  document: FormDocument
  /** File name without extension, e.g. `sign-in-2026-06-17-pd-initial`. */
  baseName: string
}

/**
 * `findings`: the site's findings on the form's date when the caller has them (form-records.ts,
 * with `records` then perhaps only the part of the site the form reads); else the records, the
 * whole site, are validated here.
 */
export function prepareForm(site: Site, records: SiteRecords, request: FormRequest, findings?: readonly Diagnostic[]): PreparedForm {
  const tz = siteTimeZone(site)
  const ctx: FormContext = {
    site: {name: site.config.site.name, ...(site.config.site.jurisdiction ? {jurisdiction: site.config.site.jurisdiction} : {}), ...(tz ? {timezone: tz} : {})},
    ...(site.config.referral_phone ? {referralPhone: site.config.referral_phone} : {}),
    partners: new UsedPartners(records, (file) => used.add(file)),
    courses: site.config.courses,
  }
  const info = formInfo(request.form)
  const found = request.id === undefined ? undefined : findRecord(records, request.form, info.kinds, request.id)
  // One validation of the records already loaded (nothing is read or parsed again).
  const errorsByFile = new Map<string, Diagnostic[]>()
  for (const d of findings ?? validateRecords(site, records, {asOf: request.asOf}).diagnostics) {
    if (d.severity !== 'error') continue
    const list = errorsByFile.get(d.file)
    if (list) list.push(d)
    else errorsByFile.set(d.file, [d])
  }
  const used = new Set<string>()
  const take = <T>(record: SiteRecord): T => {
    if (!record.data) {
      throw new LeadError('RECORD_INVALID', `${record.file} could not be read as a record`, {pos: {file: record.file}, hint: `run \`lead validate ${record.file}\``})
    }
    used.add(record.file)
    return record.data as T
  }
  const protocolRecord = (protocol: Protocol): SiteRecord => records.ofKind('protocol').find((r) => r.data === (protocol as unknown))!
  const inForce = (): Protocol => {
    const chosen = protocolInForce(records.dataOf<Protocol>('protocol'), request.asOf)
    if (!chosen) {
      throw new LeadError('NO_PROTOCOL_IN_FORCE', `no adopted protocol is in force on ${request.asOf}`, {
        hint: 'name a protocol ID, or pass --as-of with a date an adopted protocol covers',
        exit: ExitCode.invalid,
      })
    }
    return take<Protocol>(protocolRecord(chosen))
  }

  let prepared: PreparedForm
  try {
    prepared = build()
  } catch (error) {
    // A builder tripping over a record that fails validation: the validation error is the real one.
    refuseInvalid()
    if (error instanceof MissingFormData) throw missingDataError(site, records, error)
    throw error
  }
  refuseInvalid()
  return prepared

  /** Refuse (exit 1) when a record the form was built from has validation errors; warnings pass. */
  function refuseInvalid(): void {
    const errors = [...used].sort().flatMap((file) => errorsByFile.get(file) ?? [])
    if (errors.length === 0) return
    const first = errors[0]!
    const files = new Set(errors.map((e) => e.file))
    const count = `${errors.length} error${errors.length === 1 ? '' : 's'}`
    throw new LeadError('RECORD_INVALID', `${count} in ${files.size === 1 ? first.file : `${files.size} records`} this form is built from (first: ${first.code} ${first.message}); forms are printed only from records that pass validation`, {
      pos: {file: first.file, line: first.line, column: first.column},
      hint: `fix ${files.size === 1 ? 'it' : 'them'}, then check with \`lead validate ${[...files].join(' ')}\`${request.form === 'coverage' ? '; or print the report without them, marked INCOMPLETE, with --leave-out-invalid' : ''}`,
      exit: ExitCode.invalid,
      details: errors.map(printedFinding),
    })
  }

  /** Field forms print a protocol officers act on: a draft or superseded one only as a marked review copy. */
  function fieldProtocol(protocol: Protocol): {watermark?: string} {
    if (protocol.status !== 'draft' && protocol.status !== 'superseded') return {}
    if (!request.draft) {
      const record = protocolRecord(protocol)
      const current = protocolInForce(records.dataOf<Protocol>('protocol'), request.asOf)
      throw new LeadError('PROTOCOL_NOT_ADOPTED', `protocol ${protocol.id} is ${protocol.status === 'draft' ? 'a draft (not adopted)' : 'superseded'}; the ${request.form} form is printed from it only as a marked review copy`, {
        exit: ExitCode.usage,
        ...(record ? {pos: {file: record.file, ...record.source.locate(['status'])}} : {}),
        hint: `${current && current.id !== protocol.id ? `${current.id} is in force on ${request.asOf}; ` : ''}for a review copy marked ${protocol.status === 'draft' ? 'DRAFT' : 'SUPERSEDED'} on every page, add --draft`,
      })
    }
    return {watermark: protocol.status === 'draft' ? `DRAFT: protocol ${protocol.id} is not adopted; not for field use` : `SUPERSEDED: protocol ${protocol.id} is no longer in force; not for field use`}
  }

  function build(): PreparedForm {
    switch (request.form) {
      case 'referral': {
        if (found?.kind === 'referral') {
          const referral = take<Referral>(found)
          const protocol = protocolOf(referral)
          const roster = referral.referrer.agency ? rosterOf(referral.referrer.agency) : undefined
          const officer = roster?.officers.find((o) => o.badge === referral.referrer.badge)
          return {document: withSources(buildReferralForm(ctx, {protocol, referral, ...(officer ? {officer} : {})})), baseName: `referral-${referral.id}`}
        }
        const protocol = found ? take<Protocol>(found) : inForce()
        return {document: withSources(buildReferralForm(ctx, {protocol}), fieldProtocol(protocol)), baseName: `referral-blank-${protocol.id}`}
      }
      case 'pocket-card': {
        const protocol = found ? take<Protocol>(found) : inForce()
        return {document: withSources(buildPocketCard(ctx, protocol), fieldProtocol(protocol)), baseName: `pocket-card-${protocol.id}`}
      }
      case 'protocol': {
        const protocol = found ? take<Protocol>(found) : inForce()
        return {document: withSources(buildProtocolBooklet(ctx, protocol), fieldProtocol(protocol)), baseName: `protocol-${protocol.id}`}
      }
      case 'handoff-slip': {
        const referral = take<Referral>(found!)
        const protocol = protocolOf(referral)
        const cm = referral.handoff?.case_manager?.trim().toLowerCase()
        let provider: Partner | undefined
        let phone: string | undefined
        if (cm) {
          for (const p of records.dataOf<Partner>('partner')) {
            const contact = p.type === 'case_management' ? p.contacts?.find((c) => c.name?.trim().toLowerCase() === cm) : undefined
            if (contact) {
              ctx.partners.get(p.id) // its phone is printed: a source of the slip
              provider = p
              phone = contact.phone
              break
            }
          }
        }
        return {
          document: withSources(buildHandoffSlip(ctx, {referral, protocol, ...(phone ? {caseManagerPhone: phone} : {}), ...(provider ? {provider: provider.name} : {})})),
          baseName: `handoff-slip-${referral.id}`,
        }
      }
      case 'roi': {
        const consent = found ? take<Consent>(found) : undefined
        const partners = [...ctx.partners.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'))
        return {document: withSources(buildRoiForm(ctx, {partners, asOf: request.asOf, ...(consent ? {consent} : {})})), baseName: consent ? `roi-${consent.id}` : 'roi-blank'}
      }
      case 'mou': {
        const mou = take<Mou>(found!)
        return {document: withSources(buildMouForm(ctx, mou)), baseName: `mou-${mou.id}`}
      }
      case 'sign-in': {
        const training = take<Training>(found!)
        const roster = rosterOf(training.agency)
        if (!roster) {
          throw new MissingFormData('training', training.id, ['agency'], `no roster for agency ${training.agency}: the sign-in sheet lists the agency's officers`, `add rosters/${training.agency}.yaml`)
        }
        const filter = request.filter ?? {}
        if (expectedOfficers(roster, filter).length === 0) {
          const values = (field: 'district' | 'unit' | 'shift') => [...new Set(roster.officers.filter((o) => o.status === 'active').map((o) => o[field]).filter(Boolean))].sort().join(', ')
          throw usageError('NO_OFFICERS', `no active officer of ${training.agency} matches ${describeFilter(filter) || 'the roster'}`, `on the roster: districts ${values('district')}; units ${values('unit')}; shifts ${values('shift')}`)
        }
        const named = training.protocol ? records.get('protocol', training.protocol) : undefined
        const protocol = named?.data ? take<Protocol>(named) : undefined
        return {document: withSources(buildSignInSheet(ctx, {training, roster, filter, ...(protocol ? {protocol} : {})})), baseName: `sign-in-${training.id}`}
      }
      case 'pcg-agenda':
      case 'minutes':
      case 'case-conference':
        return withSources(meetingForm({form: request.form, site, records, ctx, asOf: request.asOf, take, ...(found ? {found} : {})}))
      case 'coverage': {
        // Every roster and session counts: one with errors stops the report, or, with
        // --leave-out-invalid, is left out and named on every page (never dropped silently).
        const counted = records.records.filter((r) => r.kind === 'roster' || r.kind === 'training')
        const leaveOut = request.leaveOutInvalid ? counted.filter((r) => !r.data || errorsByFile.has(r.file)) : []
        for (const r of counted) if (!leaveOut.includes(r)) used.add(r.file)
        const coverage = request.coverage ?? coverageFormInput(site, records, request.asOf, leaveOut, (id) => partnerName(ctx, id))
        return {document: withSources(buildCoverageReport(ctx, coverage)), baseName: `coverage-${coverage.asOf}`}
      }
    }
  }

  function withSources(doc: FormDocument, marking?: {watermark?: string}): FormDocument
  function withSources(prepared: PreparedForm): PreparedForm
  function withSources(doc: FormDocument | PreparedForm, marking: {watermark?: string} = {}): FormDocument | PreparedForm {
    if ('baseName' in doc) return {...doc, document: withSources(doc.document)}
    return {...doc, ...marking, sources: [...used].sort()}
  }

  /** The protocol that governs the referral: the same choice eligibility, validation and status make. */
  function protocolOf(referral: Referral): Protocol {
    const choice = chooseGoverningProtocol(referral, records.dataOf<Protocol>('protocol'), tz)
    if (!choice.protocol) {
      refuseInvalid()
      const record = records.get('referral', referral.id)
      throw new LeadError(choice.code ?? 'NO_PROTOCOL_IN_FORCE', `no protocol governs referral ${referral.id}: ${choice.message}`, {
        exit: ExitCode.invalid,
        hint: choice.hint ?? 'add or fix the protocol (see `lead validate`)',
        ...(record ? {pos: {file: record.file, ...record.source.locate(choice.path)}} : {}),
      })
    }
    return take<Protocol>(protocolRecord(choice.protocol))
  }

  function rosterOf(agency: string): Roster | undefined {
    const record = records.get('roster', agency) ?? records.ofKind('roster').find((r) => r.data?.agency === agency)
    return record ? take<Roster>(record) : undefined
  }
}

/**
 * The site's partners as the builders see them: a partner whose name or details a form prints
 * counts as a record the form is built from (listed in its sources, validated like the others).
 */
class UsedPartners extends Map<string, Partner> {
  private readonly files = new Map<string, string>()
  constructor(
    records: SiteRecords,
    private readonly onUse: (file: string) => void,
  ) {
    super()
    for (const r of records.ofKind('partner')) {
      const p = r.data as unknown as Partner | undefined
      if (typeof p?.id !== 'string' || super.has(p.id)) continue
      super.set(p.id, p)
      this.files.set(p.id, r.file)
    }
  }

  override get(id: string): Partner | undefined {
    const file = this.files.get(id)
    if (file) this.onUse(file)
    return super.get(id)
  }

  override values(): MapIterator<Partner> {
    for (const file of this.files.values()) this.onUse(file)
    return super.values()
  }
}

function describeFilter(f: OfficerFilter): string {
  return [f.district && `--district ${f.district}`, f.unit && `--unit ${f.unit}`, f.shift && `--shift ${f.shift}`].filter(Boolean).join(' ')
}

/** The record `id` of one of `kinds`; a clear error when it is missing or of another kind. */
function findRecord(records: SiteRecords, form: FormName, kinds: Kind[], id: string): SiteRecord {
  for (const kind of kinds) {
    const r = records.get(kind, id)
    if (r) return r
  }
  const other = KINDS.map((k) => records.get(k, id)).find(Boolean)
  const wanted = kinds.map((k) => k).join(' or ')
  if (other) {
    throw usageError('WRONG_KIND', `${id} is a ${other.kind}, but the ${form} form is built from a ${wanted}`, `give a ${wanted} ID (files in ${kinds.map((k) => `${KIND_INFO[k].folder}/`).join(', ')})`)
  }
  const candidates = kinds.flatMap((k) => records.ofKind(k).map((r) => r.id))
  throw usageError('RECORD_NOT_FOUND', `no ${wanted} with ID ${id}${didYouMean(id, candidates)}`, `the IDs are the file names in ${kinds.map((k) => `${KIND_INFO[k].folder}/`).join(', ')}`)
}

function missingDataError(site: Site, records: SiteRecords, e: MissingFormData): LeadError {
  let pos: {file: string; line?: number; column?: number} | undefined
  if (e.kind === 'lead') {
    pos = {file: CONFIG_FILE, ...(site.configSource ? site.configSource.locate(e.path, 'key') : {})}
  } else {
    const record = records.get(e.kind, e.id)
    if (record) pos = {file: record.file, ...record.source.locate(e.path, 'key')}
  }
  return new LeadError('FORM_DATA_MISSING', e.message, {exit: ExitCode.invalid, ...(e.hint ? {hint: e.hint} : {}), ...(pos ? {pos} : {})})
}
