/**
 * What `lead validate` concludes, the same in every format: --strict on a warnings-only site,
 * JUnit that a real XML parser reads whatever a record holds, a cross-record finding on either file.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, runLead, testEnv, writeSiteFile} from '../support/cli.js'
import {parseJunit} from '../support/junit-xml.js'

afterAll(cleanupTemp)

const env = testEnv()
let site: string
const validate = (args: string[]) => runLead(['validate', '--as-of', '2026-11-27', ...args], {cwd: site, env})

beforeAll(() => {
  site = exampleSite(env)
})

describe('lead validate --strict on a site with warnings only', () => {
  const file = 'partners/harbor-fire.yaml'
  // On the PCG but party to no signed MOU: a warning (PCG_NOT_IN_MOU), and nothing else.
  beforeAll(() => writeSiteFile(site, file, 'id: harbor-fire\nname: Harbor Fire\ntype: other\npcg_member: true\n'))
  afterAll(() => fs.rmSync(path.join(site, file)))

  it('without --strict: exit 0, valid with a warning', () => {
    const text = validate([])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^✔ \d+ files valid, 1 warning$/m)
    expect(text.stdout).toContain(`${file}:4:13: warning PCG_NOT_IN_MOU`)
  })

  it('text: exit 1 and the summary says the warnings fail', () => {
    const r = validate(['--strict'])
    expect(r.code).toBe(1)
    expect(r.stdout).not.toMatch(/✔/)
    expect(r.stdout).toMatch(/^✖ \d+ warnings? in \d+ files \(--strict: warnings fail\)$/m)
  })

  it('json: ok false, exit 1', () => {
    const r = validate(['--strict', '--json'])
    expect(r.code).toBe(1)
    expect(r.json()).toMatchObject({ok: false, strict: true, errors: 0})
    expect(validate(['--json']).json()).toMatchObject({ok: true, strict: false, errors: 0})
  })

  it('junit: the file with warnings fails, exit 1', () => {
    const r = validate(['--strict', '--format', 'junit'])
    expect(r.code).toBe(1)
    const [strict, plain] = parseJunit(r.stdout, validate(['--format', 'junit']).stdout)
    expect(strict!.failures).not.toBe('0')
    expect(strict!.failureTexts.join('\n')).toContain(`${file}:`)
    expect(plain!.failures).toBe('0')
  })

  it('github: warnings annotated as errors, exit 1', () => {
    const r = validate(['--strict', '--format', 'github'])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(new RegExp(`^::error file=${file},line=\\d+,col=\\d+,title=\\w+ \\(warning%2C --strict\\)::`, 'm'))
    expect(r.stdout).not.toMatch(/^::warning /m)
  })
})

describe('lead validate --format junit', () => {
  const file = 'partners/odd-values.yaml'
  beforeAll(() => writeSiteFile(site, file, 'id: odd-values\nname: "Odd \\uFFFE value \\uFFFF end"\ntype: "law\\uFFFE\\u0001"\nnotes: "\\u0007 <&> ]]>"\n'))
  afterAll(() => fs.rmSync(path.join(site, file)))

  it('is well-formed XML when record values hold U+FFFE, U+FFFF and control characters', () => {
    const r = validate(['--format', 'junit'])
    expect(r.code).toBe(1)
    const [parsed] = parseJunit(r.stdout)
    expect(parsed!.failures).toBe('1')
    expect(parsed!.failureTexts.join('\n')).toMatch(/law\\ufffe\\u0001/)
  })
})

describe('lead validate FILE on a finding about two files', () => {
  const v1 = 'protocols/2025-v1.yaml'
  let original: string
  beforeAll(() => {
    original = fs.readFileSync(path.join(site, v1), 'utf8')
    const to = /to: "?(\d{4}-\d{2}-\d{2})"?/.exec(original)
    if (!to) throw new Error('the example 2025-v1 protocol has no effective.to')
    fs.writeFileSync(path.join(site, v1), original.replace(to[0], to[0].replace(to[1]!, '2026-06-30')))
  })
  afterAll(() => fs.writeFileSync(path.join(site, v1), original))

  it('shows the overlap whichever protocol is named', () => {
    for (const file of [v1, 'protocols/2026-v2.yaml']) {
      const r = validate([file])
      expect(r.code, file).toBe(1)
      expect(r.stdout).toMatch(new RegExp(`^${file}:\\d+:\\d+: error PROTOCOL_OVERLAP `, 'm'))
    }
  })
})
