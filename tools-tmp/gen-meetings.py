import datetime, os, zlib, yaml, glob
ROOT = 'fixtures/example-site'
D = datetime.date.fromisoformat

refs = [yaml.safe_load(open(f)) for f in glob.glob(f'{ROOT}/referrals/*/*.yaml')]
cons = [yaml.safe_load(open(f)) for f in glob.glob(f'{ROOT}/consents/*.yaml')]
for r in refs: r['rdate'] = r['received'][:10]  # local dates in the fixture carry the local offset

def open_on(r, date):
    if r['rdate'] > date: return False
    if r['status'] == 'closed': return r.get('closed') is not None and r['closed'] > date
    if r['status'] in ('received', 'eligible', 'enrolled'): return r.get('closed') is None or r['closed'] > date
    return False

def consents_in_effect(p, date):
    return [c for c in cons if c['participant'] == p and c['signed'] <= date and (c.get('revoked') is None or c['revoked'] > date) and (c.get('expires') is None or c['expires'] >= date)]

def h(*xs): return zlib.crc32('|'.join(map(str, xs)).encode())

CM = {'Casey Ruiz', 'Jordan Lee', 'Avery Moreno', 'Sam Whitfield'}
TOPICS = ['engagement', 'housing', 'treatment', 'health', 'benefits', 'id_documents', 'employment', 'court_case']
STEPS = [
    ('Case manager to accompany to the housing intake.', None),
    ('Defender to ask for a continuance of the pending case.', 'harbor-public-defense'),
    ('Liaison prosecutor to check for open warrants before the next meeting.', 'harbor-county-prosecutor'),
    ('Case manager to help replace the lost state ID.', None),
    ('Tidewater to offer a same-week assessment.', 'tidewater-behavioral-health'),
    ('Case manager to set up weekly check-ins at the day center.', None),
    ('Revisit at the next meeting.', None),
    ('Case manager to follow up on the benefits application.', None),
]
NOTES = [
    'Engaged; attending weekly appointments.',
    'Missed two appointments; case manager keeps trying at the usual places.',
    'Moved into transitional housing last week.',
    'Started outpatient treatment.',
    None, None,
]

LAST_DISCUSSED = {}

def q(s): return '"' + s + '"'

def owg(date, idx, cancelled=False):
    ds = date.isoformat()
    lines = ['# An Operational Work Group meeting: participants are discussed by pseudonymous code only.',
             '# Never add names, birth dates, phone numbers or addresses.', '',
             f'id: owg-{ds}', 'body: owg', f'date: {q(ds)}', f'status: {"cancelled" if cancelled else "held"}',
             'time: {from: "14:00", to: "15:30"}', 'location: Evergreen Case Management, conference room']
    if cancelled:
        lines.append('notes: Cancelled for the holidays; urgent cases went to the case-management supervisor.')
        return '\n'.join(lines) + '\n'
    table = [('harbor-lead-pm', 'Morgan Tate'), ('evergreen-case-management', 'Casey Ruiz')]
    # the case managers of the participants discussed come too (added below)
    table += [('harbor-county-prosecutor', 'Deputy Prosecutor Alan Whitcomb'), ('harbor-public-defense', 'Nora Eastman'),
              ('harbor-pd', 'Sgt. Marcus Bell' if idx % 3 else 'Lt. Renee Alvarado')]
    if idx % 4 == 1: table.append(('harbor-county-sheriff', 'Sgt. Colleen Byrne'))
    if idx % 3 == 2: table.append(('harbor-housing-coalition', 'Deb Okonkwo'))
    if idx % 2 == 0: table.append(('tidewater-behavioral-health', 'Dr. Ines Carvalho'))
    partners_at_table = []
    for p, _ in table:
        if p not in partners_at_table: partners_at_table.append(p)
    # candidates: open referral and a consent in effect; newest first, rotated so everyone comes up
    cands = {}
    for r in sorted(refs, key=lambda r: r['received']):
        if open_on(r, ds) and consents_in_effect(r['participant'], ds):
            cands[r['participant']] = r
    # the OWG rotates: whoever was discussed longest ago (or never) comes up first
    ordered = sorted(cands.values(), key=lambda r: (LAST_DISCUSSED.get(r['participant'], '0000'), h(r['participant'], idx) % 7))
    chosen = ordered[:4 + idx % 2]
    for r in chosen: LAST_DISCUSSED[r['participant']] = ds
    chosen.sort(key=lambda r: r['received'])
    cms = []
    for r in chosen:
        cm = (r.get('handoff') or {}).get('case_manager')
        if cm in CM and cm != 'Casey Ruiz' and cm not in cms: cms.append(cm)
    attendees = table[:2] + [('evergreen-case-management', cm) for cm in cms] + table[2:]
    lines.append('attendees:')
    for p, n in attendees: lines.append(f'  - {{partner: {p}, name: {n}}}')
    if chosen:
        lines.append('case_conferences:')
        for r in chosen:
            p = r['participant']
            covered = set()
            for c in consents_in_effect(p, ds): covered |= set(c['disclosers']) | set(c['recipients'])
            excused = [x for x in partners_at_table if x not in covered]
            k = h(p, ds)
            topics = sorted({TOPICS[k % 8], TOPICS[(k // 8) % 8]}, key=TOPICS.index)
            if r['status'] in ('received', 'eligible'): topics = ['engagement'] + [t for t in topics if t != 'engagement'][:1]
            last = (date - datetime.timedelta(days=2 + k % 8)).isoformat()
            lines.append(f'  - participant: {p}')
            lines.append(f'    topics: [{", ".join(topics)}]')
            lines.append(f'    last_contact: {q(last)}')
            if excused: lines.append(f'    excused: [{", ".join(excused)}]')
            allowed = [t for t, who in STEPS if who is None or (who in partners_at_table and who not in excused)]
            steps = [allowed[k % len(allowed)]]
            if k % 3 == 0: steps.append(allowed[(k // 5) % len(allowed)])
            steps = list(dict.fromkeys(steps))
            lines.append('    next_steps:')
            for s in steps: lines.append(f'      - {s}')
            note = NOTES[(k // 7) % len(NOTES)]
            if note and r['status'] == 'enrolled': lines.append(f'    notes: {note}')
    extra = OWG_EXTRA.get(ds)
    if extra: lines.append(extra.rstrip('\n'))
    return '\n'.join(lines) + '\n'

OWG_EXTRA = {
 '2026-01-27': '''decisions:
  - kind: other
    text: Recommend protocol version 2 to the PCG for adoption, with the 30-day intake window and the North County zone.
    outcome: consensus
actions:
  - {text: Send the OWG's draft of protocol version 2 to the PCG members., owner: harbor-lead-pm, due: "2026-02-04", done: "2026-02-03"}
''',
 '2026-02-24': '''actions:
  - {text: Prepare the roll-call briefing on protocol version 2 for the downtown shifts., owner: harbor-pd, due: "2026-03-06", done: "2026-03-04"}
  - {text: Brief North Precinct deputies on the new North County zone., owner: harbor-county-sheriff, due: "2026-03-13", done: "2026-03-12"}
''',
 '2026-09-08': '''decisions:
  - kind: other
    text: Draft Saturday night case-manager coverage for protocol version 3, as the PCG asked in August.
    outcome: consensus
actions:
  - {text: Write up the Saturday night coverage options for the OWG., owner: evergreen-case-management, due: "2026-10-06", done: "2026-10-05"}
''',
 '2026-11-17': '''actions:
  - {text: Confirm the holiday on-call rota for the LEAD line., owner: evergreen-case-management, due: "2026-12-15"}
''',
}

os.makedirs(f'{ROOT}/meetings/2025', exist_ok=True)
os.makedirs(f'{ROOT}/meetings/2026', exist_ok=True)
d = D('2025-12-02'); idx = 0
while d <= D('2026-11-17'):
    text = owg(d, idx, cancelled=(d.isoformat() == '2025-12-30'))
    open(f'{ROOT}/meetings/{d.year}/owg-{d.isoformat()}.yaml', 'w').write(text)
    d += datetime.timedelta(days=14); idx += 1
open(f'{ROOT}/meetings/2026/owg-2026-12-01.yaml', 'w').write('''# An Operational Work Group meeting: participants are discussed by pseudonymous code only.
# Never add names, birth dates, phone numbers or addresses. \`lead meeting agenda --body owg\`
# lists who to discuss; \`lead form case-conference owg-2026-12-01\` prints the sheet.

id: owg-2026-12-01
body: owg
date: "2026-12-01"
status: planned
time: {from: "14:00", to: "15:30"}
location: Evergreen Case Management, conference room
''')
