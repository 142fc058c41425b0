/**
 * Which attributes files lead reads for the attributes git applies to a site's files
 * (records/git-attributes.ts): a filter named in any of them makes lead read the files instead of
 * trusting their blobs. Every way git's config can name the user's attributes file is followed:
 * the files a config includes (conditionally or not, however deep, loops cut), a worktree's own
 * config, the system config git is pointed at, and settings given in the environment.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, afterEach, beforeEach, describe, expect, it} from 'vitest'
import {convertsContent, outerAttributes} from '../../src/core/records/git-attributes.js'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const KEYS = ['HOME', 'XDG_CONFIG_HOME', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG_NOSYSTEM', 'GIT_ATTR_NOSYSTEM', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0']
let saved: Record<string, string | undefined>
let home: string
let repo: {top: string; gitDir: string}

beforeEach(() => {
  saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]))
  for (const k of KEYS) delete process.env[k]
  home = tempDir('lead-attr-home-')
  process.env.HOME = home
  process.env.GIT_CONFIG_NOSYSTEM = '1'
  process.env.GIT_ATTR_NOSYSTEM = '1'
  const top = tempDir('lead-attr-repo-')
  fs.mkdirSync(path.join(top, '.git', 'info'), {recursive: true})
  fs.writeFileSync(path.join(top, '.git', 'config'), '[core]\n\trepositoryformatversion = 0\n')
  repo = {top, gitDir: path.join(top, '.git')}
})

afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k]
    else process.env[k] = saved[k]
  }
})

const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(file), {recursive: true})
  fs.writeFileSync(file, text)
  return file
}
/** An attributes file naming a filter for every YAML file. */
const filtering = (file: string) => write(file, '*.yaml filter=crypt\n')
const converts = () => convertsContent(outerAttributes(repo, ''))

describe('the attributes files git reads for every repository', () => {
  it("reads the user's attributes file where git looks by default, and nothing converts without one", () => {
    expect(converts()).toBe(false)
    filtering(path.join(home, '.config', 'git', 'attributes'))
    expect(converts()).toBe(true)
  })

  it('follows core.attributesFile in the user’s config', () => {
    write(path.join(home, '.gitconfig'), '[core]\n\tattributesFile = ~/attrs\n')
    expect(converts()).toBe(false)
    filtering(path.join(home, 'attrs'))
    expect(converts()).toBe(true)
  })

  it('follows a config the user’s config includes, its own includes, and one on the header’s line', () => {
    write(path.join(home, '.gitconfig'), '[user]\n\tname = A\n[include]\n\tpath = conf/first.inc\n')
    write(path.join(home, 'conf', 'first.inc'), '[include] path = second.inc ; beside the including file\n')
    write(path.join(home, 'conf', 'second.inc'), '[core]\n\tattributesFile = "~/deep attrs"\n')
    filtering(path.join(home, 'deep attrs'))
    expect(converts()).toBe(true)
  })

  it('follows an [includeIf] whatever its condition: a file git may skip costs a read, never a wrong answer', () => {
    write(path.join(home, '.gitconfig'), '[includeIf "gitdir:/somewhere/else/"]\n\tpath = ~/work.inc\n')
    write(path.join(home, 'work.inc'), `[CORE]\n\tattributesfile = ${path.join(home, 'work-attrs')}\n`)
    filtering(path.join(home, 'work-attrs'))
    expect(converts()).toBe(true)
  })

  it('stops at a config that includes itself', () => {
    write(path.join(home, '.gitconfig'), '[include]\n\tpath = .gitconfig\n[core]\n\tattributesFile = ~/attrs\n')
    filtering(path.join(home, 'attrs'))
    expect(converts()).toBe(true)
  })

  it('reads a worktree’s own config, the system config git is pointed at, and settings in the environment', () => {
    write(path.join(repo.gitDir, 'config.worktree'), '[core]\n\tattributesFile = wt-attrs\n')
    filtering(path.join(repo.top, 'wt-attrs'))
    expect(converts()).toBe(true)
    fs.rmSync(path.join(repo.gitDir, 'config.worktree'))
    expect(converts()).toBe(false)

    delete process.env.GIT_CONFIG_NOSYSTEM
    process.env.GIT_CONFIG_SYSTEM = write(path.join(home, 'system.conf'), '[core]\n\tattributesFile = ~/sys-attrs\n')
    filtering(path.join(home, 'sys-attrs'))
    expect(converts()).toBe(true)
    process.env.GIT_CONFIG_NOSYSTEM = '1'
    expect(converts()).toBe(false)

    process.env.GIT_CONFIG_COUNT = '1'
    process.env.GIT_CONFIG_KEY_0 = 'core.attributesFile'
    process.env.GIT_CONFIG_VALUE_0 = path.join(home, 'sys-attrs')
    expect(converts()).toBe(true)
    process.env.GIT_CONFIG_KEY_0 = 'include.path'
    process.env.GIT_CONFIG_VALUE_0 = path.join(home, 'system.conf')
    expect(converts()).toBe(true)
  })

  it('does not take a path of another section (a submodule’s) for an include', () => {
    write(path.join(home, '.gitconfig'), '[submodule "lib"]\n\tpath = lib.inc\n')
    write(path.join(home, 'lib.inc'), '[core]\n\tattributesFile = ~/attrs\n')
    filtering(path.join(home, 'attrs'))
    expect(converts()).toBe(false)
  })
})

describe('which lines of an attributes file make git convert a record', () => {
  const given = (...texts: string[]) => convertsContent(texts.map((text, i) => write(path.join(home, `attributes-${i}`), text)))
  it.each([
    ['*.yaml filter=crypt', true],
    ['*.YML filter=crypt', true],
    ['* filter=crypt', true],
    ['referrals/** filter=crypt', true],
    ['*.y?ml filter=crypt', true],
    ['*ml filter=crypt', true],
    ['"*.yaml" filter=crypt', true],
    ['lead.yaml ident', true],
    ['*.yaml working-tree-encoding=UTF-16', true],
    ['[attr]secret filter=git-crypt diff=git-crypt\n*.yaml secret', true],
    ['*.pdf filter=lfs diff=lfs merge=lfs -text', false],
    ['scans/ filter=crypt', false],
    ['README.md ident', false],
    ['ml filter=crypt', false],
    ['*.yaml.bak filter=crypt', false],
    ['*.yaml -filter !ident', false],
    ['# *.yaml filter=crypt', false],
    ['*.yaml text eol=crlf', false],
    ['*.yaml binary', false],
    ['[attr]secret filter=git-crypt\n*.pdf secret', false],
    ['[attr]secret filter=git-crypt', false],
  ])('%j: %s', (text, expected) => {
    expect(given(text)).toBe(expected)
  })

  it('follows a macro defined in one file into the next, as git reads them in order', () => {
    expect(given('[attr]locked filter=git-crypt\n', '*.yaml locked\n')).toBe(true)
    expect(given('*.yaml locked\n')).toBe(false)
  })
})

describe('lead validate on a site whose files git converts through an attributes file an included config names', () => {
  it('reads the working tree, not the blob whose parse its cache holds', () => {
    const env = testEnv()
    const site = exampleSite(env, {warm: true})
    const file = 'consents/c-2025-06-03-5el0oe.yaml'
    const consent = path.join(site, file)
    const asSigned = fs.readFileSync(consent, 'utf8')
    expect(asSigned).toContain('signed: "2025-06-03"')
    const dayLater = asSigned.replace('signed: "2025-06-03"', 'signed: "2025-06-04"')
    // lead sees the consent signed a day after the referral that names it once: its cache holds that content's parse.
    fs.writeFileSync(consent, dayLater)
    const seen = runLead(['validate', '--json'], {cwd: site, env})
    expect(seen.code).toBe(1)
    expect(seen.stdout).toContain('CONSENT_NOT_YET_SIGNED')
    // Then a clean filter commits the working tree's consent as that same content, named in an attributes file the
    // user's config names through an include: git finds the file unchanged, its blob is the content lead knows.
    fs.writeFileSync(consent, asSigned)
    git(site, ['config', 'filter.shift.clean', `sed 's/^signed: "2025-06-03"/signed: "2025-06-04"/'`], env)
    git(site, ['config', 'filter.shift.smudge', 'cat'], env)
    write(path.join(env.HOME!, 'work-attributes'), 'consents/*.yaml filter=shift\n')
    write(path.join(env.HOME!, 'git', 'work.inc'), '[core]\n\tattributesFile = ~/work-attributes\n')
    fs.appendFileSync(env.GIT_CONFIG_GLOBAL!, '[includeIf "gitdir:/"]\n\tpath = git/work.inc\n')
    git(site, ['add', '--renormalize', 'consents'], env)
    git(site, ['commit', '-q', '--no-verify', '-m', 'a filter'], env)
    expect(git(site, ['status', '--porcelain'], env)).toBe('')
    expect(git(site, ['show', `HEAD:${file}`], env)).toBe(dayLater)
    // The working tree's consent is signed the day of the referral: no finding.
    const r = runLead(['validate', '--json'], {cwd: site, env})
    expect(r.stdout).not.toContain('CONSENT_NOT_YET_SIGNED')
    expect(r.code, r.stdout).toBe(0)
  })
})
