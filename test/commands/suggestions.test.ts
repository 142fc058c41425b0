/**
 * Every command lead shows a person to type is runnable as shown: the examples in `--help`, the
 * commands in README.md and docs/, and the commands in hints, "Try:" and "Next:" lines. Each is
 * checked the way bash would read it pasted (no unquoted character bash would expand or redirect
 * inside a word) and against the built CLI (command, flags, flag values, arguments); the examples
 * of commands that only read are run on the example site.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, REPO_ROOT, runLead, tempDir, testEnv, writeSiteFile} from '../support/cli.js'
import {commands, invocationProblem, leadInvocations, readShellLine} from '../support/invocations.js'

afterAll(cleanupTemp)

const env = testEnv()

/** Problems of one printed or documented command line: what bash would do to it, what lead would refuse. */
function lineProblems(line: string, options: {parse?: boolean} = {}): string[] {
  const {invocations, hazards} = leadInvocations(line)
  const problems = [...hazards]
  if (options.parse !== false) {
    if (invocations.length === 0) problems.push('no lead command in it')
    for (const argv of invocations) {
      const problem = invocationProblem(argv)
      if (problem) problems.push(problem)
    }
  }
  return problems
}

function examples(): Array<{id: string; line: string}> {
  return Object.entries(commands()).flatMap(([id, c]) => (c.examples ?? []).map((e) => ({id, line: (typeof e === 'string' ? e : e.command).replaceAll('<%= config.bin %>', 'lead')})))
}

describe('help examples', () => {
  it('every example of every command pastes safely and is a valid invocation', () => {
    const all = examples()
    expect(all.length).toBeGreaterThan(80)
    const bad = all.flatMap(({id, line}) => lineProblems(line).map((p) => `${id}: ${line}\n    ${p}`))
    expect(bad).toEqual([])
  })

  it('the examples of the commands that only read run on the example site', () => {
    const site = exampleSite(env, {warm: true})
    // Files some examples read, as a person would have them.
    writeSiteFile(site, '../roster.csv', 'Badge,Name\n0412,Dana Ortiz\n')
    // The CI examples compare with the default branch on the remote, as a clone in CI has it.
    git(site, ['remote', 'add', 'origin', site])
    git(site, ['fetch', '--quiet', 'origin'])
    const vars: Record<string, string> = {GITHUB_BASE_REF: git(site, ['branch', '--show-current']).trim()}
    const READ_ONLY = /^(list|show|status|validate|export|history|report:|referral:check|schema:(list|show)|training:(coverage|due|trend)|form:list|config:(get|list))/
    const runs = examples().filter(({id, line}) => READ_ONLY.test(id) && readShellLine(line).commands.length === 1 && readShellLine(line).redirects.length === 0)
    expect(runs.length).toBeGreaterThan(30)
    const failed: string[] = []
    for (const {line} of runs) {
      const argv = readShellLine(line).commands[0]!.slice(1).map((w) => w.replace(/\$(\w+)/g, (_, name: string) => vars[name] ?? ''))
      const r = runLead(argv, {cwd: site, env})
      // 0 and 1 are answers (1: a check that found something); 2 is a usage error, 3 and 4 a broken example.
      if (r.code !== 0 && r.code !== 1) failed.push(`${line}\n    exit ${r.code}: ${r.stderr.trim().split('\n')[0]}`)
    }
    expect(failed).toEqual([])
  }, 1_200_000)
})

/** Markdown files people read: the README and everything in docs/. */
function markdownFiles(): string[] {
  const out = ['README.md']
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(REPO_ROOT, dir), {withFileTypes: true})) {
      if (e.isDirectory()) walk(`${dir}/${e.name}`)
      else if (e.name.endsWith('.md')) out.push(`${dir}/${e.name}`)
    }
  }
  walk('docs')
  return out
}

/** A usage synopsis or a line with placeholders (KIND, ID, FILE, [--flag]) shows a form, not a command to run. */
const isSynopsis = (line: string) => /\b[A-Z][A-Z_]+\b|…|\.\.\.|\s\[-|<[a-z-]+>/.test(line)

/** The `lead …` lines of a document's shell blocks (continuations joined, heredoc bodies left out), and its inline `lead …` spans. */
export function documentedCommands(text: string): Array<{line: number; text: string; block: boolean}> {
  const out: Array<{line: number; text: string; block: boolean}> = []
  let fence: string | undefined
  let heredoc: string | undefined
  let pending: {line: number; text: string} | undefined
  text.split('\n').forEach((raw, i) => {
    const f = /^\s*(```+)(\w*)/.exec(raw)
    if (f) {
      fence = fence ? undefined : (f[2] || 'text')
      return
    }
    if (heredoc) {
      if (raw.trim() === heredoc) heredoc = undefined
      return
    }
    if (fence && ['sh', 'bash', 'console', 'shell'].includes(fence)) {
      let line = pending ? `${pending.text} ${raw.trim()}` : raw.replace(/^\s*\$ /, '').trim()
      const start = pending?.line ?? i + 1
      if (line.endsWith('\\')) {
        pending = {line: start, text: line.slice(0, -1).trim()}
        return
      }
      pending = undefined
      const here = /<<-?'?(\w+)'?/.exec(line)
      if (here) heredoc = here[1]
      line = line.replace(/\s+#\s.*$/, '')
      if (/(^|&&\s*|\|\s*)lead\s/.test(`${line} `)) out.push({line: start, text: line, block: true})
      return
    }
    if (fence) return
    for (const m of raw.matchAll(/`(lead [^`]+)`/g)) out.push({line: i + 1, text: m[1]!, block: false})
  })
  return out
}

describe('README.md and docs/', () => {
  it('every lead command in a shell block is a valid invocation that pastes safely; every inline one pastes safely', () => {
    const bad: string[] = []
    let count = 0
    for (const file of markdownFiles()) {
      for (const c of documentedCommands(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'))) {
        if (isSynopsis(c.text)) continue
        count++
        for (const p of lineProblems(c.text, {parse: c.block})) bad.push(`${file}:${c.line}: ${c.text}\n    ${p}`)
      }
    }
    expect(count).toBeGreaterThan(60)
    expect(bad).toEqual([])
  })
})

describe('hints, Try: and Next: lines', () => {
  /** The commands a message tells a person to run: `…` spans of hints, the rest of Try:/Next: lines. */
  function suggested(stderr: string): string[] {
    const out: string[] = []
    for (const line of stderr.split('\n')) {
      const hint = /^\s*hint: (.*)$/.exec(line)?.[1]
      if (hint) for (const m of hint.matchAll(/`([^`]+)`/g)) if (/^(lead|node \S+run\.js) /.test(m[1]!)) out.push(m[1]!)
      const next = /^(?:Try|Next):\s+(.+?)(?:\s{2,}\(.*)?$/.exec(line)?.[1]
      if (next) out.push(next)
    }
    return out.map((s) => s.replace(/^node \S+run\.js /, 'lead '))
  }

  it('every command suggested after a mistake is a valid invocation that pastes safely', () => {
    const site = exampleSite(env, {warm: true})
    const outside = tempDir()
    const scenarios: Array<{args: string[]; cwd: string}> = [
      {args: ['referral', 'new', '--set', 'pathway=community'], cwd: site},
      {args: ['add', 'partner', '--id', 'harbor-fire', '--set', 'name=Harbor Fire Department'], cwd: site},
      {args: ['partner', 'list'], cwd: site},
      {args: ['referrals'], cwd: site},
      {args: ['lsit', 'referral'], cwd: site},
      {args: ['validate'], cwd: outside},
      {args: ['init', site], cwd: outside},
      {args: ['list', 'referral', '--where', 'stauts=enrolled'], cwd: site},
      {args: ['list', 'referral', '--where', 'received>=Nov'], cwd: site},
      {args: ['new', 'partner'], cwd: site},
      {args: ['new', 'referral', '--set', 'pathway=arrest_diversion'], cwd: site},
      {args: ['set', 'partner', 'harbor-pd'], cwd: site},
      {args: ['show', 'partner', 'harbor-pdd'], cwd: site},
      {args: ['config', 'get', 'referral_phon'], cwd: site},
      {args: ['config', 'get', 'rules.MOU_EXPIRING'], cwd: site},
      {args: ['init', path.join(outside, 'fresh'), '--timezone', 'UTC'], cwd: outside},
      {args: ['demo', path.join(outside, 'demo')], cwd: outside},
    ]
    const bad: string[] = []
    let count = 0
    for (const s of scenarios) {
      const r = runLead(s.args, {cwd: s.cwd, env})
      for (const line of suggested(r.stderr)) {
        count++
        for (const p of lineProblems(line)) bad.push(`lead ${s.args.join(' ')}\n  suggests: ${line}\n    ${p}`)
      }
    }
    expect(count).toBeGreaterThanOrEqual(scenarios.length)
    expect(bad).toEqual([])
  }, 1_200_000)
})
