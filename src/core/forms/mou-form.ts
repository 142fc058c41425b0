/** An MOU as signed: purpose, parties and contributions, governance, terms, appendix, one signature block per party. */
import type {Mou} from '../records/types.js'
import type {Block, FormDocument, SignatureLine} from './document.js'
import {MissingFormData, pageHeader, partnerName, type FormContext} from './form-context.js'

export function buildMouForm(ctx: FormContext, mou: Mou): FormDocument {
  if (!mou.parties?.length) throw new MissingFormData('mou', mou.id, ['parties'], `MOU ${mou.id} lists no parties`, 'add the partner agencies under parties')
  const dates = [`Effective ${mou.effective.from}${mou.effective.to ? ` to ${mou.effective.to}` : ''}`]
  if (mou.review_by) dates.push(`review by ${mou.review_by}`)
  if (mou.protocol) dates.push(`operational protocol ${mou.protocol}`)
  const blocks: Block[] = [{type: 'paragraph', style: 'strong', text: `${dates.join(' · ')} · status: ${mou.status}`}]
  if (mou.purpose) blocks.push({type: 'heading', level: 1, text: 'Purpose'}, {type: 'paragraph', text: mou.purpose})
  blocks.push(
    {type: 'heading', level: 1, text: 'Parties and contributions'},
    {type: 'table', columns: [{header: 'Party', width: 2}, {header: 'Contribution', width: 5}], rows: mou.parties.map((p) => [partnerName(ctx, p.partner), p.contribution ?? ''])},
  )
  const g = mou.governance
  if (g) {
    const lines: string[] = []
    if (g.decision) lines.push(`The Policy Coordinating Group decides by ${g.decision}${g.votes_per_member ? `, ${g.votes_per_member === 1 ? 'one vote' : `${g.votes_per_member} votes`} per member agency` : ''}.`)
    if (g.withdrawal) lines.push(g.withdrawal)
    blocks.push({type: 'heading', level: 1, text: 'Governance'}, ...lines.map((text) => ({type: 'paragraph' as const, text})))
  }
  if (mou.terms?.length) blocks.push({type: 'heading', level: 1, text: 'Terms'}, {type: 'list', ordered: true, items: mou.terms})
  for (const a of mou.appendix ?? []) blocks.push({type: 'heading', level: 2, text: a.title}, {type: 'paragraph', text: a.text})

  // One block per party, in party order: its signatories, or a blank block if none is recorded yet.
  const lines: SignatureLine[] = []
  for (const party of mou.parties) {
    const signers = mou.signatories.filter((s) => s.partner === party.partner)
    if (signers.length === 0) lines.push({label: partnerName(ctx, party.partner)})
    for (const s of signers) lines.push({label: partnerName(ctx, s.partner), name: s.name, ...(s.title ? {title: s.title} : {}), ...(s.signed ? {date: s.signed} : {})})
  }
  for (const s of mou.signatories) {
    if (!mou.parties.some((p) => p.partner === s.partner)) lines.push({label: partnerName(ctx, s.partner), name: s.name, ...(s.title ? {title: s.title} : {}), ...(s.signed ? {date: s.signed} : {})})
  }
  blocks.push({type: 'heading', level: 1, text: 'Signatures'}, {type: 'signatures', lines})
  return {
    form: 'mou',
    title: mou.title,
    header: pageHeader(ctx),
    footer: `MOU ${mou.id}`,
    date: mou.effective.from,
    page: 'document',
    blocks,
    sources: [],
  }
}
