/**
 * docs/reference/commands.md is generated from the commands' own help (scripts/command-reference.mjs
 * reading oclif.manifest.json); CI runs this suite, so a help text changed without regenerating the
 * page fails here.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, REPO_ROOT, runLead, tempDir, testEnv} from '../support/cli.js'
import {commands} from '../support/invocations.js'

afterAll(cleanupTemp)

const SCRIPT = path.join(REPO_ROOT, 'scripts/command-reference.mjs')
const PAGE = path.join(REPO_ROOT, 'docs/reference/commands.md')
const check = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, '--check', ...args], {cwd: REPO_ROOT, encoding: 'utf8'})

describe('the command reference', () => {
  it('is current with the built commands\' help', () => {
    const r = check()
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  it('names every command that is not hidden, with its summary and examples', () => {
    const page = fs.readFileSync(PAGE, 'utf8')
    const shown = Object.values(commands()).filter((c) => !(c as {hidden?: boolean}).hidden)
    expect(shown.length).toBeGreaterThan(30)
    for (const c of shown) expect(page).toContain(`## lead ${c.id.replaceAll(':', ' ')}\n`)
    expect(page).toContain("--where 'received>=2026-11-01'")
  })

  it('a stale page fails the check with what to run', () => {
    const stale = path.join(tempDir(), 'commands.md')
    fs.writeFileSync(stale, fs.readFileSync(PAGE, 'utf8').replace(/^## lead validate$/m, '## lead validate (old)'))
    const r = check('--out', stale)
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/is stale: .*Run npm run docs:commands and commit the result/)
  })
})

describe('lead --help', () => {
  it('ends with the guides, each a file that ships with lead and is linked from the README', () => {
    const r = runLead(['--help'], {cwd: tempDir(), env: testEnv()})
    expect(r.code).toBe(0)
    const section = r.stdout.slice(r.stdout.indexOf('GUIDES (in '))
    const docs = /GUIDES \(in (.+?)\)/.exec(section)![1]!
    expect(path.resolve(docs)).toBe(path.join(REPO_ROOT, 'docs'))
    const files = [...section.matchAll(/ {2,}(\S+\.md)$/gm)].map((m) => m[1]!)
    expect(files).toEqual(expect.arrayContaining(['guides/first-site.md', 'guides/project-manager.md', 'guides/trainer.md', 'guides/ci-reviewer.md', 'guides/privacy.md', 'glossary.md', 'reference/commands.md']))
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')
    for (const f of files) {
      expect(fs.existsSync(path.join(docs, f)), f).toBe(true)
      expect(readme, `README links docs/${f}`).toContain(`(docs/${f})`)
    }
  })
})
