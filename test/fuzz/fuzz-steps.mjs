/**
 * The cache fuzzer's steps (cache-differential.mjs): each kind plans a concrete step from the site
 * as it is (every random choice made, so a list of steps can be run again and cut down), performs
 * it, and says what it did.
 */
import fs from 'node:fs'
import path from 'node:path'
import {COMMANDS, EXAMPLE_DAY, coldCopy, git, idOf, lead, leadAsync, makeEnv, pad, randomCode, randomParticipant, recordFiles, writeBothWays, writeResult} from './fuzz-site.mjs'

const AS_OF_DAYS = [undefined, undefined, EXAMPLE_DAY, '2026-12-01', '2027-02-15', '2026-06-30']
const RULE_CODES = ['INTAKE_OVERDUE', 'CONSENT_EXPIRED', 'UNKNOWN_CONSENT', 'PREVIOUS_OTHER_PARTICIPANT', 'CONSENT_OTHER_PARTICIPANT', 'UNKNOWN_REFERRAL', 'MEETING_NOT_RECORDED', 'REFERRER_UNTRAINED']

/** The step kinds: each plans a concrete step (all its random choices made) from the site as it is. */
const PLANNERS = {
  setReferral(rng, site) {
    const refs = recordFiles(site, 'referrals')
    if (!refs.length) return undefined
    const id = idOf(rng.pick(refs))
    const consents = recordFiles(site, 'consents').map(idOf)
    const choice = rng.int(9)
    const value = [
      () => `notes=${rng.pick(['Seen at the drop-in', 'Moved to the north shelter', 'x'.repeat(rng.int(40) + 1), 'Call back Tuesday'])}`,
      () => `district=${rng.pick(['D1', 'D2', 'D3', 'D4', 'D5', 'ZZ'])}`,
      () => `catchment=${rng.pick(['downtown', 'waterfront', 'north-county', 'moon'])}`,
      () => `consent=${rng.chance(0.8) && consents.length ? rng.pick(consents) : 'c-2026-01-01-zzzzzz'}`,
      () => `participant=${rng.chance(0.5) ? 'P-RJMKB0' : randomParticipant(rng)}`,
      () => `previous=${rng.chance(0.8) ? idOf(rng.pick(refs)) : 'r-2020-01-01-aaaaaa'}`,
      () => `status=${rng.pick(['received', 'eligible', 'enrolled', 'declined', 'closed', 'bogus'])}`,
      () => `handoff.case_manager=${rng.pick(['Sam Whitfield', 'Ana Ortiz'])}`,
      () => `received=2026-${pad(rng.int(11) + 1)}-${pad(rng.int(27) + 1)} 09:15`,
    ][choice]()
    const unset = rng.chance(0.1) ? rng.pick(['previous', 'consent', 'notes']) : undefined
    return {kind: 'setReferral', compareWrite: rng.chance(0.5), args: ['set', 'referral', id, value, ...(unset ? ['--unset', unset] : []), ...(rng.chance(0.15) ? ['--no-commit'] : [])]}
  },
  setConsent(rng, site) {
    const files = recordFiles(site, 'consents')
    if (!files.length) return undefined
    const id = idOf(rng.pick(files))
    const value = rng.pick([
      () => `expires=${rng.pick(['2026-06-03', '2027-06-03', '2026-11-30', '2025-01-01'])}`,
      () => `signed=${rng.pick(['2025-06-03', '2026-11-28', '2026-12-20'])}`,
      () => `participant=${rng.chance(0.5) ? 'P-RJMKB0' : randomParticipant(rng)}`,
      () => `revoked=${rng.pick(['2026-07-01', '2026-12-01'])}`,
      () => `witness=${rng.pick(['Casey Ruiz', 'Lee Park'])}`,
    ])()
    return {kind: 'setConsent', compareWrite: rng.chance(0.5), args: ['set', 'consent', id, value]}
  },
  newReferral(rng, site) {
    const refs = recordFiles(site, 'referrals')
    if (!refs.length) return undefined
    let text = fs.readFileSync(path.join(site, rng.pick(refs)), 'utf8')
    text = text.replace(/^id: .*\n/m, '').replace(/^received: .*$/m, `received: "2026-${pad(rng.int(11) + 1)}-${pad(rng.int(27) + 1)}T${pad(rng.int(14) + 7)}:00:00-08:00"`)
    if (rng.chance(0.5)) text = text.replace(/^participant: .*$/m, `participant: ${randomParticipant(rng)}`)
    if (rng.chance(0.3)) text = text.replace(/^previous: .*\n/m, '')
    if (rng.chance(0.15)) text = text.replace(/^status: .*$/m, 'status: nonsense')
    return {kind: 'newReferral', text, commit: rng.chance(0.8)}
  },
  handEdit(rng, site) {
    const files = [...recordFiles(site, 'referrals'), ...recordFiles(site, 'consents'), ...(rng.chance(0.2) ? recordFiles(site, 'protocols') : [])]
    if (!files.length) return undefined
    const file = rng.pick(files)
    const edits = [
      // same size: a district digit, a status of the same length, a participant's code letter
      () => ({from: /^district: D(\d)$/m, to: `district: D${rng.int(5) + 1}`}),
      () => ({from: /^participant: P-([0-9A-Z]{6})$/m, to: `participant: ${randomParticipant(rng)}`}),
      () => ({from: /^status: received$/m, to: 'status: eligible'}),
      () => ({from: /^status: eligible$/m, to: 'status: received'}),
      () => ({from: /^consent: c-.*$/m, to: `consent: ${idOf(rng.pick(recordFiles(site, 'consents').concat(['consents/c-2026-01-01-zzzzzz.yaml'])))}`}),
      () => ({from: /^previous: r-.*$/m, to: `previous: ${idOf(rng.pick(recordFiles(site, 'referrals')))}`}),
      () => ({append: `previous: ${idOf(rng.pick(recordFiles(site, 'referrals')))}\n`}),
      () => ({append: `consent: ${idOf(rng.pick(recordFiles(site, 'consents').concat(['consents/c-2026-01-01-zzzzzz.yaml'])))}\n`}),
      () => ({append: 'bogus_field: 1\n'}),
      () => ({append: 'status: [unclosed\n'}),
      () => ({from: /^expires: "(\d{4})/m, to: `expires: "${rng.pick(['2025', '2026', '2027'])}`}),
      () => ({from: /^signed: "(\d{4})/m, to: `signed: "${rng.pick(['2025', '2026', '2027'])}`}),
      () => ({from: /^id: .*$/m, to: `id: ${idOf(file).slice(0, -1)}${rng.pick('abc'.split(''))}`}),
      () => ({append: '\t\n'}),
      () => ({from: /^notes: .*$/m, to: 'notes: Met with John Smith at 12 Main Street'}),
    ]
    const edit = rng.pick(edits)()
    const racy = rng.chance(0.4)
    return {kind: 'handEdit', file, ...edit, from: edit.from?.source, racy}
  },
  removeOrRename(rng, site) {
    const files = [...recordFiles(site, 'referrals'), ...recordFiles(site, 'consents')]
    if (files.length < 5) return undefined
    const file = rng.pick(files)
    const op = rng.pick(['delete', 'rename', 'copy', 'copyAs', 'rename', 'copy', 'link', 'garble'])
    const dir = path.dirname(file)
    const other = file.startsWith('referrals/2025') ? 'referrals/2026' : file.startsWith('referrals/') ? 'referrals/2025' : 'referrals/2026'
    const to = rng.pick([
      () => path.join(dir, `${idOf(file).slice(0, -6)}${randomCode(rng, 6)}.yaml`), // another ID
      () => path.join(dir, `${idOf(file).slice(0, -6)}${randomCode(rng, 6)}.yaml`),
      () => path.join(dir, `${idOf(file)}${rng.pick(['.bak', '-copy.yaml', '.YAML'])}`), // no record's name
      () => path.join(dir, `${idOf(file).slice(0, -2).toUpperCase()}${idOf(file).slice(-2)}.yaml`), // a name folding to its own
      () => path.join(other, path.basename(file)), // the same ID in another folder
      () => path.join(dir, `${idOf(file).slice(0, -1)}é.yaml`), // outside ASCII
      () => path.join(rng.pick(['referrals/2027', 'referrals/misc', 'consents/old', 'meetings/2026']), path.basename(file)), // a folder of its own
    ])()
    const garble = rng.pick(['empty', 'binary', 'latin1', 'large', 'dupkey', 'bom', 'crlf'])
    return {kind: 'fileOp', op, file, to, garble}
  },
  gitOp(rng) {
    const op = rng.pick(['commitAll', 'commitAll', 'commitStaged', 'addSome', 'addSome', 'stash', 'stashPop', 'branch', 'switchBack', 'resetHard', 'restoreOne', 'resetSoft', 'amend', 'rmCached', 'orphan', 'merge', 'hooks'])
    return {kind: 'git', op, compareWrite: ['commitAll', 'commitStaged', 'amend'].includes(op) && rng.chance(0.6)}
  },
  leadYaml(rng) {
    return {kind: 'leadYaml', op: rng.pick(['regrade', 'regrade', 'drop']), code: rng.pick(RULE_CODES), severity: rng.pick(['warning', 'error', 'off']), commit: rng.chance(0.5)}
  },
  /** The site's context: protocols, rosters, trainings, partners, meetings, lead.yaml's zone and vocabulary. */
  contextEdit(rng, site) {
    const pickIn = (folder) => recordFiles(site, folder)[0] && rng.pick(recordFiles(site, folder))
    const edits = [
      () => ({file: pickIn('protocols'), from: '^intake_deadline_days: \\d+$', to: `intake_deadline_days: ${rng.pick([10, 30, 90])}`}),
      () => ({file: pickIn('protocols'), from: '^effective: \\{from: "(\\d{4})', to: `effective: {from: "${rng.pick(['2025', '2026'])}`}),
      () => ({file: pickIn('protocols'), from: '^    districts: \\[D1, D2\\]$', to: `    districts: [${rng.pick(['D1', 'D2', 'D4'])}]`}),
      () => ({file: pickIn('rosters'), from: '^    status: active$', to: `    status: ${rng.pick(['on_leave', 'inactive'])}`}),
      () => ({file: pickIn('trainings'), from: '^  - \\{badge: "(\\d{4})"\\}$', to: `  - {badge: "${rng.pick(['0139', '0356', '9999'])}"}`}),
      () => ({file: pickIn('trainings'), from: '^date: "(\\d{4})', to: `date: "${rng.pick(['2024', '2025', '2026'])}`}),
      () => ({file: 'lead.yaml', from: '^  timezone: .*$', to: `  timezone: ${rng.pick(['America/Los_Angeles', 'America/New_York', 'Pacific/Auckland'])}`}),
      () => ({file: 'lead.yaml', from: '^  districts: .*$', to: `  districts: [${rng.pick(['D1, D2, D3, D4, D5, "N", S', 'D1, D2, D3', 'D1, D2, D3, D4, D5, "N", S, D9'])}]`}),
      () => ({file: 'lead.yaml', from: '^    valid_months: 24$', to: `    valid_months: ${rng.pick([1, 6, 24])}`}),
      () => ({file: pickIn('meetings'), from: '^date: "(\\d{4})', to: `date: "${rng.pick(['2025', '2026', '2027'])}`}),
      () => ({file: `.lead/schemas/${rng.pick(['referral', 'consent', 'lead'])}.schema.json`, append: ' '}), // the site's copies of the schemas
    ]
    const edit = rng.pick(edits)()
    if (!edit.file) return undefined
    return {kind: 'handEdit', ...edit, racy: rng.chance(0.3)}
  },
  /** git told not to look (assume-unchanged, skip-worktree), or git converting line ends. */
  gitFlags(rng, site) {
    const files = recordFiles(site, 'referrals')
    if (!files.length) return undefined
    return {kind: 'gitFlags', file: rng.pick(files), op: rng.pick(['assume-unchanged', 'skip-worktree', 'no-assume-unchanged', 'crlf', 'no-crlf'])}
  },
  /** Files that are no records where records are (an editor's leftovers, notes), and .gitignore lines over them. */
  strayFile(rng, site) {
    const dirs = ['referrals/2026', 'consents', 'protocols', 'referrals/2025']
    const names = ['notes.txt', '.DS_Store', 'r-2026-01-01-aaaaaa.yaml~', '.r-2026-11-22-6aa27b.yaml.swp', 'draft.yml', 'r-2026-12-01-zzzzzz.yaml']
    if (rng.chance(0.4)) return {kind: 'gitignore', line: rng.pick(['*.txt', '*.yml', '*~', 'r-2026-12-*', '*-copy.yaml', '*.bak']), add: rng.chance(0.6)}
    return {kind: 'strayFile', file: path.join(rng.pick(dirs), rng.pick(names)), remove: rng.chance(0.3)}
  },
  /** A read while a file changes under it: a same-size edit, its mtime put back, some ms into the run. */
  editDuringRead(rng, site) {
    const edit = PLANNERS.handEdit(rng, site)
    if (!edit) return undefined
    // the run: a read, or a write (of the file edited, or another)
    const write = rng.chance(0.4) ? PLANNERS.setReferral(rng, site)?.args : undefined
    const same = write && edit.file.startsWith('referrals/') && rng.chance(0.5) ? [...write.slice(0, 2), idOf(edit.file), ...write.slice(3)] : write
    return {...edit, kind: 'editDuringRead', racy: true, read: same ?? rng.pick(['validate', 'status', 'report', 'list']), delay: rng.int(same ? 900 : 400)}
  },
  /** A lead run, then at once (the same second) a same-size edit of a file it read or wrote, its mtime put back. */
  runThenEdit(rng, site) {
    const set = PLANNERS.setReferral(rng, site)
    if (!set) return undefined
    const id = set.args[2]
    const file = recordFiles(site, 'referrals').find((f) => idOf(f) === id)
    if (!file) return undefined
    const run = rng.chance(0.5) ? set.args : rng.pick([['validate'], ['status'], ['list', 'referral', '--limit', '2'], ['report', 'referrals']])
    const edit = rng.pick([
      {from: '^district: D(\\d)$', to: `district: D${rng.int(5) + 1}`},
      {from: '^status: (received|eligible|enrolled)$', to: `status: ${rng.pick(['received', 'eligible', 'enrolled'])}`},
      {from: '^participant: P-([0-9A-Z]{6})$', to: `participant: ${randomParticipant(rng)}`},
      {from: '^catchment: (downtown)$', to: 'catchment: upriver!'},
    ])
    return {kind: 'runThenEdit', run, file, ...edit, racy: true, again: rng.chance(0.5)}
  },
  /** The clock moves on some days: "today" of every later command (both sides) is another day. */
  nextDay(rng) {
    return {kind: 'nextDay', days: rng.pick([1, 1, 2, 30, 90])}
  },
  concurrent(rng, site) {
    const a = PLANNERS.setReferral(rng, site)
    const reads = [['validate', '--json'], ['status', '--json'], ['report', 'referrals', '--json'], ['list', 'referral', '--json']]
    const second = rng.chance(0.5) ? PLANNERS.setReferral(rng, site)?.args : rng.pick(reads)
    if (!a || !second) return undefined
    // sometimes a storm: up to four at once, each saving what it learnt into the same files
    const more = Array.from({length: rng.chance(0.3) ? rng.int(3) : 0}, () => (rng.chance(0.5) ? PLANNERS.setReferral(rng, site)?.args : undefined) ?? rng.pick(reads))
    return {kind: 'concurrent', runs: [rng.chance(0.6) ? a.args : rng.pick(reads), second, ...more]}
  },
}

const WEIGHTS = [['setReferral', 6], ['setConsent', 2], ['newReferral', 2], ['handEdit', 7], ['removeOrRename', 4], ['gitOp', 4], ['leadYaml', 2], ['concurrent', 2], ['editDuringRead', 2], ['nextDay', 1], ['contextEdit', 3], ['gitFlags', 1], ['strayFile', 2], ['runThenEdit', 3]]

export function planStep(rng, site) {
  for (;;) {
    let n = rng.int(WEIGHTS.reduce((s, [, w]) => s + w, 0))
    const [kind] = WEIGHTS.find(([, w]) => (n -= w) < 0)
    const step = PLANNERS[kind](rng, site)
    if (!step) continue
    // what is asked after it: some steps are checked, in a random order, under one --as-of
    step.check = rng.chance(0.7)
    step.asOf = rng.pick(AS_OF_DAYS)
    // the four everyday reads, and sometimes one of the others that read through the caches
    const refs = recordFiles(site, 'referrals')
    step.record = refs.length ? idOf(rng.pick(refs)) : undefined
    const extra = rng.chance(0.35) ? [rng.pick(['staged', 'since', 'show', 'check', 'trainingStatus'])] : []
    step.order = shuffle(rng, ['validate', 'status', 'report', 'list', ...extra])
    step.by = rng.pick(['month', 'month', 'pathway', 'district', 'officer', 'week'])
    step.list = rng.pick([['referral'], ['referral'], ['referral', '--limit', '3'], ['consent'], ['referral', '--where', 'status=enrolled', '--sort', '-received']])
    return step
  }
}

function shuffle(rng, xs) {
  const a = [...xs]
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    ;[a[i], a[j]] = [a[j], a[i]]
  }
  return a
}

/** Writes `text` to a file; `racy` keeps its size-equal edit within one second and puts its times back. */
function writeFile(abs, text, racy) {
  const st = fs.statSync(abs)
  fs.writeFileSync(abs, text)
  if (racy) fs.utimesSync(abs, st.atime, st.mtime)
}

/** Performs a step; a step that no longer applies (its file gone) does nothing. Never throws. */
export async function applyStep(step, site, state, work) {
  const env = state.env
  switch (step.kind) {
    case 'runThenEdit':
      lead(site, step.run, env)
      await applyStep({...step, kind: 'handEdit'}, site, state, work)
      if (step.again) lead(site, step.run[0] === 'set' ? ['validate'] : step.run, env) // and read at once, in the same second or the next
      return
    case 'nextDay':
      state.days += step.days
      state.env = makeEnv(work, state.days)
      return
    case 'editDuringRead': {
      const reading = leadAsync(site, Array.isArray(step.read) ? step.read : COMMANDS[step.read]({}), env)
      await new Promise((resolve) => setTimeout(resolve, step.delay))
      await applyStep({...step, kind: 'handEdit'}, site, state, work)
      await reading
      return
    }
    case 'setReferral':
    case 'setConsent':
      return writeBothWays(step, site, env, work)
    case 'newReferral': {
      const f = path.join(work, 'new-referral.yaml')
      fs.writeFileSync(f, step.text)
      lead(site, ['new', 'referral', '--file', f, ...(step.commit ? [] : ['--no-commit'])], env)
      return
    }
    case 'handEdit': {
      const abs = path.join(site, step.file)
      if (!fs.existsSync(abs)) return
      const text = fs.readFileSync(abs, 'utf8')
      const next = step.append !== undefined ? text + step.append : text.replace(new RegExp(step.from, 'm'), step.to)
      if (next !== text) writeFile(abs, next, step.racy && next.length === text.length)
      return
    }
    case 'fileOp': {
      const from = path.join(site, step.file)
      if (!fs.existsSync(from)) return
      const to = path.join(site, step.to)
      if (step.op === 'delete') fs.rmSync(from)
      else if (step.op === 'garble') garble(from, step.garble)
      else if (fs.existsSync(to)) return
      else {
        fs.mkdirSync(path.dirname(to), {recursive: true})
        if (step.op === 'rename') fs.renameSync(from, to)
        else if (step.op === 'link') fs.symlinkSync(path.relative(path.dirname(to), from), to)
        else fs.copyFileSync(from, to)
      }
      return
    }
    case 'git': {
      // a commit is also made on a cold copy: lead's hooks (once installed) judge it with and without caches
      if (!step.compareWrite) return void gitStep(step.op, site, env)
      const cold = coldCopy(site, work)
      const warm = writeResult(site, {code: gitStep(step.op, site, env) ?? 0, stdout: ''}, env)
      const c = writeResult(cold, {code: gitStep(step.op, cold, env) ?? 0, stdout: ''}, env)
      return c.code === warm.code && c.stdout === warm.stdout ? [] : [{command: `git ${step.op}`, warm, cold: c}]
    }
    case 'strayFile': {
      const abs = path.join(site, step.file)
      if (step.remove) fs.rmSync(abs, {force: true})
      else if (fs.existsSync(path.dirname(abs))) fs.writeFileSync(abs, step.file.endsWith('.yaml') ? 'id: r-2026-12-01-zzzzzz\npathway: community\n' : 'stray\n')
      return
    }
    case 'gitignore': {
      const abs = path.join(site, '.gitignore')
      const lines = (fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : '').split('\n').filter((l) => l && l !== step.line)
      fs.writeFileSync(abs, [...lines, ...(step.add ? [step.line] : [])].join('\n') + '\n')
      return
    }
    case 'gitFlags':
      if (step.op === 'crlf') fs.writeFileSync(path.join(site, '.gitattributes'), '*.yaml text eol=crlf\n')
      else if (step.op === 'no-crlf') fs.rmSync(path.join(site, '.gitattributes'), {force: true})
      else git(site, ['update-index', `--${step.op}`, '--', step.file], env)
      return
    case 'leadYaml': {
      const abs = path.join(site, 'lead.yaml')
      let text = fs.readFileSync(abs, 'utf8').replace(/\nrules:\n(  .*\n)*/, '\n')
      if (step.op === 'regrade') text += `rules:\n  ${step.code}: ${step.severity}\n`
      fs.writeFileSync(abs, text)
      if (step.commit) {
        git(site, ['add', 'lead.yaml'], env)
        git(site, ['commit', '-qm', 'lead.yaml: rules'], env)
      }
      return
    }
    case 'concurrent':
      await Promise.all(step.runs.map((args) => leadAsync(site, args, env)))
      return
  }
}

/** A record's bytes made unreadable or odd in one of the ways a reader must survive. */
function garble(abs, how) {
  const text = fs.readFileSync(abs, 'utf8')
  const bytes = {
    empty: () => Buffer.alloc(0),
    binary: () => Buffer.from([0, 1, 2, 255, 0, 10]),
    latin1: () => Buffer.concat([Buffer.from(text), Buffer.from([0x6e, 0x6f, 0x74, 0x65, 0x73, 0x3a, 0x20, 0xe9, 0x0a])]),
    large: () => Buffer.from(text + `notes: ${'a'.repeat(300_000)}\n`),
    dupkey: () => Buffer.from(text + text.match(/^id: .*$/m)?.[0] + '\n'),
    bom: () => Buffer.from('\ufeff' + text),
    crlf: () => Buffer.from(text.replace(/\n/g, '\r\n')),
  }[how]()
  fs.writeFileSync(abs, bytes)
}

function gitStep(op, site, env) {
  const dirty = git(site, ['status', '--porcelain', '-uall'], env).stdout.split('\n').filter(Boolean)
  switch (op) {
    case 'commitAll':
      git(site, ['add', '-A'], env)
      return git(site, ['commit', '-qm', 'fuzz: commit all'], env).code
    case 'commitStaged':
      return git(site, ['commit', '-qm', 'fuzz: commit what is staged'], env).code
    case 'hooks':
      return lead(site, ['hooks', 'install'], env).code
    case 'addSome':
      for (const line of dirty.filter((_, i) => i % 2 === 0)) git(site, ['add', '-A', '--', line.slice(3)], env)
      return
    case 'stash':
      git(site, ['stash', '-u', '-q'], env)
      return
    case 'stashPop':
      git(site, ['stash', 'pop', '-q'], env)
      return
    case 'branch': {
      const name = `b${git(site, ['rev-list', '--count', 'HEAD'], env).stdout.trim()}-${dirty.length}`
      if (git(site, ['checkout', '-q', '-b', name], env).code !== 0) return
      git(site, ['add', '-A'], env)
      git(site, ['commit', '-qm', 'fuzz: on a branch'], env)
      return
    }
    case 'switchBack':
      git(site, ['checkout', '-q', 'main'], env)
      return
    case 'resetHard':
      if (Number(git(site, ['rev-list', '--count', 'HEAD'], env).stdout) > 1) git(site, ['reset', '-q', '--hard', 'HEAD~1'], env)
      return
    case 'resetSoft':
      if (Number(git(site, ['rev-list', '--count', 'HEAD'], env).stdout) > 1) git(site, ['reset', '-q', '--soft', 'HEAD~1'], env)
      return
    case 'amend':
      return git(site, ['commit', '-q', '-a', '--amend', '--no-edit'], env).code
    case 'rmCached': {
      const tracked = git(site, ['ls-files', 'referrals'], env).stdout.split('\n').filter(Boolean)
      if (tracked.length) git(site, ['rm', '-q', '--cached', '--', tracked[dirty.length % tracked.length]], env)
      return
    }
    case 'orphan':
      git(site, ['checkout', '-q', '--orphan', `o${dirty.length}`], env)
      return
    case 'merge': {
      const other = git(site, ['for-each-ref', '--format=%(refname:short)', 'refs/heads'], env).stdout.split('\n').filter((b) => b && b !== 'main')
      if (other.length) git(site, ['merge', '-q', '--no-edit', other[0]], env)
      return
    }
    case 'restoreOne': {
      const tracked = dirty.find((l) => l.startsWith(' M') || l.startsWith(' D'))
      if (tracked) git(site, ['checkout', '-q', 'HEAD', '--', tracked.slice(3)], env)
    }
  }
}

export function describe(step) {
  switch (step.kind) {
    case 'setReferral':
    case 'setConsent':
      return `lead ${step.args.join(' ')}`
    case 'newReferral':
      return `lead new referral --file F${step.commit ? '' : ' --no-commit'}`
    case 'handEdit':
      return `edit ${step.file}: ${step.append !== undefined ? `append ${JSON.stringify(step.append)}` : `${step.from} → ${step.to}`}${step.racy ? ' (racy)' : ''}`
    case 'fileOp':
      return `${step.op} ${step.file}${step.op === 'delete' ? '' : step.op === 'garble' ? ` (${step.garble})` : ` → ${step.to}`}`
    case 'git':
      return `git ${step.op}`
    case 'leadYaml':
      return `lead.yaml ${step.op === 'drop' ? 'rules dropped' : `rules: ${step.code}: ${step.severity}`}${step.commit ? ' (committed)' : ''}`
    case 'editDuringRead':
      return `lead ${Array.isArray(step.read) ? step.read.join(' ') : step.read} while ${step.file} is edited after ${step.delay} ms: ${step.append !== undefined ? `append ${JSON.stringify(step.append)}` : `${step.from} → ${step.to}`}`
    case 'strayFile':
      return `${step.remove ? 'remove' : 'write'} ${step.file}`
    case 'gitignore':
      return `.gitignore ${step.add ? '+' : '-'} ${step.line}`
    case 'gitFlags':
      return step.op.endsWith('crlf') ? `.gitattributes ${step.op}` : `git update-index --${step.op} ${step.file}`
    case 'runThenEdit':
      return `lead ${step.run.join(' ')}, then at once ${step.file}: ${step.from} → ${step.to} (racy)${step.again ? ', read again' : ''}`
    case 'nextDay':
      return `clock +${step.days} days`
    case 'concurrent':
      return `at once: ${step.runs.map((a) => `lead ${a.join(' ')}`).join(' & ')}`
  }
}
