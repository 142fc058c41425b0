/**
 * The steps a new site takes before its first referral, in the order each rests on the one before
 * (docs/guides/first-site.md): partners, a roster for each police agency (badges are checked
 * against it), an adopted protocol (a referral is judged under the one in force), the LEAD phone.
 * `lead status` shows the steps still to do, each with the command that does it.
 */

export interface SetupStep {
  step: string
  done: boolean
  command: string
}

export interface SetupInput {
  partners: ReadonlyArray<{id: string; type?: string}>
  rosters: ReadonlyArray<{id: string; agency?: string}>
  protocols: ReadonlyArray<{id: string; status?: string}>
  referralPhone?: string
}

export function setupSteps(site: SetupInput): SetupStep[] {
  const police = site.partners.filter((p) => p.type === 'law_enforcement')
  const withRoster = new Set(site.rosters.map((r) => r.agency ?? r.id))
  const adopted = site.protocols.some((p) => p.status === 'adopted' || p.status === 'superseded')
  const draft = site.protocols.find((p) => p.status === 'draft')
  const steps: SetupStep[] = [
    {step: 'a police or sheriff partner', done: police.length > 0, command: 'lead new partner --set type=law_enforcement'},
    {step: 'a case-management partner', done: site.partners.some((p) => p.type === 'case_management'), command: 'lead new partner --set type=case_management'},
  ]
  if (police.length === 0) steps.push({step: "each police agency's officer roster", done: false, command: 'lead training import-roster ROSTER.csv --agency AGENCY'})
  for (const p of police) steps.push({step: `the officer roster of ${p.id}`, done: withRoster.has(p.id), command: `lead training import-roster ROSTER.csv --agency ${p.id}`})
  steps.push({
    step: 'a protocol adopted by the PCG',
    done: adopted,
    command: draft ? `lead set protocol ${draft.id} status=adopted adopted.date=YYYY-MM-DD adopted.by=pcg` : 'lead new protocol',
  })
  steps.push({step: 'the LEAD phone in lead.yaml', done: Boolean(site.referralPhone), command: "lead config set referral_phone='(360) 555-0100'"})
  return steps
}
