/**
 * docs/guides/first-site.md, run as a newcomer would follow it: every `$ …` line of its console
 * blocks in order, exactly as written, with `lead` on the PATH. A command the guide shows
 * answering questions (`? prompt › answer` lines) runs in a pseudo-terminal and gets those answers
 * typed; the others run without a terminal. Then the site is checked for what the guide promised.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {BIN, cleanupTemp, git, REPO_ROOT, runLead, tempDir, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const GUIDE = path.join(REPO_ROOT, 'docs/guides/first-site.md')
const DRIVER = path.join(REPO_ROOT, 'test/support/transcript-driver.py')

export interface GuideStep {
  /** The command as written (a heredoc's lines included). */
  command: string
  /** The questions it answers at a terminal, as [prompt, answer]. */
  answers: Array<[string, string]>
  line: number
}

/** The `$ ` commands of a guide's console blocks, each with the `? prompt › answer` lines after it. */
export function guideSteps(markdown: string): GuideStep[] {
  const steps: GuideStep[] = []
  let inConsole = false
  let heredoc: string | undefined
  markdown.split('\n').forEach((raw, i) => {
    if (/^```/.test(raw)) {
      inConsole = !inConsole && raw.trim() === '```console'
      return
    }
    if (!inConsole) return
    const current = steps[steps.length - 1]
    if (heredoc !== undefined) {
      current!.command += `\n${raw}`
      if (raw.trim() === heredoc) heredoc = undefined
      return
    }
    if (raw.startsWith('$ ')) {
      steps.push({command: raw.slice(2), answers: [], line: i + 1})
      heredoc = /<<-?'?(\w+)'?/.exec(raw)?.[1]
      return
    }
    const answer = /^\? (.+?) › (.*)$/.exec(raw)
    if (answer && current) current.answers.push([answer[1]!, answer[2]!])
    else if (raw.trim() !== '') throw new Error(`first-site.md:${i + 1}: a console block line that is neither "$ command" nor "? prompt › answer": ${raw}`)
  })
  return steps
}

describe('docs/guides/first-site.md', () => {
  it('reads as steps: init, partners, roster, protocol adopted, referral, status, form — in that order', () => {
    const commands = guideSteps(fs.readFileSync(GUIDE, 'utf8')).map((s) => s.command.split('\n')[0]!)
    const order = ['lead init', 'lead new partner', 'lead training import-roster', 'lead new protocol', 'lead set protocol', 'lead config get referral_phone', 'lead new referral', 'lead status', 'lead form pocket-card']
    const at = order.map((c) => commands.findIndex((line) => line.startsWith(c)))
    expect(at.every((i) => i >= 0), commands.join('\n')).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
  })

  it('runs exactly as written, prompts answered in a terminal, and leaves the site it promises', () => {
    const work = tempDir('lead-guide-')
    // `lead` on the PATH, as after `npm link`.
    const bin = path.join(work, 'bin')
    fs.mkdirSync(bin)
    fs.writeFileSync(path.join(bin, 'lead'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, {mode: 0o755})
    const home = path.join(work, 'home')
    fs.mkdirSync(home)
    const base = testEnv({HOME: home, PATH: `${bin}${path.delimiter}${process.env.PATH}`, TZ: 'America/Los_Angeles'})
    const terminal: NodeJS.ProcessEnv = {...base, TERM: 'xterm', PTY_STEP_TIMEOUT: '120'}
    delete terminal.CI
    let cwd = path.join(work, 'projects')
    fs.mkdirSync(cwd)

    const steps = guideSteps(fs.readFileSync(GUIDE, 'utf8'))
    expect(steps.length).toBeGreaterThanOrEqual(12)
    for (const step of steps) {
      const cd = /^cd (\S+)$/.exec(step.command)
      if (cd) {
        cwd = path.resolve(cwd, cd[1]!)
        expect(fs.existsSync(cwd), `first-site.md:${step.line}: ${step.command}`).toBe(true)
        continue
      }
      if (step.answers.length > 0) {
        const r = spawnSync('python3', [DRIVER, JSON.stringify(step.answers), '--', 'bash', '-c', step.command], {cwd, env: terminal, encoding: 'utf8', timeout: 900_000})
        const out = JSON.parse(r.stdout) as {code: number; output: string; timeout: boolean; stuck: string | null}
        expect(out.stuck, `first-site.md:${step.line}: ${step.command}: no question "${out.stuck}"\n${out.output}`).toBe(null)
        expect(out.code, `first-site.md:${step.line}: ${step.command}\n${out.output}`).toBe(0)
      } else {
        const r = spawnSync('bash', ['-c', step.command], {cwd, env: base, encoding: 'utf8', input: '', timeout: 300_000})
        expect(r.status, `first-site.md:${step.line}: ${step.command}\n${r.stdout}\n${r.stderr}`).toBe(0)
      }
    }

    // What the guide promised.
    const site = path.join(work, 'projects', 'harbor-lead')
    const config = parse(fs.readFileSync(path.join(site, 'lead.yaml'), 'utf8'))
    expect(config.site).toMatchObject({name: 'Harbor County LEAD', jurisdiction: 'Harbor County, WA', timezone: 'America/Los_Angeles'})
    expect(config.referral_phone).toBe('+1-360-555-0100')
    const env = base
    expect(runLead(['list', 'partners', '--json'], {cwd: site, env}).json().map((p: {id: string}) => p.id)).toEqual(['evergreen-case-management', 'harbor-pd'])
    expect(parse(fs.readFileSync(path.join(site, 'rosters/harbor-pd.yaml'), 'utf8')).officers.map((o: {badge: string}) => o.badge)).toEqual(['0412', '0077', '0533'])
    const protocol = parse(fs.readFileSync(path.join(site, 'protocols/harbor-2026.yaml'), 'utf8'))
    expect(protocol).toMatchObject({status: 'adopted', adopted: {date: '2026-11-18', by: 'pcg'}})
    const referrals = runLead(['list', 'referrals', '--json', '--sort', 'received'], {cwd: site, env}).json()
    expect(referrals.map((r: {received: string; referrer: unknown; charges: string[]}) => [r.received, r.referrer, r.charges])).toEqual([
      ['2026-11-30T09:15:00-08:00', {agency: 'harbor-pd', badge: '0412'}, ['RCW 69.50.4013']],
      ['2026-11-30T14:40:00-08:00', {agency: 'harbor-pd', badge: '0533'}, ['RCW 9A.52.080']],
    ])
    for (const r of referrals) expect(r.participant).toMatch(/^P-[0-9A-Z]{6}$/)
    // The guide's order completes a site's setup: status has no step left to show.
    const status = runLead(['status', '--json'], {cwd: site, env}).json()
    expect(status.setup.steps.filter((s: {done: boolean}) => !s.done)).toEqual([])
    const validate = runLead(['validate', '--json'], {cwd: site, env})
    expect(validate.json().errors, validate.stdout).toBe(0)
    // The guide declares the places its protocol names: no warning left for a newcomer to puzzle over.
    expect(validate.json().diagnostics.map((d: {code: string}) => d.code).filter((c: string) => c.endsWith('_NOT_DECLARED'))).toEqual([])
    expect(fs.readdirSync(path.join(site, '.lead/forms')).some((f) => f.startsWith('pocket-card'))).toBe(true)
    // Every step is its own commit, and nothing is left uncommitted.
    expect(git(site, ['status', '--porcelain'], env)).toBe('')
    expect(git(site, ['log', '--format=%s'], env).trim().split('\n').length).toBeGreaterThanOrEqual(8)
  }, 2_400_000)
})
