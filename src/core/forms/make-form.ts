/**
 * From a form request to a document: find and check the records the form needs (the right kind,
 * passing its schema, the protocol in force), hand them to the form's pure builder, and turn a
 * builder's "this record lacks X" into an error that points at the record's file and line.
 */
import {ExitCode, LeadError, usageError} from '../errors.js'
import type {IsoDate} from '../dates.js'
import {isTimeZone} from '../dates.js'
import {protocolInForce, governingProtocol} from '../referrals/protocol-in-force.js'
import {CONFIG_FILE, KIND_INFO, KINDS, type Kind} from '../records/kinds.js'
import type {SiteRecord, SiteRecords} from '../records/load.js'
import type {Consent, Mou, Partner, Protocol, Referral, Roster, Training} from '../records/types.js'
import type {Site} from '../site.js'
import {schemaDiagnostics} from '../validate/schema-check.js'
import {didYouMean} from '../validate/suggest.js'
import {coverageFormInput} from './coverage-input.js'
import {buildCoverageReport, type CoverageFormInput} from './coverage-report.js'
import type {FormDocument} from './document.js'
import {MissingFormData, type FormContext} from './form-context.js'
import {formInfo, type FormName} from './form-catalog.js'
import {buildHandoffSlip} from './handoff-slip.js'
import {buildMouForm} from './mou-form.js'
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
}

export interface PreparedForm {
  document: FormDocument
  /** File name without extension, e.g. `sign-in-2026-06-17-pd-initial`. */
  baseName: string
}

export function prepareForm(site: Site, records: SiteRecords, request: FormRequest): PreparedForm {
  const tz = site.config.site.timezone && isTimeZone(site.config.site.timezone) ? site.config.site.timezone : undefined
  const ctx: FormContext = {
    site: {name: site.config.site.name, ...(site.config.site.jurisdiction ? {jurisdiction: site.config.site.jurisdiction} : {}), ...(tz ? {timezone: tz} : {})},
    ...(site.config.referral_phone ? {referralPhone: site.config.referral_phone} : {}),
    partners: new Map(records.dataOf<Partner>('partner').filter((p) => typeof p.id === 'string').map((p) => [p.id, p])),
    courses: site.config.courses,
  }
  const used = new Set<string>()
  const take = <T>(record: SiteRecord): T => {
    checkRecord(record)
    used.add(record.file)
    return record.data as T
  }
  const info = formInfo(request.form)
  const found = request.id === undefined ? undefined : findRecord(records, request.form, info.kinds, request.id)
  const inForce = (): Protocol => {
    const protocols = records.ofKind('protocol').filter((r) => r.data)
    const chosen = protocolInForce(
      protocols.map((r) => r.data as unknown as Protocol).filter((p) => typeof p.effective?.from === 'string'),
      request.asOf,
    )
    if (!chosen) {
      throw new LeadError('NO_PROTOCOL_IN_FORCE', `no adopted protocol is in force on ${request.asOf}`, {
        hint: 'name a protocol ID, or pass --as-of with a date an adopted protocol covers',
        exit: ExitCode.invalid,
      })
    }
    return take<Protocol>(protocols.find((r) => r.data === (chosen as unknown))!)
  }

  try {
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
        return {document: withSources(buildReferralForm(ctx, {protocol})), baseName: `referral-blank-${protocol.id}`}
      }
      case 'pocket-card': {
        const protocol = found ? take<Protocol>(found) : inForce()
        return {document: withSources(buildPocketCard(ctx, protocol)), baseName: `pocket-card-${protocol.id}`}
      }
      case 'protocol': {
        const protocol = found ? take<Protocol>(found) : inForce()
        return {document: withSources(buildProtocolBooklet(ctx, protocol)), baseName: `protocol-${protocol.id}`}
      }
      case 'handoff-slip': {
        const referral = take<Referral>(found!)
        const protocol = protocolOf(referral)
        const cm = referral.handoff?.case_manager?.trim().toLowerCase()
        let provider: Partner | undefined
        let phone: string | undefined
        if (cm) {
          for (const p of ctx.partners.values()) {
            const contact = p.type === 'case_management' ? p.contacts?.find((c) => c.name?.trim().toLowerCase() === cm) : undefined
            if (contact) {
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
        const protocolRecord = training.protocol ? records.get('protocol', training.protocol) : undefined
        const protocol = protocolRecord?.data ? (protocolRecord.data as unknown as Protocol) : undefined
        return {document: withSources(buildSignInSheet(ctx, {training, roster, filter, ...(protocol ? {protocol} : {})})), baseName: `sign-in-${training.id}`}
      }
      case 'coverage': {
        const coverage = request.coverage ?? coverageFormInput(site, records, request.asOf)
        return {document: withSources(buildCoverageReport(ctx, coverage)), baseName: `coverage-${coverage.asOf}`}
      }
    }
  } catch (error) {
    if (error instanceof MissingFormData) throw missingDataError(site, records, error)
    throw error
  }

  function withSources(doc: FormDocument): FormDocument {
    return {...doc, sources: [...used].sort()}
  }

  function protocolOf(referral: Referral): Protocol {
    const protocols = records.dataOf<Protocol>('protocol').filter((p) => typeof p.effective?.from === 'string')
    const protocol = governingProtocol(referral, protocols, tz)
    if (!protocol) {
      const record = records.get('referral', referral.id)
      throw new LeadError('NO_PROTOCOL_IN_FORCE', referral.protocol ? `referral ${referral.id} names protocol ${referral.protocol}, which does not exist` : `no adopted protocol was in force when referral ${referral.id} was received`, {
        hint: 'add or fix the protocol (see `lead validate`)',
        ...(record ? {pos: {file: record.file, ...record.source.locate(referral.protocol ? ['protocol'] : ['received'])}} : {}),
      })
    }
    const record = records.ofKind('protocol').find((r) => r.data === (protocol as unknown))
    return record ? take<Protocol>(record) : protocol
  }

  function rosterOf(agency: string): Roster | undefined {
    const record = records.get('roster', agency) ?? records.ofKind('roster').find((r) => r.data?.agency === agency)
    return record ? take<Roster>(record) : undefined
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

/** A form is never printed from a record that fails its schema: the page could silently be wrong. */
function checkRecord(record: SiteRecord): void {
  if (!record.data) {
    throw new LeadError('RECORD_INVALID', `${record.file} could not be read as a record`, {pos: {file: record.file}, hint: `run \`lead validate ${record.file}\``})
  }
  const problems = schemaDiagnostics(record.kind, record.data, record.source)
  if (problems.length > 0) {
    const first = problems[0]!
    throw new LeadError('RECORD_INVALID', `${record.kind} ${record.id} is not valid (${first.code}: ${first.message}); forms are printed only from valid records`, {
      pos: {file: record.file, line: first.line, column: first.column},
      hint: `fix it, then check with \`lead validate ${record.file}\``,
      details: problems,
    })
  }
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
