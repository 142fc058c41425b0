/** The forms `lead` prints, what each is built from, and how its record argument is read. */
import type {Kind} from '../records/kinds.js'

export const FORM_NAMES = ['referral', 'pocket-card', 'handoff-slip', 'roi', 'mou', 'sign-in', 'protocol', 'coverage', 'pcg-agenda', 'minutes', 'case-conference'] as const
export type FormName = (typeof FORM_NAMES)[number]

export interface FormInfo {
  name: FormName
  summary: string
  /** What the form is built from, in words (`lead form list`). */
  needs: string
  /** Record kinds the ID argument may name, first the usual one. */
  kinds: Kind[]
  /** The ID argument must be given. */
  idRequired: boolean
  /**
   * The form reads referrals or consents beyond the one its ID names (a meeting's participants,
   * the quarter's figures): the whole site is loaded. Else the site's context (partners,
   * protocols, MOUs, rosters, trainings, meetings) and the named record are (form-records.ts).
   */
  readsParticipants?: true
}

export const FORMS: readonly FormInfo[] = [
  {name: 'referral', summary: "Officer's referral and diversion form", needs: 'the protocol in force (blank), a protocol ID (blank) or a referral ID (filled in)', kinds: ['referral', 'protocol'], idRequired: false},
  {name: 'pocket-card', summary: "Officer's pocket card, 4 × 6 in", needs: 'the protocol in force, or a protocol ID: charges, exclusions, coverage hours, LEAD phone', kinds: ['protocol'], idRequired: false},
  {name: 'handoff-slip', summary: "Participant's handoff slip", needs: 'a referral ID (case manager, intake deadline from its protocol); prints no charges', kinds: ['referral'], idRequired: true},
  {name: 'roi', summary: 'Multi-party release of information', needs: 'nothing (blank, every partner listed) or a consent ID', kinds: ['consent'], idRequired: false},
  {name: 'mou', summary: 'Memorandum of understanding with signature blocks', needs: 'an MOU ID', kinds: ['mou'], idRequired: true},
  {name: 'sign-in', summary: 'Training sign-in sheet', needs: "a training session ID and the agency's roster (--district, --unit, --shift narrow it)", kinds: ['training'], idRequired: true},
  {name: 'protocol', summary: 'Protocol booklet', needs: 'the protocol in force, or a protocol ID', kinds: ['protocol'], idRequired: false},
  {name: 'coverage', summary: 'Training coverage report with bar charts', needs: 'rosters and training sessions (the training coverage computation)', kinds: [], idRequired: false},
  {name: 'pcg-agenda', summary: 'PCG agenda with the quarter\'s figures and an attendance list', needs: 'the next planned PCG meeting, or a PCG meeting ID (the agenda lead meeting agenda computes)', kinds: ['meeting'], idRequired: false, readsParticipants: true},
  {name: 'minutes', summary: 'Minutes: members present, quorum, decisions, action items', needs: 'a meeting ID (PCG: members present and the MOU\'s quorum)', kinds: ['meeting'], idRequired: true, readsParticipants: true},
  {name: 'case-conference', summary: 'OWG case-conference sheet: codes only, the consent check per partner at the table', needs: 'the next planned OWG meeting, or an OWG meeting ID (open cases, or the participants it discussed)', kinds: ['meeting'], idRequired: false, readsParticipants: true},
]

export function formInfo(name: FormName): FormInfo {
  return FORMS.find((f) => f.name === name)!
}
