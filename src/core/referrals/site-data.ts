/**
 * The records reports work from: only records that pass their schema (reports trust the shapes);
 * how many were left out is returned so a report can say so.
 */
import fs from 'node:fs'
import path from 'node:path'
import {loadRecords, type SiteRecord, type SiteRecords} from '../records/load.js'
import {idProblem, KIND_INFO, KINDS, PER_PARTICIPANT_KINDS, type Kind} from '../records/kinds.js'
import type {Consent, Mou, Partner, Protocol, Referral} from '../records/types.js'
import type {Site} from '../site.js'
import {recordSchemaFindings} from '../privacy/schema-findings.js'
import {siteTimeZone} from '../clock/site-zone.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'
import {rememberedVocabulary} from '../privacy/vocabulary-memo.js'
import {PARTICIPANT_KINDS, shownAsParticipant} from '../privacy/disclosable.js'
import {learnParticipantFile} from '../privacy/file-names.js'

export interface ReferralData {
  timeZone?: string
  referrals: Referral[]
  protocols: Protocol[]
  consents: Consent[]
  mous: Mou[]
  partners: Partner[]
  /** Files left out because they do not pass their schema (`lead validate` says why). */
  skipped: string[]
  /** What the site declared: the only referral values reports print (privacy/disclosable.ts). */
  vocabulary: SiteVocabulary
}

export function validDataOf<T>(records: SiteRecords, kind: Kind, skipped: string[]): T[] {
  return validData<T>(records.ofKind(kind), records, skipped)
}

/** The values of those of `list` (records of `records`) that pass their schema; the others' files go to `skipped`. */
function validData<T>(list: readonly SiteRecord[], records: SiteRecords, skipped: string[]): T[] {
  const out: T[] = []
  for (const r of list) {
    if (passesSchema(r, records)) out.push(r.data as T)
    else skip(r, skipped)
  }
  return out
}

/** A record left out: its file listed, and a referral saved into partners/ (it fails that schema) learnt as one, so no output of the run prints its file's name (skippedFiles). */
function skip(r: SiteRecord, skipped: string[]): false {
  skipped.push(r.file)
  if (!PARTICIPANT_KINDS.has(r.kind) && shownAsParticipant(r.kind, r.data)) learnParticipantFile(r.file)
  return false
}

/** The record can be read and passes its schema (its value is read only when the index does not know). */
export function passesSchema(r: SiteRecord, records: SiteRecords): boolean {
  // A result the index remembers is of this content: it fails without its value being read too.
  if (r.schemaResult !== undefined) return r.schemaResult.length === 0
  return r.data !== undefined && recordSchemaFindings(r, records.cache).length === 0
}

export function referralDataFrom(site: Site, records: SiteRecords): ReferralData {
  const skipped: string[] = []
  // Which records pass their schema is told now (the index knows, without their values), in the
  // order `skipped` always had; referrals', consents', MOUs' and partners' values are read when a
  // report asks for them: `lead report referrals` takes its referrals' facts from a memo
  // (volume-facts.ts) and never reads a consent (2,667 on the bench site).
  const referrals = passingLater<Referral>(records, 'referral', skipped)
  const protocols = validDataOf<Protocol>(records, 'protocol', skipped)
  const consents = passingLater<Consent>(records, 'consent', skipped)
  const mous = passingLater<Mou>(records, 'mou', skipped)
  const partners = passingLater<Partner>(records, 'partner', skipped)
  return {
    timeZone: siteTimeZone(site),
    get referrals() {
      return referrals()
    },
    protocols,
    get consents() {
      return consents()
    },
    get mous() {
      return mous()
    },
    get partners() {
      return partners()
    },
    skipped,
    vocabulary: rememberedVocabulary(site.root, site.config, records),
  }
}

/** validDataOf with the records that fail their schema noted now and the values read on first call. */
function passingLater<T>(records: SiteRecords, kind: Kind, skipped: string[]): () => T[] {
  const passing = records.ofKind(kind).filter((r) => passesSchema(r, records) || skip(r, skipped))
  let values: T[] | undefined
  return () => (values ??= passing.map((r) => r.data as T))
}

export async function loadReferralData(site: Site): Promise<ReferralData> {
  const records = await loadRecords(site, {saveCache: false})
  const data = referralDataFrom(site, records)
  records.cache?.save() // with the schema results learnt
  return data
}

/**
 * What one referral's check reads: the referral, the consents, and the site's context (protocols;
 * partners, MOUs, rosters, trainings and meetings for the vocabulary), not the other referrals: on
 * 10,000 referrals those cost ~0.3 s to list and look up. The referral's files are looked for by
 * name in each year folder (a referral's file may sit in any; the first in the walk's order is the
 * one a whole load takes), and the other kinds' folders are walked: no question to git about 13,000
 * files. Every consent is read, since the one a referral names is found by the id it holds (a file
 * may hold another's). When no year folder holds the referral, the site's files are listed.
 */
export function loadForReferral(site: Site, id: string): Promise<SiteRecords> {
  const select = (kind: Kind, recordId: string) => !PER_PARTICIPANT_KINDS.has(kind) || kind === 'consent' || recordId === id
  const files = idProblem('referral', id) === undefined ? referralFiles(site.root, id) : []
  if (files.length === 0) return loadRecords(site, {select})
  const folders = [...KINDS.filter((k) => k !== 'referral').map((k) => KIND_INFO[k].folder), ...files]
  return loadRecords(site, {select: Object.assign(select, {folders})})
}

/** The files named by the referral's ID in the year folders (referrals/YYYY/ID.yaml: where a whole load finds a referral). */
function referralFiles(root: string, id: string): string[] {
  const folder = KIND_INFO.referral.folder
  let years: fs.Dirent[]
  try {
    years = fs.readdirSync(path.join(root, folder), {withFileTypes: true})
  } catch {
    return []
  }
  return years.filter((y) => /^[0-9]{4}$/.test(y.name) && (y.isDirectory() || y.isSymbolicLink())).map((y) => `${folder}/${y.name}/${id}.yaml`).filter((f) => fs.lstatSync(path.join(root, f), {throwIfNoEntry: false}) !== undefined)
}

/** The valid protocols and the valid consent(s) with the ID the referral names, found by facts: no other consent's value is read. */
export function eligibilityRecords(records: SiteRecords, consentId: string | undefined): {protocols: Protocol[]; consents: Consent[]} {
  const named = records.ofKind('consent').filter((c) => consentId !== undefined && records.field(c, 'id') === consentId)
  const skipped: string[] = []
  return {protocols: validDataOf<Protocol>(records, 'protocol', skipped), consents: validData<Consent>(named, records, skipped)}
}
