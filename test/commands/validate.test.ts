import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv, writeSiteFile} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv()
let site: string
const typo = 'partners/typo-agency.yaml'

beforeAll(() => {
  site = exampleSite(env)
})

const validate = (args: string[], cwd = site) => runLead(['validate', '--as-of', '2026-11-27', ...args], {cwd, env})

describe('lead validate', () => {
  it('passes the example site (exit 0) and leaves the working tree untouched', () => {
    const r = validate([])
    expect(r.code, r.stdout).toBe(0)
    expect(r.stdout).toMatch(/^✔ \d+ files valid$/m)
    expect(git(site, ['status', '--porcelain'], env)).toBe('')
  })

  describe('with a broken record', () => {
    beforeAll(() => writeSiteFile(site, typo, 'id: typo-agency\nnmae: Typo Agency\nname: Typo Agency\ntype: law_enforcment\n'))
    afterAll(() => fs.rmSync(path.join(site, typo)))

    it('text: file:line:col, code, message, hint, code frame and summary; exit 1', () => {
      const r = validate([])
      expect(r.code).toBe(1)
      expect(r.stdout).toContain(`${typo}:2:1: error UNKNOWN_FIELD unknown field "nmae" (did you mean "name"?)`)
      expect(r.stdout).toContain(`${typo}:4:7: error NOT_ALLOWED type is the text "law_enforcment" (did you mean "law_enforcement"?)`)
      expect(r.stdout).toMatch(/hint: allowed values: .*law_enforcement/)
      expect(r.stdout).toMatch(/ {4}2 \| nmae: Typo Agency\n {6}\| \^/)
      expect(r.stdout).toMatch(/^✖ 2 errors, 0 warnings in \d+ files$/m)
    })

    it('json: one document with ok, counts and diagnostics', () => {
      const r = validate(['--format', 'json'])
      expect(r.code).toBe(1)
      const j = r.json()
      expect(j).toMatchObject({ok: false, errors: 2, warnings: 0})
      expect(j.records.referral).toBeGreaterThanOrEqual(40)
      expect(j.diagnostics[0]).toEqual({file: typo, line: 2, column: 1, severity: 'error', code: 'UNKNOWN_FIELD', message: 'unknown field "nmae" (did you mean "name"?)', hint: expect.stringContaining('allowed fields')})
      expect(validate(['--json']).json()).toEqual(j)
    })

    it('github: workflow commands with escaped properties', () => {
      const r = validate(['--format', 'github'])
      expect(r.code).toBe(1)
      expect(r.stdout).toContain(`::error file=${typo},line=2,col=1,title=UNKNOWN_FIELD::unknown field "nmae" (did you mean "name"?)%0Aallowed fields here:`)
    })

    it('github: paths are relative to the repository top when the site sits in a subfolder', () => {
      const repo = path.join(path.dirname(site), 'monorepo')
      fs.cpSync(site, path.join(repo, 'sites', 'harbor'), {recursive: true, filter: (src) => !src.endsWith(`${path.sep}.git`)})
      git(repo, ['init', '-q'], env)
      const r = runLead(['validate', '--format', 'github'], {cwd: path.join(repo, 'sites', 'harbor'), env})
      expect(r.stdout).toContain(`::error file=sites/harbor/${typo},line=2`)
    })

    it('junit: one test case per file, the broken one failing', () => {
      const r = validate(['--format', 'junit'])
      expect(r.code).toBe(1)
      expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/)
      expect(r.stdout).toMatch(/<testsuite name="lead validate" tests="\d+" failures="1"/)
      expect(r.stdout).toContain(`<testcase classname="partners" name="${typo}">`)
      expect(r.stdout).toContain('<failure message="2 errors: unknown field &quot;nmae&quot;')
      expect(r.stdout).toContain('<testcase classname="partners" name="partners/harbor-pd.yaml"/>')
    })

    it('--max-errors shows fewer but counts all', () => {
      const r = validate(['--max-errors', '1'])
      expect(r.stdout).toMatch(/… and 1 more error/)
      expect(r.stdout).toMatch(/✖ 2 errors/)
    })

    it('given paths, reports only those files', () => {
      const ok = validate(['partners/harbor-pd.yaml'])
      expect(ok.code).toBe(0)
      expect(ok.stdout).toMatch(/✔ 1 file valid/)
      const bad = validate([typo, 'partners/harbor-pd.yaml', '--json'])
      expect(bad.code).toBe(1)
      expect(bad.json().files).toBe(2)
      expect(new Set(bad.json().diagnostics.map((d: {file: string}) => d.file))).toEqual(new Set([typo]))
    })

    it('a path that is not a record of the site is a usage error', () => {
      expect(validate(['nope/x.yaml']).code).toBe(2)
    })
  })

  it('resolves references of given files against the whole site', () => {
    const file = 'trainings/2026-05-05-check.yaml'
    writeSiteFile(site, file, 'id: "2026-05-05-check"\ncourse: roll-call\ndate: "2026-05-05"\nagency: harbor-pd\nattendees:\n  - {badge: "9999"}\n')
    try {
      const r = validate([file, '--json'])
      expect(r.json().diagnostics.map((d: {code: string; line: number}) => `${d.code}@${d.line}`)).toEqual(['UNKNOWN_BADGE@6'])
    } finally {
      fs.rmSync(path.join(site, file))
    }
  })

  it('`no` for a boolean is an error; an unquoted value YAML 1.1 reads differently is a warning', () => {
    const file = 'partners/unquoted.yaml'
    writeSiteFile(site, file, 'id: unquoted\nname: Unquoted Agency\ntype: other\nowg_member: no\n')
    try {
      const r = validate([file, '--json'])
      expect(r.code).toBe(1)
      expect(r.json().diagnostics.map((d: {code: string; line: number; hint: string}) => [d.code, d.line, d.hint])).toEqual([
        ['WRONG_TYPE', 4, 'write true or false (yes/no/on/off are text in YAML 1.2)'],
        ['YAML_AMBIGUOUS', 4, 'quote it: "no"'],
      ])
    } finally {
      fs.rmSync(path.join(site, file))
    }
  })

  it('warnings pass unless --strict; lead.yaml can turn a rule off', () => {
    const file = 'partners/unquoted.yaml'
    writeSiteFile(site, file, 'id: unquoted\nname: Unquoted Agency\ntype: other\ncontacts:\n  - name: NO\n')
    const config = fs.readFileSync(path.join(site, 'lead.yaml'), 'utf8')
    try {
      const warned = validate([file, '--json'])
      expect(warned.code).toBe(0)
      expect(warned.json().diagnostics.map((d: {code: string; severity: string}) => `${d.code}:${d.severity}`)).toEqual(['YAML_AMBIGUOUS:warning'])
      expect(validate([file, '--strict']).code).toBe(1)
      fs.writeFileSync(path.join(site, 'lead.yaml'), `${config}rules:\n  YAML_AMBIGUOUS: "off"\n`)
      const off = validate([file, '--strict', '--json'])
      expect(off.code).toBe(0)
      expect(off.json().warnings).toBe(0)
    } finally {
      fs.writeFileSync(path.join(site, 'lead.yaml'), config)
      fs.rmSync(path.join(site, file))
    }
  })

  it('lead.yaml rules: cannot hide reading, schema or privacy errors, and a mistyped code is reported', () => {
    const file = 'partners/guarded.yaml'
    writeSiteFile(site, file, 'id: guarded\nname: Guarded\ntype: martian\n')
    const config = fs.readFileSync(path.join(site, 'lead.yaml'), 'utf8')
    fs.writeFileSync(path.join(site, 'lead.yaml'), `${config}rules:\n  NOT_ALLOWED: "off"\n  PII_NAME: "off"\n  MOU_EXPIRNG: "off"\n`)
    try {
      const r = validate(['--json'])
      expect(r.code).toBe(1)
      const found = r.json().diagnostics.map((d: {code: string; file: string; message: string}) => `${d.file} ${d.code} ${d.message}`)
      expect(found).toContainEqual(expect.stringMatching(/^partners\/guarded\.yaml NOT_ALLOWED /))
      expect(found).toContainEqual(expect.stringMatching(/^lead\.yaml UNKNOWN_RULE rules: NOT_ALLOWED cannot be changed/))
      expect(found).toContainEqual(expect.stringMatching(/^lead\.yaml UNKNOWN_RULE rules: PII_NAME cannot be turned off/))
      expect(found).toContainEqual(expect.stringMatching(/^lead\.yaml UNKNOWN_RULE rules: "MOU_EXPIRNG" is not a lead check \(did you mean "MOU_EXPIRING"\?\)/))
    } finally {
      fs.writeFileSync(path.join(site, 'lead.yaml'), config)
      fs.rmSync(path.join(site, file))
    }
  })

  it('the cache never hides a change, even one of the same size made right away', () => {
    const file = 'partners/cache-check.yaml'
    writeSiteFile(site, file, 'id: cache-check\nname: Cache Check\ntype: other\n')
    try {
      expect(validate([file]).code).toBe(0)
      expect(validate([file]).code).toBe(0) // served from the cache
      writeSiteFile(site, file, 'id: cache-check\nname: Cache Check\ntype: otter\n') // same size
      const r = validate([file, '--json'])
      expect(r.code).toBe(1)
      expect(r.json().diagnostics[0].code).toBe('NOT_ALLOWED')
      expect(validate([file, '--no-cache', '--json']).json().diagnostics).toEqual(r.json().diagnostics)
      // An unchanged invalid file: its findings come from the cache, positions and all, and match a fresh run.
      expect(validate([file, '--json']).json().diagnostics).toEqual(r.json().diagnostics)
      const text = validate([file]).stdout
      expect(text).toMatch(/\| type: otter\n {6}\| {7}\^/)
    } finally {
      fs.rmSync(path.join(site, file))
    }
  })

  it('refuses to read a symbolic link, and a file over the size limit', () => {
    const link = path.join(site, 'partners', 'link.yaml')
    fs.symlinkSync('/etc/passwd', link)
    const big = 'partners/big.yaml'
    writeSiteFile(site, big, `id: big\nname: Big\ntype: other\nnotes: "${'x'.repeat(2 * 1024 * 1024)}"\n`)
    try {
      const r = validate(['--json'])
      const codes = r.json().diagnostics.map((d: {file: string; code: string}) => `${d.file} ${d.code}`)
      expect(codes).toContain('partners/link.yaml SYMLINK')
      expect(codes).toContain(`${big} FILE_TOO_LARGE`)
      expect(r.stdout).not.toContain('root:')
    } finally {
      fs.rmSync(link)
      fs.rmSync(path.join(site, big))
    }
  })

  it('warns when the schema copies in .lead/schemas are older than lead, and schema export mends it', () => {
    const copy = path.join(site, '.lead', 'schemas', 'partner.schema.json')
    const original = fs.readFileSync(copy)
    fs.writeFileSync(copy, '{}')
    const r = validate(['--json'])
    expect(r.code).toBe(0)
    expect(r.json().diagnostics).toContainEqual(expect.objectContaining({code: 'SCHEMAS_OUTDATED', severity: 'warning', file: 'lead.yaml'}))
    expect(runLead(['schema', 'export', '.lead/schemas'], {cwd: site, env}).code).toBe(0)
    expect(fs.readFileSync(copy)).toEqual(original)
    expect(validate(['--json']).json().warnings).toBe(0)
  })

  it('a YAML file outside the record folders is a warning; a symlinked record folder is an error', () => {
    writeSiteFile(site, 'docker-compose.yml', 'services: {}\n')
    const elsewhere = path.join(path.dirname(site), 'other-trainings')
    fs.cpSync(path.join(site, 'trainings'), elsewhere, {recursive: true})
    fs.renameSync(path.join(site, 'trainings'), path.join(path.dirname(site), 'trainings-moved'))
    fs.symlinkSync(elsewhere, path.join(site, 'trainings'))
    try {
      const r = validate(['--json'])
      const found = r.json().diagnostics.map((d: {file: string; code: string; severity: string}) => `${d.file} ${d.code} ${d.severity}`)
      expect(found).toContain('docker-compose.yml STRAY_YAML warning')
      expect(found).toContain('trainings SYMLINK error')
      expect(r.code).toBe(1)
    } finally {
      fs.rmSync(path.join(site, 'trainings'))
      fs.renameSync(path.join(path.dirname(site), 'trainings-moved'), path.join(site, 'trainings'))
      fs.rmSync(path.join(site, 'docker-compose.yml'))
    }
  })

  it('a bad time zone in lead.yaml is a finding at its line, not a crash', () => {
    const config = fs.readFileSync(path.join(site, 'lead.yaml'), 'utf8')
    fs.writeFileSync(path.join(site, 'lead.yaml'), config.replace('America/Los_Angeles', 'America/Los_Angles'))
    try {
      const r = validate(['--json'])
      expect(r.code).toBe(1)
      expect(r.stderr).toBe('')
      expect(r.json().diagnostics).toContainEqual(expect.objectContaining({file: 'lead.yaml', code: 'BAD_TIMEZONE', severity: 'error'}))
      const report = runLead(['report', 'funnel'], {cwd: site, env})
      expect(report.code).toBe(1)
      expect(report.stderr).toMatch(/^lead\.yaml:\d+:\d+: error BAD_TIMEZONE/)
    } finally {
      fs.writeFileSync(path.join(site, 'lead.yaml'), config)
    }
  })

  it('with -C, file arguments are relative to the site', () => {
    const r = runLead(['validate', '-C', site, 'partners/harbor-pd.yaml'], {cwd: path.dirname(site), env})
    expect(r.code, r.stderr).toBe(0)
  })

  it('rejects a bad --as-of and a bad --format with exit 2', () => {
    expect(validate(['--as-of', '2026-13-01']).code).toBe(2)
    expect(validate(['--format', 'xml']).code).toBe(2)
  })
})

describe('lead demo (npm start)', () => {
  it('creates the demo site once and reuses it on the next run', () => {
    const dir = path.join(path.dirname(site), 'demo')
    const first = runLead(['demo', dir], {env})
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).toMatch(/Created the demo site/)
    expect(first.stdout).toMatch(/referrals\/\s+\d+/)
    expect(first.stdout).toMatch(/✔ \d+ files valid/)
    const again = runLead(['demo', dir, '--json'], {env})
    expect(again.code).toBe(0)
    expect(again.json()).toMatchObject({created: false, validation: {ok: true}})
  })
})

describe('lead schema', () => {
  it('lists the kinds with their folders', () => {
    const r = runLead(['schema', 'list', '--json'], {env})
    expect(r.code).toBe(0)
    expect(r.json()).toContainEqual(expect.objectContaining({kind: 'referral', folder: 'referrals/<year>/', schema: 'referral.schema.json'}))
    expect(runLead(['schema', 'list'], {env}).stdout).toMatch(/roster\s+rosters\//)
  })

  it('shows a schema and an outline', () => {
    const schema = runLead(['schema', 'show', 'partner'], {env}).json()
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    const outline = runLead(['schema', 'show', 'roster', '--outline'], {env})
    expect(outline.stdout).toMatch(/badge {2}string \(required\)/)
    expect(runLead(['schema', 'show', 'lead', '-o', '--json'], {env}).json()).toContainEqual(expect.objectContaining({path: 'site.timezone', required: true}))
  })

  it('an unknown kind is a usage error with a suggestion', () => {
    const r = runLead(['schema', 'show', 'refferal'], {env})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/did you mean "referral"/)
  })

  it('exports every schema to a folder', () => {
    const out = path.join(path.dirname(site), 'schemas-out')
    const r = runLead(['schema', 'export', out, '--json'], {env})
    expect(r.code).toBe(0)
    expect(fs.readdirSync(out).sort()).toEqual(['consent', 'lead', 'mou', 'partner', 'protocol', 'referral', 'roster', 'training'].map((k) => `${k}.schema.json`))
  })
})

describe('parsing on worker threads', () => {
  it('finds exactly what a single thread finds on a site large enough to use workers', async () => {
    const {makeSite} = await import('../bench/lib/make-site.mjs')
    const big = path.join(path.dirname(site), 'big-site')
    const {invalid} = makeSite(big, 1500)
    const one = runLead(['validate', '--json', '--no-cache', '-C', big], {env: {...env, LEAD_THREADS: '1'}})
    const many = runLead(['validate', '--json', '--no-cache', '-C', big], {env: {...env, LEAD_THREADS: '3'}})
    expect(one.code).toBe(1)
    expect(invalid).toBeGreaterThan(5)
    expect(one.json().errors).toBe(invalid)
    expect(many.json()).toEqual(one.json())
  })
})

describe('the official YAML test suite, as records of a site', () => {
  const corpus = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../fixtures/yaml-test-suite')
  it('every case gets diagnostics or passes; the CLI never crashes', () => {
    const dir = path.join(path.dirname(site), 'corpus-site')
    fs.cpSync(site, dir, {recursive: true, filter: (src) => !src.includes(`${path.sep}.git`)})
    const cases = fs.readdirSync(corpus).filter((f) => f.endsWith('.yaml'))
    for (const f of cases) fs.copyFileSync(path.join(corpus, f), path.join(dir, 'partners', `yts-${f.toLowerCase()}`))
    const r = runLead(['validate', '--json', '-C', dir], {env})
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    const files = new Set(r.json().diagnostics.map((d: {file: string}) => d.file))
    // A YAML test case is never a valid partner record: each one is reported.
    expect(cases.filter((f) => !files.has(`partners/yts-${f.toLowerCase()}`))).toEqual([])
  })
})
