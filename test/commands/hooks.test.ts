import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {BIN, cleanupTemp, exampleSite, git, runLead, tempDir, testEnv} from '../support/cli.js'

const env = testEnv()
const read = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), 'utf8')
const write = (root: string, rel: string, text: string) => fs.writeFileSync(path.join(root, rel), text)

/** A PATH holding git and the shell's tools but no `lead` (and no node): as a GUI git client might have. */
function pathWithoutLead(): string {
  const bin = tempDir('lead-path-')
  for (const tool of ['git', 'sh', 'cat', 'dirname', 'pwd']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], {encoding: 'utf8'}).stdout.trim()
    if (found.startsWith('/')) fs.symlinkSync(found, path.join(bin, tool))
  }
  return bin
}

function commit(root: string, message: string, pathVar: string): {code: number; out: string} {
  const r = spawnSync('git', ['commit', '-m', message], {cwd: root, env: {...env, PATH: pathVar}, encoding: 'utf8'})
  return {code: r.status ?? -1, out: `${r.stdout}${r.stderr}`}
}

const head = (root: string) => git(root, ['rev-parse', 'HEAD'], env).trim()

afterAll(cleanupTemp)

describe('lead hooks install', () => {
  it('blocks a bad commit and lets a good one through, with no lead on the PATH', () => {
    const root = exampleSite(env, {warm: true})
    const r = runLead(['hooks', 'install'], {cwd: root, env})
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(`Installed the pre-commit hook ${path.join(root, '.git', 'hooks', 'pre-commit')}`)
    const hook = read(root, '.git/hooks/pre-commit')
    expect(hook).toContain(`LEAD_NODE=${process.execPath}`)
    expect(hook).toContain(`LEAD_RUN=${BIN}`)
    expect(fs.statSync(path.join(root, '.git/hooks/pre-commit')).mode & 0o111).not.toBe(0)

    const PATH = pathWithoutLead()
    expect(spawnSync('sh', ['-c', 'command -v lead'], {env: {PATH}}).status).not.toBe(0)

    const before = head(root)
    write(root, 'partners/harbor-pd.yaml', read(root, 'partners/harbor-pd.yaml').replace(/^name: /m, 'nmae: '))
    git(root, ['add', 'partners/harbor-pd.yaml'], env)
    const bad = commit(root, 'partner: typo', PATH)
    expect(bad.code).not.toBe(0)
    expect(bad.out).toContain('partners/harbor-pd.yaml:4:1: error UNKNOWN_FIELD unknown field "nmae"')
    expect(head(root)).toBe(before)

    write(root, 'partners/harbor-pd.yaml', read(root, 'partners/harbor-pd.yaml').replace(/^nmae: .*$/m, 'name: Harbor City Police Department'))
    git(root, ['add', 'partners/harbor-pd.yaml'], env)
    const good = commit(root, 'partner: set harbor-pd name', PATH)
    expect(good.code).toBe(0)
    expect(head(root)).not.toBe(before)
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe('partner: set harbor-pd name')
  })

  it('blocks git commit -am that edits an adopted protocol in place (review rules run against HEAD)', () => {
    const root = exampleSite(env, {warm: true})
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    expect(read(root, '.git/hooks/pre-commit')).toContain('--since HEAD')
    const before = head(root)
    write(root, 'protocols/2026-v2.yaml', read(root, 'protocols/2026-v2.yaml').replace('max_quantity: 3', 'max_quantity: 5'))
    const r = spawnSync('git', ['commit', '-am', 'protocol: raise threshold'], {cwd: root, env, encoding: 'utf8'})
    expect(r.status).not.toBe(0)
    expect(`${r.stdout}${r.stderr}`).toMatch(/protocols\/2026-v2\.yaml:\d+:\d+: error ADOPTED_PROTOCOL_EDITED adopted protocol 2026-v2 changed without a new version: divertible_charges\[[^\]]+\]\.max_quantity: 3 → 5/)
    expect(head(root)).toBe(before)

    git(root, ['checkout', '--', 'protocols/2026-v2.yaml'], env)
    write(root, 'protocols/2026-v2.yaml', read(root, 'protocols/2026-v2.yaml').replace('min_age: 18', 'min_age: 21'))
    const age = spawnSync('git', ['commit', '-am', 'protocol: raise age'], {cwd: root, env, encoding: 'utf8'})
    expect(age.status).not.toBe(0)
    expect(`${age.stdout}${age.stderr}`).toContain('min_age: 18 → 21')
    expect(head(root)).toBe(before)
  })

  it('checks the first commit too (no HEAD to compare with yet)', () => {
    const root = tempDir('lead-hook-first-')
    fs.cpSync(path.resolve('fixtures/example-site'), root, {recursive: true})
    git(root, ['init', '-q', '-b', 'main'], env)
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    git(root, ['add', '-A'], env)
    const r = spawnSync('git', ['commit', '-q', '-m', 'site: start'], {cwd: root, env, encoding: 'utf8'})
    expect(`${r.stdout}${r.stderr}`).not.toContain('BAD_REVISION')
    expect(r.status).toBe(0)
    expect(git(root, ['log', '--format=%s'], env).trim()).toBe('site: start')
  })

  it('checks the staged copy, not the working tree, during git commit', () => {
    const root = exampleSite(env, {warm: true})
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    const PATH = pathWithoutLead()
    const good = read(root, 'partners/harbor-pd.yaml')
    write(root, 'partners/harbor-pd.yaml', good.replace(/^name: /m, 'nmae: '))
    git(root, ['add', 'partners/harbor-pd.yaml'], env)
    write(root, 'partners/harbor-pd.yaml', good.replace(/^name: .*$/m, 'name: Fixed On Disk Only'))
    expect(commit(root, 'bad staged', PATH).code).not.toBe(0)
    // and `git commit -a` stages the valid working-tree copy first (a temporary index): it passes
    const all = spawnSync('git', ['commit', '-a', '-m', 'partner: rename'], {cwd: root, env: {...env, PATH}, encoding: 'utf8'})
    expect(all.status).toBe(0)
  })

  it('falls back to lead on the PATH when the installing lead has moved', () => {
    const root = exampleSite(env, {warm: true})
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    const hookFile = path.join(root, '.git/hooks/pre-commit')
    fs.writeFileSync(hookFile, read(root, '.git/hooks/pre-commit').replace(/^LEAD_RUN=.*$/m, 'LEAD_RUN=/nonexistent/bin/run.js'))
    const PATH = pathWithoutLead()
    const marker = path.join(tempDir('lead-marker-'), 'ran')
    fs.writeFileSync(path.join(PATH, 'lead'), `#!/bin/sh\necho "$@" > ${marker}\nexec ${process.execPath} ${BIN} "$@"\n`, {mode: 0o755})
    write(root, 'partners/harbor-pd.yaml', read(root, 'partners/harbor-pd.yaml').replace(/^name: /m, 'nmae: '))
    git(root, ['add', '-A'], env)
    expect(commit(root, 'bad', PATH).code).not.toBe(0)
    expect(fs.readFileSync(marker, 'utf8').trim()).toBe('validate --staged -C . --since HEAD')

    fs.rmSync(path.join(PATH, 'lead'))
    const none = commit(root, 'bad', PATH)
    expect(none.code).not.toBe(0)
    expect(none.out).toContain('lead pre-commit hook: cannot find lead')
  })

  it('keeps an existing hook unless --force, and keeps a backup when forced', () => {
    const root = exampleSite(env, {warm: true})
    const hookFile = path.join(root, '.git/hooks/pre-commit')
    fs.writeFileSync(hookFile, '#!/bin/sh\necho mine\n', {mode: 0o755})
    const r = runLead(['hooks', 'install'], {cwd: root, env})
    expect(r.code).toBe(3)
    expect(r.stderr).toContain(`error HOOK_EXISTS ${hookFile} already exists and is not lead's; it was left as it is`)
    expect(r.stderr).toContain('hint: run `lead hooks install --force`')
    expect(fs.readFileSync(hookFile, 'utf8')).toBe('#!/bin/sh\necho mine\n')

    const forced = runLead(['hooks', 'install', '--force', '--json'], {cwd: root, env})
    expect(forced.code).toBe(0)
    expect(forced.json()).toMatchObject({ok: true, action: 'replaced', hook: hookFile, backup: `${hookFile}.backup`, siteDir: '.'})
    expect(fs.readFileSync(`${hookFile}.backup`, 'utf8')).toBe('#!/bin/sh\necho mine\n')
    expect(fs.readFileSync(hookFile, 'utf8')).toContain('validate --staged')

    // installing again updates lead's own hook without --force
    const again = runLead(['hooks', 'install', '--json'], {cwd: root, env})
    expect(again.code).toBe(0)
    expect(again.json().action).toBe('unchanged')

    // uninstall puts the replaced hook back; a hook that is not lead's is never removed
    const un = runLead(['hooks', 'uninstall', '--json'], {cwd: root, env})
    expect(un.code).toBe(0)
    expect(un.json()).toMatchObject({ok: true, action: 'restored', hook: hookFile})
    expect(fs.readFileSync(hookFile, 'utf8')).toBe('#!/bin/sh\necho mine\n')
    expect(fs.existsSync(`${hookFile}.backup`)).toBe(false)
    const refused = runLead(['hooks', 'uninstall'], {cwd: root, env})
    expect(refused.code).toBe(3)
    expect(refused.stderr).toContain('error HOOK_NOT_LEADS')
    expect(fs.readFileSync(hookFile, 'utf8')).toBe('#!/bin/sh\necho mine\n')
  })

  it('honours core.hooksPath', () => {
    const root = exampleSite(env, {warm: true})
    git(root, ['config', 'core.hooksPath', 'githooks'], env)
    const r = runLead(['hooks', 'install', '--json'], {cwd: root, env})
    expect(r.code).toBe(0)
    expect(r.json()).toMatchObject({hook: path.join(root, 'githooks', 'pre-commit'), hooksPath: 'githooks'})
    expect(fs.existsSync(path.join(root, '.git/hooks/pre-commit'))).toBe(false)
    write(root, 'partners/harbor-pd.yaml', read(root, 'partners/harbor-pd.yaml').replace(/^name: /m, 'nmae: '))
    git(root, ['add', 'partners/harbor-pd.yaml'], env)
    expect(commit(root, 'bad', pathWithoutLead()).code).not.toBe(0)
  })

  it('validates a site kept in a subfolder of a larger repository', () => {
    const repo = tempDir('lead-repo-')
    git(repo, ['init', '-q', '--initial-branch=main'], env)
    // lead init makes its own repository; a site can also live inside a larger one
    const own = exampleSite(env, {warm: true})
    fs.cpSync(own, path.join(repo, 'site'), {recursive: true, filter: (src) => path.basename(src) !== '.git'})
    git(repo, ['add', '-A'], env)
    git(repo, ['commit', '-q', '-m', 'site'], env)
    expect(runLead(['hooks', 'install'], {cwd: path.join(repo, 'site'), env}).code).toBe(0)
    expect(read(repo, '.git/hooks/pre-commit')).toContain('validate --staged -C site')
    write(repo, 'site/partners/harbor-pd.yaml', read(repo, 'site/partners/harbor-pd.yaml').replace(/^name: /m, 'nmae: '))
    git(repo, ['add', '-A'], env)
    const bad = commit(repo, 'bad', pathWithoutLead())
    expect(bad.code).not.toBe(0)
    expect(bad.out).toContain('partners/harbor-pd.yaml:4:1: error UNKNOWN_FIELD')
  })
})

describe('lead hooks in a repository holding several sites', () => {
  const HOOK = '.git/hooks/pre-commit'
  /** A repository with two copies of the example site, in a/ and b/, and what a hook of lead's there says it checks. */
  function twoSites(): string {
    const repo = tempDir('lead-sites-')
    git(repo, ['init', '-q', '--initial-branch=main'], env)
    const own = exampleSite(env, {warm: true})
    for (const site of ['a', 'b']) fs.cpSync(own, path.join(repo, site), {recursive: true, filter: (src) => path.basename(src) !== '.git'})
    git(repo, ['add', '-A'], env)
    git(repo, ['commit', '-q', '-m', 'two sites'], env)
    return repo
  }
  const hooks = (repo: string, verb: 'install' | 'uninstall', site: string) => {
    const r = runLead(['hooks', verb, '--json'], {cwd: path.join(repo, site), env})
    expect(r.code, r.stderr).toBe(0)
    return r.json()
  }
  /** A partner of `site` made invalid and staged: whether git commits it, the change taken back either way. */
  function commitsInvalid(repo: string, site: string): boolean {
    const file = `${site}/partners/harbor-pd.yaml`
    const before = head(repo)
    const was = read(repo, file)
    write(repo, file, was.replace(/^name: /m, 'nmae: '))
    git(repo, ['add', file], env)
    const r = commit(repo, `${site}: typo`, pathWithoutLead())
    if (r.code !== 0) expect(r.out).toContain('partners/harbor-pd.yaml:4:1: error UNKNOWN_FIELD')
    const committed = head(repo) !== before
    if (committed) git(repo, ['reset', '-q', '--hard', before], env)
    else {
      write(repo, file, was)
      git(repo, ['add', file], env)
    }
    return committed
  }

  it("checks every site that installed the hooks, keeps the others' check when one site removes its own, and prunes a site that is gone", () => {
    const repo = twoSites()
    expect(hooks(repo, 'install', 'a')).toMatchObject({siteDir: 'a', sites: ['a']})
    expect(commitsInvalid(repo, 'b')).toBe(true)
    // b's install keeps a's check: one pre-commit hook per repository checks both.
    expect(hooks(repo, 'install', 'b')).toMatchObject({siteDir: 'b', sites: ['a', 'b'], action: 'updated'})
    expect(read(repo, HOOK)).toContain('# lead checks the sites: ["a","b"]')
    expect(read(repo, '.git/hooks/commit-msg')).toContain('# lead checks the sites: ["a","b"]')
    expect(commitsInvalid(repo, 'a')).toBe(false)
    expect(commitsInvalid(repo, 'b')).toBe(false)
    // A change that is valid passes the checks of both sites.
    write(repo, 'b/partners/harbor-pd.yaml', read(repo, 'b/partners/harbor-pd.yaml').replace(/^name: .*$/m, 'name: Harbor City Police'))
    git(repo, ['add', '-A'], env)
    expect(commit(repo, 'b: partner renamed', pathWithoutLead()).code).toBe(0)
    // The commit-msg hook checks each site too: a message naming someone, for a referral change in b.
    fs.appendFileSync(path.join(repo, 'b/referrals/2025/r-2025-06-03-cv4zgx.yaml'), '# called back\n')
    git(repo, ['add', '-A'], env)
    const named = commit(repo, 'referral: called Maria Lopez', pathWithoutLead())
    expect(named.code).not.toBe(0)
    expect(named.out).toContain('MESSAGE_HOLDS_IDENTIFIER')
    git(repo, ['reset', '-q', '--hard', 'HEAD'], env)

    // a stops its check; b's stays.
    const narrowed = hooks(repo, 'uninstall', 'a')
    expect(narrowed).toMatchObject({action: 'narrowed', sites: ['b'], commitMsg: {action: 'narrowed', sites: ['b']}})
    expect(read(repo, HOOK)).toContain('# lead checks the sites: ["b"]')
    expect(read(repo, HOOK)).toContain('validate --staged -C b')
    expect(commitsInvalid(repo, 'a')).toBe(true)
    expect(commitsInvalid(repo, 'b')).toBe(false)
    expect(hooks(repo, 'uninstall', 'b')).toMatchObject({action: 'removed'})
    expect(fs.existsSync(path.join(repo, HOOK))).toBe(false)

    // A site that is gone from the repository is not checked again (each commit would fail on it).
    hooks(repo, 'install', 'a')
    hooks(repo, 'install', 'b')
    git(repo, ['rm', '-rq', 'b'], env)
    git(repo, ['commit', '-q', '--no-verify', '-m', 'b moved out'], env)
    expect(hooks(repo, 'install', 'a')).toMatchObject({sites: ['a']})
  })

  it('reads the site a hook of an earlier lead checks, from its -C folder', () => {
    const repo = twoSites()
    hooks(repo, 'install', 'a')
    // As an earlier lead wrote it: no line naming the sites.
    write(repo, HOOK, read(repo, HOOK).replace(/^# lead checks the sites: .*\n/m, ''))
    expect(hooks(repo, 'install', 'b')).toMatchObject({sites: ['a', 'b']})
    expect(commitsInvalid(repo, 'a')).toBe(false)
  })

  it('says which sites the hooks check, in words', () => {
    const repo = twoSites()
    hooks(repo, 'install', 'a')
    const r = runLead(['hooks', 'install'], {cwd: path.join(repo, 'b'), env})
    expect(r.stderr).toContain("The hooks check the repository's sites a, b.")
    const u = runLead(['hooks', 'uninstall'], {cwd: path.join(repo, 'b'), env})
    expect(u.stderr).toContain("no longer checks this site; it still checks a.")
  })
})
