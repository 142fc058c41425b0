/**
 * The build cuts lead's modules into chunks for the everyday runs listed in scripts/bundle-runs.mjs,
 * from what each is listed to load by path or import(), and checks there that each run's chunks hold
 * exactly the modules it loads (dist/chunks.json `runs`). Here each listed line runs on the example
 * site, traced: what it loaded, each file read as the modules it holds, must be that list's modules.
 * A run that now loads another module by import(), or no longer loads one, fails here until its list
 * says so (a stale list would let it load modules it does not use).
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {RUNS} from '../../scripts/bundle-runs.mjs'
import {cleanupTemp, exampleSite, REPO_ROOT, runLead, tempDir, testEnv} from '../support/cli.js'
import {loadedModules, traced} from '../support/load-trace.js'
import {indexFileLine} from '../support/index-line.js'

afterAll(cleanupTemp)

const env = testEnv()
const DIST = path.join(REPO_ROOT, 'dist')
const built = JSON.parse(fs.readFileSync(path.join(DIST, 'chunks.json'), 'utf8')) as {files: Record<string, string[]>; runs: Record<string, string[]>}

/** The modules of lead's build a traced log names (paths inside dist/), packages and the rest left out. */
function leadModules(log: string): string[] {
  return loadedModules(log)
    .filter((line) => line.startsWith('file:') && line.endsWith('.js'))
    .map((url) => path.relative(DIST, fileURLToPath(url)).split(path.sep).join('/'))
    .filter((rel) => !rel.startsWith('..'))
    .sort()
}

describe('each run the chunks are cut for loads what its list says', () => {
  for (const run of RUNS.filter((r) => r.line !== undefined)) {
    it(`${run.name}: lead ${run.line!.join(' ')}${run.site ? ` (${run.site})` : ''}`, () => {
      let cwd = tempDir('lead-runs-')
      let line = run.line!
      if (run.site) {
        cwd = exampleSite(env)
        const referrals = path.join(cwd, 'referrals', '2026')
        const files = fs.readdirSync(referrals).sort()
        line = line.map((a) => a.replace('{referral}', files[0]!.replace(/\.yaml$/, '')))
        if (line.includes('{file}')) {
          // A referral entered whole: the first one's fields, a new ID minted for it.
          const entered = path.join(tempDir('lead-runs-file-'), 'entered.yaml')
          fs.writeFileSync(entered, fs.readFileSync(path.join(referrals, files[0]!), 'utf8').replace(/^id: .*\n/m, ''))
          line = line.map((a) => (a === '{file}' ? entered : a))
        }
        fs.rmSync(path.join(cwd, '.git', 'lead'), {recursive: true, force: true})
        if (run.site !== 'cold') {
          const first = runLead(run.line![0] === 'set' ? ['validate'] : line, {cwd, env})
          expect(first.code, first.stderr).toBe(0)
        }
        if (run.site === 'changed') fs.appendFileSync(path.join(referrals, files[1]!), '# called back\n')
        if (run.site === 'written') {
          const set = runLead(['set', files[1]!.replace(/\.yaml$/, ''), 'notes=called back'], {cwd, env})
          expect(set.code, set.stderr).toBe(0)
        }
      }
      const log = path.join(tempDir('lead-trace-'), 'loaded.txt')
      const r = runLead(line, {cwd, env: traced(env, log)})
      expect(r.code, r.stderr).toBe(0)
      expect(leadModules(log)).toEqual(built.runs[run.name])
    })
  }

  it('the build lists every file it wrote, each module in one file', () => {
    const written = fs.readdirSync(DIST, {recursive: true}).map(String).filter((f) => f.endsWith('.js')).map((f) => f.split(path.sep).join('/'))
    expect(Object.keys(built.files).sort()).toEqual(written.sort())
    const modules = Object.values(built.files).flat()
    expect(new Set(modules).size).toBe(modules.length)
    expect(Object.keys(built.runs).sort()).toEqual(RUNS.map((r) => r.name).sort())
  })
})

describe('a build moved elsewhere (as npm installs it)', () => {
  /** A copy of the built package: what npm pack ships of it, and the dependencies beside it. */
  function copyOfBuild(): string {
    const root = path.join(tempDir('lead-copy-'), 'lead-cli')
    for (const rel of ['package.json', 'oclif.manifest.json', 'bin', 'dist', 'schemas', 'fixtures/example-site']) fs.cpSync(path.join(REPO_ROOT, rel), path.join(root, rel), {recursive: true})
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'))
    return root
  }
  const cacheVersionIn = (site: string): string => {
    const lead = path.join(site, '.git', 'lead')
    const index = fs.readdirSync(lead).find((f) => /^index-[^.]+\.json$/.test(f))!
    return (JSON.parse(indexFileLine(path.join(lead, index))) as {version: string}).version
  }

  it('finds its own files from its chunks, and a rebuilt chunk manifest starts the parse cache afresh', () => {
    const copy = copyOfBuild()
    const site = path.join(tempDir('lead-copy-site-'), 'site')
    const log = path.join(tempDir('lead-trace-'), 'loaded.txt')
    // lead init --example: the example records and the schemas, read from the copy's own folder
    // (as written, --as-of: on a later day its dates would move out of referrals/2026/).
    const init = spawnLead(copy, ['init', site, '--example', '--as-of', '2026-11-27', '--lead-source', '0.1.0'], REPO_ROOT, traced(env, log))
    expect(init.code, init.stderr).toBe(0)
    expect(fs.readdirSync(path.join(site, 'referrals', '2026')).length).toBeGreaterThan(10)
    const first = spawnLead(copy, ['validate', '--json'], site, env)
    expect(first.code, first.stderr).toBe(0)
    const version = cacheVersionIn(site)
    expect(spawnLead(copy, ['validate', '--json'], site, env).stdout).toBe(first.stdout)
    expect(cacheVersionIn(site)).toBe(version)
    // Every file the copy loaded of lead's is its own (none of the repository's build).
    const ours = loadedModules(log).filter((m) => m.includes('/dist/') && !m.includes('node_modules'))
    expect(ours.length).toBeGreaterThan(0)
    expect(ours.filter((m) => !m.includes(copy))).toEqual([])
    const later = new Date(Date.now() + 60_000)
    fs.utimesSync(path.join(copy, 'dist', 'chunks.json'), later, later)
    const again = spawnLead(copy, ['validate', '--json'], site, env)
    expect(again.stdout).toBe(first.stdout)
    expect(cacheVersionIn(site)).not.toBe(version)
  })
})

function spawnLead(root: string, args: string[], cwd: string, environment: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'run.js'), ...args], {cwd, env: environment, encoding: 'utf8', input: ''})
  return {code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr}
}
