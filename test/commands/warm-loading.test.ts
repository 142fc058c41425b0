/**
 * A warm command (nothing changed since the last run) answers from its memo, so it must not load
 * what computing the answer takes: the validation engine and its rules, the schema checks (ajv),
 * the record reader and the parse cache (its index, journal and values readers), the yaml library,
 * the report and status modules; nor create an Intl.DateTimeFormat (clock/zone-facts.ts keeps what
 * Intl said) or compare strings by locale (ICU's collator). Each costs tens of
 * milliseconds of a command whose goal is 0.3 s. One that must judge a changed referral loads its
 * kind's compiled validator alone. test/support/load-trace.ts records every module
 * the built CLI loads, every DateTimeFormat made and every localeCompare. These four lines run
 * without oclif (cli/early-start.ts), and so does `set` of a record (cli/early-set.ts): a warm run
 * loads neither @oclif/core nor the command's class.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv} from '../support/cli.js'
import {loadedModules, traced} from '../support/load-trace.js'

afterAll(cleanupTemp)

const env = testEnv()

/** What computing takes, and a warm run must not load. */
const COMPUTING = [/\/dist\/core\/records\/(parse-cache|cache-index|values-file|index-file|index-journal|rule-memo-store)\.js$/, /\/dist\/core\/validate\/site-validation\.js$/, /\/dist\/core\/validate\/rules\//, /\/dist\/core\/privacy\/schema-findings\.js$/, /\/dist\/core\/records\/load\.js$/, /\/dist\/core\/referrals\/(site-data|status-of-site|volume)\.js$/, /node_modules\/(yaml|ajv)\//, /\/dist\/core\/records\/yaml-bundle\.cjs$/]

describe('a warm command loads only what answers from its memo', () => {
  for (const args of [['validate'], ['status'], ['report', 'referrals', '--by', 'hour'], ['list', 'referral', '--limit', '2']]) {
    it(args.join(' '), () => {
      const site = exampleSite(env)
      const cold = runLead([...args, '--dir', site], {env})
      expect(cold.code, cold.stderr).toBe(0)
      const log = path.join(tempDir('lead-trace-'), 'loaded.txt')
      const warm = runLead([...args, '--dir', site], {env: traced(env, log)})
      expect(warm.code, warm.stderr).toBe(0)
      expect(warm.stdout + warm.stderr).toBe(cold.stdout + cold.stderr)
      const loaded = loadedModules(log)
      // Run by bin/run.js's early path (cli/early-start.ts): the command's body, and no oclif at all.
      expect(loaded.some((m) => /\/dist\/cli\/everyday\//.test(m)), 'the trace sees the command').toBe(true)
      expect(loaded.filter((m) => /node_modules\/@oclif\/|\/dist\/commands\/|\/dist\/cli\/(lead-command|oclif|fast-start)\.js$/.test(m))).toEqual([])
      expect(loaded.filter((m) => COMPUTING.some((re) => re.test(m)))).toEqual([])
      expect(loaded).toContain('Intl.DateTimeFormat made: 0')
      expect(loaded).toContain('localeCompare calls: 0')
      // And with the memo gone, the same trace sees the engine load (the check is not blind).
      fs.rmSync(path.join(site, '.git', 'lead'), {recursive: true, force: true})
      fs.rmSync(log)
      expect(runLead([...args, '--dir', site], {env: traced(env, log)}).stdout).toBe(cold.stdout)
      expect(loadedModules(log).filter((m) => COMPUTING.some((re) => re.test(m))).length).toBeGreaterThan(0)
    })
  }
})

/** What a `lead set ID notes=NOTE` on the site loaded (it must succeed). */
function tracedSet(site: string, id: string, note: string): string[] {
  const log = path.join(tempDir('lead-trace-'), 'loaded.txt')
  const r = runLead(['set', id, `notes=${note}`, '--dir', site], {env: traced(env, log)})
  expect(r.code, r.stderr).toBe(0)
  return loadedModules(log)
}

describe('a validation after one referral changed', () => {
  it('loads the referral\'s compiled validator alone, and neither ajv\'s compiler nor the yaml library', () => {
    const site = exampleSite(env)
    expect(runLead(['validate', '--dir', site], {env}).code).toBe(0)
    const referrals = path.join(site, 'referrals', '2026')
    const file = path.join(referrals, fs.readdirSync(referrals).sort()[0]!)
    fs.appendFileSync(file, '# called back\n')
    const log = path.join(tempDir('lead-trace-'), 'loaded.txt')
    const r = runLead(['validate', '--dir', site], {env: traced(env, log)})
    expect(r.code, r.stderr).toBe(0)
    const loaded = loadedModules(log)
    expect(loaded.filter((m) => /dist\/core\/schemas\/compiled-/.test(m)).map((m) => path.basename(m))).toEqual(['compiled-referral.cjs'])
    expect(loaded.filter((m) => /node_modules\/ajv\/dist\/(compile|core|ajv)|node_modules\/yaml\/|yaml-bundle/.test(m))).toEqual([])
    // The offsets of the referral's days are those an earlier run asked Intl for (clock/zone-days.ts).
    expect(loaded).toContain('Intl.DateTimeFormat made: 0')
  })

  it('and a `set` on a referral asks Intl nothing either; with the kept days gone, it does (the check is not blind)', () => {
    const site = exampleSite(env)
    expect(runLead(['validate', '--dir', site], {env}).code).toBe(0)
    const ids = fs.readdirSync(path.join(site, 'referrals', '2026')).sort().map((f) => f.replace(/\.yaml$/, ''))
    const setNotes = (id: string, note: string) => tracedSet(site, id, note)
    expect(setNotes(ids[0]!, 'called back')).toContain('Intl.DateTimeFormat made: 0')
    fs.rmSync(path.join(site, '.git', 'lead', 'zone-days.json'))
    expect(setNotes(ids[1]!, 'called back')).not.toContain('Intl.DateTimeFormat made: 0')
  })

  it('a `set` loads no simple-git (the write runs git itself) and no oclif (cli/early-set.ts), and the yaml library, when its edit needs it, as one file', () => {
    const site = exampleSite(env)
    const ids = fs.readdirSync(path.join(site, 'referrals', '2026')).sort().map((f) => f.replace(/\.yaml$/, ''))
    const setNotes = (id: string, note: string) => tracedSet(site, id, note)
    const plain = setNotes(ids[0]!, 'called back')
    expect(plain.filter((m) => /node_modules\/(simple-git|@simple-git|debug)\//.test(m))).toEqual([])
    // Run by bin/run.js's early path (cli/early-set.ts): the command's body, and no oclif at all.
    expect(plain.some((m) => /\/dist\/cli\/everyday\/set\.js$/.test(m)), 'the trace sees the command').toBe(true)
    expect(plain.filter((m) => /node_modules\/@oclif\/|\/dist\/commands\/|\/dist\/cli\/(lead-command|oclif|fast-start)\.js$/.test(m))).toEqual([])
    // A long value is written folded over several lines, as the yaml library writes long text; a
    // record holding one is edited through the library's Document.
    setNotes(ids[1]!, 'Called the shelter twice and left word with the front desk; '.repeat(3))
    expect(fs.readFileSync(path.join(site, 'referrals', '2026', `${ids[1]}.yaml`), 'utf8')).toMatch(/\nnotes: .*\n  \S/)
    const folded = setNotes(ids[1]!, 'called back')
    expect(folded.filter((m) => /yaml-bundle\.cjs$/.test(m)).length).toBe(1)
    expect(folded.filter((m) => /node_modules\/yaml\//.test(m))).toEqual([])
  })
})

describe('after a `lead set`', () => {
  const referrals = (site: string) => fs.readdirSync(path.join(site, 'referrals', '2026')).sort().map((f) => path.join(site, 'referrals', '2026', f))
  const fresh = (site: string, args: string[]) => {
    fs.rmSync(path.join(site, '.git', 'lead'), {recursive: true, force: true})
    return runLead([...args, '--dir', site], {env}).stdout
  }

  it('the next validate answers from the findings the set judged, as a fresh validation would', () => {
    const site = exampleSite(env)
    expect(runLead(['validate', '--dir', site], {env}).code).toBe(0)
    const id = path.basename(referrals(site)[0]!, '.yaml')
    const set = runLead(['set', id, 'notes=Called back', '--dir', site], {env})
    expect(set.code, set.stderr).toBe(0)
    const log = path.join(tempDir('lead-trace-'), 'loaded.txt')
    const after = runLead(['validate', '--json', '--dir', site], {env: traced(env, log)})
    expect(loadedModules(log).filter((m) => COMPUTING.some((re) => re.test(m)))).toEqual([])
    expect(after.stdout).toBe(fresh(site, ['validate', '--json']))
  })

  it('and after a `lead new` (a file added: a new list of checked files, one file of its own)', () => {
    const site = exampleSite(env)
    const before = runLead(['validate', '--json', '--dir', site], {env})
    expect(before.code).toBe(0)
    const lists = () => fs.readdirSync(path.join(site, '.git', 'lead')).filter((f) => f.startsWith('validate-files-'))
    expect(lists()).toHaveLength(1)
    const entered = path.join(tempDir('lead-new-'), 'referral.yaml')
    fs.writeFileSync(entered, fs.readFileSync(referrals(site)[0]!, 'utf8').replace(/^id: .*\n/m, ''))
    const made = runLead(['new', 'referral', '--file', entered, '--dir', site], {env})
    expect(made.code, made.stderr).toBe(0)
    expect(lists()).toHaveLength(2)
    const log = path.join(tempDir('lead-trace-'), 'loaded.txt')
    const after = runLead(['validate', '--json', '--dir', site], {env: traced(env, log)})
    expect(loadedModules(log).filter((m) => COMPUTING.some((re) => re.test(m)))).toEqual([])
    // The added referral among the files checked.
    expect(after.json<{files: number}>().files).toBe(before.json<{files: number}>().files + 1)
    expect(after.stdout).toBe(fresh(site, ['validate', '--json']))
  })

  it('sees what changed after the set: a file it found changed and read, edited again; a file staged since', () => {
    const site = exampleSite(env)
    const [dirty, target, staged] = referrals(site)
    // Changed and not committed when the set runs (a schema error), then put right after it.
    const text = fs.readFileSync(dirty!, 'utf8')
    fs.writeFileSync(dirty!, text.replace(/^status: .*$/m, 'status: pending-review'))
    expect(runLead(['validate', '--dir', site], {env}).code).toBe(1)
    const set = runLead(['set', path.basename(target!, '.yaml'), 'notes=Called back', '--dir', site], {env})
    expect(set.code, set.stderr).toBe(0)
    fs.writeFileSync(dirty!, text)
    const mended = runLead(['validate', '--json', '--dir', site], {env})
    expect(mended.code).toBe(0)
    expect(mended.stdout).toBe(fresh(site, ['validate', '--json']))
    // A set, then another file staged with an error: the staged state is judged, not the set's.
    expect(runLead(['set', path.basename(target!, '.yaml'), 'notes=Called again', '--dir', site], {env}).code).toBe(0)
    fs.writeFileSync(staged!, fs.readFileSync(staged!, 'utf8').replace(/^status: .*$/m, 'status: pending-review'))
    git(site, ['add', staged!], env)
    const judged = runLead(['validate', '--json', '--dir', site], {env})
    expect(judged.code).toBe(1)
    expect(judged.stdout).toBe(fresh(site, ['validate', '--json']))
  })
})
