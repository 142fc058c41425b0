/**
 * The multi-party release of information (42 CFR 2.31 elements): who may disclose, to whom, what,
 * why, until when, the right to revoke, and the redisclosure notice (42 CFR 2.32). Blank (every
 * partner offered as a box to tick) or from a consent record.
 */
import type {Consent, Partner} from '../records/types.js'
import type {Block, FormDocument} from './document.js'
import {pageHeader, partnerName, type FormContext} from './form-context.js'

export const REDISCLOSURE_NOTICE =
  'This record which has been disclosed to you is protected by federal confidentiality rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony that describes the information contained in this record, in any civil, criminal, administrative, or legislative proceedings by any Federal, State, or local authority, against the patient, unless authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, the Federal rules prohibit you from making any other use or disclosure of this record unless at least one of the following applies: (i) further use or disclosure is expressly permitted by the written consent of the individual whose information is being disclosed in this record or as otherwise permitted by 42 CFR part 2; (ii) you are a covered entity or business associate and have received the record for treatment, payment, or health care operations; or (iii) you have received the record from a covered entity or business associate as permitted by 45 CFR part 164, subparts A and E. A general authorization for the release of medical or other information is NOT sufficient to meet the required elements of written consent to further use or redisclose the record (see 42 CFR 2.31).'

export interface RoiFormInput {
  /** Absent: a blank form. */
  consent?: Consent
  /** Partners offered on a blank form (all of the site's, in a stable order). */
  partners: readonly Partner[]
  /** Date for a blank form (the --as-of day). */
  asOf: string
}

export function buildRoiForm(ctx: FormContext, input: RoiFormInput): FormDocument {
  const c = input.consent
  const who = (ids: readonly string[] | undefined) =>
    c ? (ids ?? []).map((id) => ({text: partnerName(ctx, id), checked: true})) : input.partners.map((p) => ({text: p.name, checked: false}))
  const revocation =
    c?.revocation_method ??
    'by telling my case manager, in writing or in person. Revoking does not undo a disclosure already made in reliance on this consent.'
  const blocks: Block[] = []
  if (c?.revoked) blocks.push({type: 'paragraph', style: 'notice', text: `REVOKED on ${c.revoked}. No information may be shared under this consent after that date.`})
  blocks.push(
    {
      type: 'fields',
      columns: 2,
      rows: [
        {label: 'Participant LEAD code', value: c?.participant ?? ''},
        {label: 'Consent ID', value: c?.id ?? ''},
        {label: 'Participant name (print, on paper only)', value: ''},
        {label: 'Date signed', value: c?.signed ?? ''},
      ],
    },
    {type: 'paragraph', text: 'I authorize the LEAD partners named below to share information about me with one another, as described on this form.'},
    {type: 'heading', level: 1, text: '1. Who may disclose the information'},
    {type: 'checklist', columns: 2, items: who(c?.disclosers)},
    {type: 'heading', level: 1, text: '2. Who may receive it'},
    {type: 'checklist', columns: 2, items: who(c?.recipients)},
    {type: 'heading', level: 1, text: '3. What information may be shared'},
    c ? {type: 'paragraph', text: c.information} : {type: 'fields', rows: [{label: 'Information', value: ''}, {label: '', value: ''}]},
    {type: 'heading', level: 1, text: '4. Why (purpose)'},
    c ? {type: 'paragraph', text: c.purpose} : {type: 'fields', rows: [{label: 'Purpose', value: ''}, {label: '', value: ''}]},
    {type: 'heading', level: 1, text: '5. Until when'},
    {type: 'fields', rows: [{label: 'This consent expires on (date or event)', value: c ? (c.expires ?? c.expires_event ?? '') : ''}]},
    // The signatures stay on the page with the statement they sign.
    {
      type: 'keep-together',
      blocks: [
        {type: 'heading', level: 1, text: '6. My right to revoke'},
        {type: 'paragraph', text: `I may revoke this consent at any time, ${revocation.replace(/\.?$/, '.')} My LEAD participation, treatment, payment or eligibility for benefits does not depend on signing this form.`},
        {type: 'signatures', lines: [{label: 'Participant'}, {label: 'Witness', ...(c?.witness ? {name: c.witness} : {})}]},
      ],
    },
    {type: 'heading', level: 1, text: 'Notice to every recipient (42 CFR 2.32)'},
    {type: 'paragraph', style: 'small', text: REDISCLOSURE_NOTICE},
  )
  return {
    form: 'roi',
    title: 'Consent to release information (multi-party)',
    subtitle: 'LEAD partners · 42 CFR part 2 and HIPAA',
    header: pageHeader(ctx),
    footer: c ? `Consent ${c.id}` : 'Release of information',
    date: c?.signed ?? input.asOf,
    page: 'document',
    blocks,
    sources: [],
  }
}
