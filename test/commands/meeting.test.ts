/**
 * The meeting commands end to end on the small governance site (test/support/governance-site.ts),
 * against figures worked out by hand from its records.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {BIN, cleanupTemp, git, REPO_ROOT, runLead, testEnv} from '../support/cli.js'
import {committedGovernanceSite} from '../support/governance-site.js'
import {readPdf} from '../support/pdf.js'

const env = testEnv()
let site: string
beforeAll(() => {
  site = committedGovernanceSite(env)
})
afterAll(cleanupTemp)

const lead = (args: string[], cwd = site) => runLead(args, {cwd, env})
const json = (args: string[], cwd = site) => {
  const r = lead([...args, '--json'], cwd)
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout)
}

describe('lead meeting agenda', () => {
  it('OWG: the next planned OWG (2026-05-12) from 2026-05-05, every section by hand', () => {
    const a = json(['meeting', 'agenda', '--body', 'owg', '--as-of', '2026-05-05'])
    expect(a.meeting).toMatchObject({id: 'owg-2026-05-12', status: 'planned'})
    expect(a.since).toEqual({meeting: 'owg-2026-04-28', date: '2026-04-28'})
    // A: last contact reported at the 04-28 case conference (04-27), 15 days; C: intake 05-03, 9 days;
    // B: only the received date (04-10), 32 days. Case managers alphabetically, longest gap first.
    expect(a.caseManagers.map((g: {caseManager: string; cases: Array<{participant: string; daysSinceContact: number; lastContactFrom: string}>}) => [g.caseManager, g.cases.map((c) => [c.participant, c.daysSinceContact, c.lastContactFrom])])).toEqual([
      ['Casey Ruiz', [['P-AAAAAA', 15, 'case_conference'], ['P-CCCCCC', 9, 'intake']]],
      ['Jordan Lee', [['P-BBBBBB', 32, 'received']]],
    ])
    expect(a.intakesOverdue).toEqual([{referral: 'r-2026-04-10-bbbbbb', participant: 'P-BBBBBB', caseManager: 'Jordan Lee', due: '2026-04-24', daysOverdue: 18}])
    expect(a.reReferrals).toEqual([{referral: 'r-2026-05-01-cccccc', participant: 'P-CCCCCC', previous: 'r-2025-10-01-cccccc', received: '2026-05-01', caseManager: 'Casey Ruiz'}])
    expect(a.consentsExpiring).toEqual([{consent: 'c-2026-04-10-bbbbbb', participant: 'P-BBBBBB', expires: '2026-05-20', daysLeft: 8}])
    expect(a.actions.map((x: {meeting: string; number: number; owner: string; overdue: boolean}) => [x.meeting, x.number, x.owner, x.overdue])).toEqual([['owg-2026-04-28', 1, 'pd', false]])
  })

  it('PCG: the 2026-06-10 agenda with the first quarter\'s figures', () => {
    const a = json(['meeting', 'agenda', '--body', 'pcg', '--date', '2026-06-10'])
    expect(a.meeting).toMatchObject({id: 'pcg-2026-06-10', agenda: [{title: 'Protocol version 3', presenter: 'cm'}]})
    expect(a.protocolsAwaitingAdoption).toEqual([{id: '2027-v3', version: 3, effectiveFrom: '2027-01-01'}])
    expect(a.mous).toEqual([{mou: '2026-mou', why: 'review', date: '2026-07-01', daysLeft: 21}])
    expect(a.returning).toEqual([{decision: 'pcg-2026-04-08#2', kind: 'other', outcome: 'deferred'}])
    // Q1 2026: D (01-15), E (02-01), A (03-02), all community; open on 03-31: A and E.
    expect(a.quarter).toMatchObject({label: '2026-Q1', from: '2026-01-01', to: '2026-03-31', referrals: {total: 3, byPathway: {arrest_diversion: 0, community: 3}}, openCases: 2})
    expect(a.actions.map((x: {meeting: string; owner: string; daysOverdue: number}) => [x.meeting, x.owner, x.daysOverdue])).toEqual([['pcg-2026-04-08', 'cm', 40]])
  })

  it('prints the agenda as text, without colour when NO_COLOR is set', () => {
    const r = runLead(['meeting', 'agenda', '--body', 'owg', '--as-of', '2026-05-05'], {cwd: site, env: {...env, NO_COLOR: '1'}})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('Operational Work Group (OWG) agenda: Tuesday 2026-05-12')
    expect(r.stdout).toMatch(/Jordan Lee +P-BBBBBB +r-2026-04-10-bbbbbb/)
    expect(r.stdout).not.toMatch(/\u001b\[/)
  })

  it('usage errors: a bad date, a quarter for the OWG (exit 2, one line and a hint)', () => {
    const bad = lead(['meeting', 'agenda', '--date', '2026-13-01'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/error BAD_DATE/)
    const q = lead(['meeting', 'agenda', '--body', 'owg', '--quarter', '2026-Q1'])
    expect(q.code).toBe(2)
    expect(q.stderr).toMatch(/QUARTER_FOR_PCG[\s\S]*hint:/)
  })
})

describe('lead meeting actions', () => {
  it('open items by owner, overdue first (2026-05-05)', () => {
    const a = json(['meeting', 'actions', '--as-of', '2026-05-05'])
    expect(a.open).toBe(2)
    expect(a.overdue).toBe(1)
    expect(a.owners.map((o: {owner: string; overdue: number; actions: Array<{meeting: string; text: string; daysOverdue: number}>}) => [o.owner, o.overdue, o.actions.map((x) => [x.meeting, x.text, x.daysOverdue])])).toEqual([
      ['cm', 1, [['pcg-2026-04-08', 'Cost out weekend coverage.', 4]]],
      ['pd', 0, [['owg-2026-04-28', 'Update the on-call list.', 0]]],
    ])
  })

  it('--body and --owner narrow it; an item done later is open before its done date', () => {
    expect(json(['meeting', 'actions', '--as-of', '2026-05-05', '--body', 'owg']).owners.map((o: {owner: string}) => o.owner)).toEqual(['pd'])
    expect(json(['meeting', 'actions', '--as-of', '2026-05-05', '--owner', 'cm']).open).toBe(1)
    // "Circulate the minutes" (due 04-15) was done on 04-14: open on 04-10, not on 04-14.
    expect(json(['meeting', 'actions', '--as-of', '2026-04-10', '--owner', 'pm']).open).toBe(1)
    expect(json(['meeting', 'actions', '--as-of', '2026-04-14', '--owner', 'pm']).open).toBe(0)
  })

  it('withholds an item\'s text that looks like an identifier', () => {
    const root = committedGovernanceSite(env, {'meetings/2026/owg-2026-04-28.yaml': fs.readFileSync(path.join(site, 'meetings/2026/owg-2026-04-28.yaml'), 'utf8').replace('Update the on-call list.', 'Call Maria Lopez at 360-555-0199.')})
    const a = json(['meeting', 'actions', '--as-of', '2026-05-05', '--owner', 'pd'], root)
    expect(a.owners[0].actions[0].text).toBeNull()
    const r = lead(['meeting', 'actions', '--as-of', '2026-05-05'], root)
    expect(r.stdout).not.toContain('Lopez')
    expect(r.stdout).not.toContain('0199')
  })
})

describe('lead new meeting', () => {
  it('without a terminal: from flags, the ID from body and date, attendees in flow style', () => {
    const r = lead(['new', 'meeting', '--set', 'body=owg', '--set', 'date=2026-05-26', '--set', 'status=planned', '--set', 'attendees=[{partner: cm, name: Casey Ruiz}, {partner: pd}]'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.trim()).toBe('owg-2026-05-26')
    expect(parse(fs.readFileSync(path.join(site, 'meetings/2026/owg-2026-05-26.yaml'), 'utf8')).attendees).toEqual([{partner: 'cm', name: 'Casey Ruiz'}, {partner: 'pd'}])
    expect(git(site, ['log', '-1', '--format=%s'], env).trim()).toBe('meeting: add owg-2026-05-26')
  })

  it('names every missing field and the flag (exit 2); a second meeting that day needs its own ID', () => {
    const r = lead(['new', 'meeting', '--set', 'body=pcg'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('a new meeting needs date, status')
    const twice = lead(['new', 'meeting', '--set', 'body=pcg', '--set', 'date=2026-06-10', '--set', 'status=planned'])
    expect(twice.code).toBe(2)
    expect(twice.stderr).toMatch(/RECORD_EXISTS meeting pcg-2026-06-10 already exists[\s\S]*--id pcg-2026-06-10-special/)
    const special = lead(['new', 'meeting', '--id', 'pcg-2026-06-10-special', '--set', 'body=pcg', '--set', 'date=2026-06-10', '--set', 'status=planned'])
    expect(special.code, special.stderr).toBe(0)
    expect(fs.existsSync(path.join(site, 'meetings/2026/pcg-2026-06-10-special.yaml'))).toBe(true)
  })

  it('refuses a held PCG meeting whose consensus lacks a quorum (exit 1, nothing written)', () => {
    const r = lead(['new', 'meeting', '--set', 'body=pcg', '--set', 'date=2026-05-06', '--set', 'status=held', '--set', 'attendees=[{partner: pd, name: Chief Dana Cole}]', '--set', 'decisions=[{kind: other, text: Agreed., outcome: consensus}]'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('PCG_NO_QUORUM')
    expect(fs.existsSync(path.join(site, 'meetings/2026/pcg-2026-05-06.yaml'))).toBe(false)
  })
})

describe('lead new meeting at a terminal', () => {
  const DRIVER = path.join(REPO_ROOT, 'test/support/pty-driver.py')
  const tty = testEnv({CI: undefined, LEAD_NO_PROMPT: undefined, TERM: 'xterm'})
  const ENTER = '\r'
  const DOWN = '\u001b[B'
  function inTerminal(cwd: string, args: string[], steps: Array<[string, string]>): {code: number; output: string; timeout: boolean} {
    const r = spawnSync('python3', [DRIVER, JSON.stringify(steps), '--', process.execPath, BIN, ...args], {cwd, env: tty, encoding: 'utf8', timeout: 60_000})
    if (r.status !== 0) throw new Error(`pty driver failed: ${r.stderr}`)
    return JSON.parse(r.stdout)
  }

  it('asks body, date, status (held for a past date), then who attended: member partners, then their contacts', () => {
    const root = committedGovernanceSite(env)
    const r = inTerminal(root, ['new', 'meeting'], [
      ['body', ENTER], // pcg, the schema's first choice
      ['date', `\u00152026-05-06${ENTER}`],
      ['status', ENTER], // held is offered first for a past date
      // PCG members first: cm, defender, pd, pm, prosecutor; the shelter last, as a guest.
      ['Who attended', `${DOWN}${DOWN} ${DOWN}${DOWN} ${ENTER}`], // pd and prosecutor
      ['pd: who attended', ` ${ENTER}`], // Chief Dana Cole
      ['prosecutor: who attended', ENTER], // nobody ticked: the partner, unnamed
      ['Optional fields', ENTER],
      ['Create this meeting', ENTER],
    ])
    expect(r.timeout, r.output).toBe(false)
    expect(r.code, r.output).toBe(0)
    expect(r.output).toContain('(not a PCG member: a guest)')
    const data = parse(fs.readFileSync(path.join(root, 'meetings/2026/pcg-2026-05-06.yaml'), 'utf8'))
    expect(data).toMatchObject({id: 'pcg-2026-05-06', body: 'pcg', date: '2026-05-06', status: 'held', attendees: [{partner: 'pd', name: 'Chief Dana Cole'}, {partner: 'prosecutor'}]})
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe('meeting: add pcg-2026-05-06')
  })
})

describe('lead status', () => {
  it('gains the next meeting of each body, unrecorded minutes and the overdue action items', () => {
    const s = json(['status', '--as-of', '2026-05-05']).meetings
    expect(s.nextByBody).toEqual({owg: {id: 'owg-2026-05-12', body: 'owg', date: '2026-05-12', daysUntil: 7}, pcg: {id: 'pcg-2026-06-10', body: 'pcg', date: '2026-06-10', daysUntil: 36}})
    expect(s.next.id).toBe('owg-2026-05-12')
    expect(s.unrecorded).toEqual([])
    expect(s.overdueActions).toEqual([{meeting: 'pcg-2026-04-08', number: 1, owner: 'cm', due: '2026-05-01', daysOverdue: 4}])
    // A month on, the OWG of 05-12 is past and still planned: its minutes are missing.
    expect(json(['status', '--as-of', '2026-06-01']).meetings.unrecorded).toContain('owg-2026-05-12')
    const r = runLead(['status', '--as-of', '2026-05-05'], {cwd: site, env: {...env, NO_COLOR: '1'}})
    expect(r.stdout).toMatch(/^next meetings +owg-2026-05-12 \(Tuesday 2026-05-12, in 7 days\); pcg-2026-06-10 \(Wednesday 2026-06-10, in 36 days\)/m)
    expect(r.stdout).toMatch(/^action items +1 overdue \(pcg-2026-04-08 #1, cm, 4 days\)/m)
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^validation/)
  })
})

describe('lead diff shows decisions first', () => {
  it('a PCG meeting recorded with its decisions: listed before the protocols and records, text withheld when it looks identifying', () => {
    const root = committedGovernanceSite(env)
    const minutes = `id: pcg-2026-06-10
body: pcg
date: "2026-06-10"
status: held
attendees:
  - {partner: pd, name: Chief Dana Cole}
  - {partner: prosecutor, name: Ray Ortiz}
  - {partner: defender, name: Mia Chen}
  - {partner: pm, name: Morgan Tate}
decisions:
  - {kind: adopt_protocol, text: Adopt protocol version 3., concerns: [{kind: protocol, id: 2027-v3}], outcome: consensus}
  - {kind: other, text: Ask Maria Lopez at 360-555-0199 about weekend coverage., outcome: deferred}
`
    fs.writeFileSync(path.join(root, 'meetings/2026/pcg-2026-06-10.yaml'), minutes)
    const v3 = path.join(root, 'protocols/2027-v3.yaml')
    fs.writeFileSync(v3, fs.readFileSync(v3, 'utf8').replace('status: draft', 'status: adopted\nadopted: {date: "2026-06-10", by: pcg, decision: "pcg-2026-06-10#1"}'))
    const text = runLead(['diff'], {cwd: root, env: {...env, NO_COLOR: '1'}})
    expect(text.code, text.stderr).toBe(0)
    const out = text.stdout
    expect(out).toContain('+ pcg-2026-06-10#1 (PCG 2026-06-10) adopt_protocol 2027-v3: consensus reached')
    expect(out).toContain('Adopt protocol version 3.')
    expect(out).toContain('+ pcg-2026-06-10#2 (PCG 2026-06-10) other: deferred')
    expect(out).toContain('(text not shown: it looks like it holds an identifier)')
    expect(out).not.toMatch(/Lopez|0199/)
    expect(out.indexOf('Decisions')).toBeLessThan(out.indexOf('Protocols'))
    expect(out.indexOf('Protocols')).toBeLessThan(out.indexOf('Records'))
    const md = runLead(['diff', '--format', 'markdown'], {cwd: root, env}).stdout
    expect(md.indexOf('### Decisions')).toBeGreaterThan(0)
    expect(md.indexOf('### Decisions')).toBeLessThan(md.indexOf('### Protocol changes'))
    expect(md).not.toMatch(/Lopez|0199/)
    const doc = runLead(['diff', '--json'], {cwd: root, env}).json()
    expect(doc.decisions.map((d: {ref: string; change: string; outcome: string; text: string | null}) => [d.ref, d.change, d.outcome, d.text])).toEqual([
      ['pcg-2026-06-10#1', 'added', 'consensus', 'Adopt protocol version 3.'],
      ['pcg-2026-06-10#2', 'added', 'deferred', null],
    ])
    expect(JSON.stringify(doc)).not.toMatch(/Lopez|0199/)
  })
})

describe('meeting forms', () => {
  let forms: string
  let out: string
  beforeAll(() => {
    // B's referral carries a note a case manager typed: it must reach no sheet.
    forms = committedGovernanceSite(env, {'referrals/2026/r-2026-04-10-bbbbbb.yaml': fs.readFileSync(path.join(site, 'referrals/2026/r-2026-04-10-bbbbbb.yaml'), 'utf8') + 'notes: Prefers mornings at the drop-in.\n'})
    out = fs.mkdtempSync(path.join(site, '..', 'forms-'))
  })
  const form = (args: string[]) => runLead(['form', ...args, '-C', forms], {cwd: out, env})
  const text = async (file: string) => (await readPdf(path.join(out, file))).text.replace(/\s+/g, ' ')

  it('PCG agenda: the next planned PCG meeting, its computed items, the quorum and the member agencies', async () => {
    const r = form(['pcg-agenda', '--as-of', '2026-05-05', '-o', 'agenda.pdf', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({form: 'pcg-agenda', sources: expect.arrayContaining(['meetings/2026/pcg-2026-06-10.yaml'])})
    const t = await text('agenda.pdf')
    expect(t).toContain('Policy Coordinating Group: agenda')
    expect(t).toContain('Wednesday 2026-06-10')
    expect(t).toContain('Protocol version 3 (Case Management Agency)')
    expect(t).toMatch(/2027-v3 3 2027-01-01/)
    expect(t).toContain('pcg-2026-04-08#2: Other (deferred)')
    expect(t).toContain('The 2026-Q1 report (2026-01-01 to 2026-03-31)')
    expect(t).toContain('Quorum: 4 of 5 member agencies, including prosecutor (MOU 2026-mou)')
    for (const name of ['City Police', 'County Prosecutor', 'Public Defender', 'Case Management Agency', 'Project Management']) expect(t).toContain(name)
    expect(t).not.toContain('Harbor Shelter') // not a PCG member
  })

  it('minutes: members present with the quorum, decisions numbered as protocols cite them, actions (PDF and HTML)', async () => {
    expect(form(['minutes', 'pcg-2026-02-11', '-o', 'minutes.pdf']).code).toBe(0)
    const t = await text('minutes.pdf')
    expect(t).toMatch(/Public Defender +no/)
    expect(t).toMatch(/City Police Chief Dana Cole yes/)
    expect(t).toContain('Quorum met: 4 of 5 member agencies represented; the quorum is 4 of 5 member agencies, including prosecutor (MOU 2026-mou)')
    expect(t).toContain('1. Adopt a protocol version: consensus reached')
    expect(t).toContain('pcg-2026-02-11#1 · concerns protocol 2026-v2')
    expect(t).toContain('Print the new pocket cards.')
    const html = form(['minutes', 'pcg-2026-02-11', '-o', 'minutes.html'])
    expect(html.code, html.stderr).toBe(0)
    const h = fs.readFileSync(path.join(out, 'minutes.html'), 'utf8')
    expect(h).toContain('Quorum met')
    expect(h).toContain('pcg-2026-02-11#1')
  })

  it('case-conference sheet, planned: every open case by code, each partner at the table checked against the consents', async () => {
    expect(form(['case-conference', '--as-of', '2026-05-05', '-o', 'owg.pdf']).code).toBe(0)
    const t = await text('owg.pdf')
    for (const code of ['P-AAAAAA', 'P-BBBBBB', 'P-CCCCCC']) expect(t).toContain(code)
    expect(t).not.toMatch(/P-DDDDDD|P-EEEEEE/) // declined; closed on 04-30
    // No attendees listed yet: the table is the six OWG members. B's consent names the case managers and the police only.
    expect(t).toMatch(/P-BBBBBB — check before discussing/)
    expect(t).toContain('City Police (consent c-2026-04-10-bbbbbb to 2026-05-20)')
    expect((t.match(/NOT COVERED: STEPS OUT/g) ?? []).length).toBe(4 + 1) // B: defender, pm, prosecutor, shelter; A: shelter
    expect(t).not.toContain('Prefers mornings')
  })

  it('case-conference sheet, held: the participants discussed, an excused partner marked', async () => {
    expect(form(['case-conference', 'owg-2026-04-28', '-o', 'held.pdf']).code).toBe(0)
    const t = await text('held.pdf')
    expect(t).toContain('P-AAAAAA')
    expect(t).not.toContain('P-BBBBBB')
    expect(t).toContain('Harbor Shelter (excused: steps out)')
    expect(t).not.toContain('NOT COVERED')
  })

  it('refuses the wrong body and a missing planned meeting (exit 2)', () => {
    const wrong = form(['case-conference', 'pcg-2026-04-08', '-o', 'x.pdf'])
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/WRONG_BODY pcg-2026-04-08 is a PCG meeting[\s\S]*hint:/)
    const none = form(['pcg-agenda', '--as-of', '2026-07-01', '-o', 'x.pdf'])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/NO_PLANNED_MEETING no PCG meeting is planned on or after 2026-07-01/)
    expect(fs.existsSync(path.join(out, 'x.pdf'))).toBe(false)
  })
})

describe('meeting values reach output only through the privacy gate', () => {
  // An action in another meeting owned by someone who is no partner; a location and a presenter naming a person.
  let root: string
  let out: string
  beforeAll(() => {
    root = committedGovernanceSite(env, {
      'meetings/2026/pcg-2026-04-08.yaml': fs.readFileSync(path.join(site, 'meetings/2026/pcg-2026-04-08.yaml'), 'utf8').replace('owner: cm', 'owner: quixote-alvarez'),
      'meetings/2026/pcg-2026-06-10.yaml': fs.readFileSync(path.join(site, 'meetings/2026/pcg-2026-06-10.yaml'), 'utf8').replace('presenter: cm}]', 'presenter: cornelius-vandergriff}]\nlocation: Home of Cornelius Vandergriff'),
    })
    out = fs.mkdtempSync(path.join(root, '..', 'forms-'))
  })
  const hostile = /quixote|alvarez|cornelius|vandergriff/i

  it('an action owner that is no partner: lead meeting actions, lead status, agenda --json', () => {
    const a = json(['meeting', 'actions', '--as-of', '2026-05-05'], root)
    expect(a.owners.map((o: {owner: string}) => o.owner)).toEqual(['(not declared)', 'pd'])
    for (const args of [['meeting', 'actions'], ['status'], ['meeting', 'agenda', '--body', 'pcg']]) {
      const text = runLead([...args, '--as-of', '2026-05-05'], {cwd: root, env: {...env, NO_COLOR: '1'}})
      expect(text.stdout, args.join(' ')).not.toMatch(hostile)
      expect(lead([...args, '--as-of', '2026-05-05', '--json'], root).stdout, args.join(' ')).not.toMatch(hostile)
    }
    expect(json(['status', '--as-of', '2026-05-05'], root).meetings.overdueActions).toEqual([{meeting: 'pcg-2026-04-08', number: 1, owner: '(not declared)', due: '2026-05-01', daysOverdue: 4}])
  })

  it('a location and a presenter naming a person: agenda text and JSON, status --json, list meeting', () => {
    const text = runLead(['meeting', 'agenda', '--body', 'pcg', '--as-of', '2026-05-05'], {cwd: root, env: {...env, NO_COLOR: '1'}})
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toContain('pcg-2026-06-10 (planned) · (not shown: it looks like it holds an identifier)')
    expect(text.stdout).toContain('1. Protocol version 3 (presenter not declared)')
    expect(text.stdout).not.toMatch(hostile)
    const a = json(['meeting', 'agenda', '--body', 'pcg', '--as-of', '2026-05-05'], root)
    expect(a.meeting.agenda).toEqual([{title: 'Protocol version 3', presenter: '(not declared)'}])
    expect(JSON.stringify(a)).not.toMatch(hostile)
    expect(lead(['status', '--as-of', '2026-05-05', '--json'], root).stdout).not.toMatch(hostile)
    const list = lead(['list', 'meeting'], root)
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toContain('pcg-2026-06-10')
    expect(list.stdout).not.toMatch(hostile)
  })

  it('the PCG agenda form prints no owner of an action from a meeting it does not validate', () => {
    // The form validates the meeting it prints (here without the unknown presenter), not the one the action comes from.
    fs.writeFileSync(path.join(root, 'meetings/2026/pcg-2026-06-10.yaml'), fs.readFileSync(path.join(site, 'meetings/2026/pcg-2026-06-10.yaml'), 'utf8'))
    const r = runLead(['form', 'pcg-agenda', 'pcg-2026-06-10', '-o', 'agenda.html', '-C', root], {cwd: out, env})
    expect(r.code, r.stderr).toBe(0)
    const h = fs.readFileSync(path.join(out, 'agenda.html'), 'utf8')
    expect(h).toContain('<td>(not declared)</td>')
    expect(h).not.toMatch(hostile)
  })
})

describe('the example site', () => {
  it('meeting comments hold no escaped backticks', () => {
    const dir = path.join(REPO_ROOT, 'fixtures/example-site/meetings/2026')
    for (const f of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, f), 'utf8'), f).not.toContain('\\`')
  })
})
