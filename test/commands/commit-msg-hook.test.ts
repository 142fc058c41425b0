/**
 * The commit-msg hook `lead hooks install` writes: a message typed into `git commit` for a change
 * to a referral or consent that names someone is refused before the commit exists (the CI gate
 * would find it only after it is in the user's history), never repeated; what git strips (its
 * comment lines, what follows the scissors line of an edited message) is not scanned.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, siteInSubfolder, tempDir, testEnv} from '../support/cli.js'

const env = testEnv()
afterAll(cleanupTemp)

const REFERRAL = 'referrals/2025/r-2025-06-03-cv4zgx.yaml'
const NAME = 'Maria Lopez'

/** A change to a file of the site, staged. */
function stage(root: string, rel: string, top = root): void {
  fs.appendFileSync(path.join(root, rel), `# edited ${Math.random()}\n`)
  git(top, ['add', '-A'], env)
}

function commit(cwd: string, args: string[], extra: NodeJS.ProcessEnv = {}): {code: number; out: string} {
  const r = spawnSync('git', ['commit', ...args], {cwd, env: {...env, ...extra}, encoding: 'utf8'})
  return {code: r.status ?? -1, out: `${r.stdout}${r.stderr}`}
}

const head = (root: string) => git(root, ['rev-parse', 'HEAD'], env).trim()
const lastMessage = (root: string) => git(root, ['log', '-1', '--format=%B'], env).trim()

/** An editor (GIT_EDITOR) that writes `first` above what git put in the file and `last` below it. */
function editor(first: string, last = ''): string {
  const file = path.join(tempDir('lead-editor-'), 'edit.sh')
  fs.writeFileSync(file, `#!/bin/sh\n{ printf '%s\\n' '${first}'; cat "$1"; printf '%s' '${last}'; } > "$1.new" && mv "$1.new" "$1"\n`, {mode: 0o755})
  return file
}

function installed(): string {
  const root = exampleSite(env, {warm: true})
  const r = runLead(['hooks', 'install', '--json'], {cwd: root, env})
  expect(r.code, r.stderr).toBe(0)
  return root
}

describe('the commit-msg hook', () => {
  it("starts no lead for lead's own commits (their message was scanned before the write), and does for git's", () => {
    const root = installed()
    const hook = git(root, ['rev-parse', '--git-path', 'hooks/commit-msg'], env).trim()
    const ran = path.join(root, '.git', 'commit-msg-ran')
    // A line after the skip notes each run that gets past it.
    const text = fs.readFileSync(path.join(root, hook), 'utf8').replace(/^(if \[ -n "\$\{LEAD_MESSAGE_CHECKED:-\}" \].*; then exit 0; fi)$/m, `$1\necho ran >> '${ran}'`)
    expect(text).toContain('echo ran')
    fs.writeFileSync(path.join(root, hook), text)
    const set = runLead(['set', 'r-2025-06-03-cv4zgx', 'notes=called back'], {cwd: root, env})
    expect(set.code, set.stderr).toBe(0)
    expect(fs.existsSync(ran)).toBe(false)
    stage(root, REFERRAL)
    expect(commit(root, ['-m', 'referral: note']).code).toBe(0)
    expect(fs.readFileSync(ran, 'utf8')).toBe('ran\n')
  })

  it('refuses git commit -m naming someone on a referral change, unechoed; git keeps the message and -e -F reopens it', () => {
    const root = installed()
    const before = head(root)
    stage(root, REFERRAL)
    const bad = commit(root, ['-m', `referral: called ${NAME}`])
    expect(bad.code).not.toBe(0)
    expect(bad.out).toContain("error MESSAGE_HOLDS_IDENTIFIER the commit message looks like it holds a person's name")
    expect(bad.out).toContain('git keeps the message in .git/COMMIT_EDITMSG: `git commit -e -F .git/COMMIT_EDITMSG` at the top of the repository reopens it')
    expect(bad.out).not.toContain(NAME)
    expect(bad.out).not.toContain('Lopez')
    expect(head(root)).toBe(before)

    // what the hint says is so: the message is there, and reopened and reworded it is committed
    expect(fs.readFileSync(path.join(root, '.git/COMMIT_EDITMSG'), 'utf8')).toContain(NAME)
    const fix = path.join(tempDir('lead-editor-'), 'fix.sh')
    fs.writeFileSync(fix, `#!/bin/sh\nsed -i.bak 's/called ${NAME}/called the participant back/' "$1"\n`, {mode: 0o755})
    const good = commit(root, ['-e', '-F', '.git/COMMIT_EDITMSG'], {GIT_EDITOR: fix})
    expect(good.code, good.out).toBe(0)
    expect(lastMessage(root)).toBe('referral: called the participant back')

    // a consent change too; --no-verify skips the check
    stage(root, 'consents/c-2025-06-03-5el0oe.yaml')
    expect(commit(root, ['-m', `consent: ${NAME} signed`]).code).not.toBe(0)
    expect(commit(root, ['--no-verify', '-m', `consent: ${NAME} signed`]).code).toBe(0)
  })

  it('lets the same message through on a partner-only change, and a clean one on a referral', () => {
    const root = installed()
    stage(root, 'partners/harbor-pd.yaml')
    const partner = commit(root, ['-m', `partner: called ${NAME}`])
    expect(partner.code, partner.out).toBe(0)
    stage(root, REFERRAL)
    const clean = commit(root, ['-m', 'referral: add a note on the handoff'])
    expect(clean.code, clean.out).toBe(0)
    expect(lastMessage(root)).toBe('referral: add a note on the handoff')
  })

  it("skips what git strips from an edited message (its template's # Author: line, what follows the scissors line), and scans a -m's # line", () => {
    const root = installed()
    stage(root, REFERRAL)
    const template = path.join(tempDir('lead-template-'), 'template')
    fs.writeFileSync(template, '\n# Author: Jane Smith <jane@example.org>\n')
    const withTemplate = commit(root, ['-t', template], {GIT_EDITOR: editor('referral: note the handoff')})
    expect(withTemplate.code, withTemplate.out).toBe(0)
    expect(lastMessage(root)).toBe('referral: note the handoff')

    // git commit -v: the diff below the scissors line, and anything else there, is cut by git
    stage(root, REFERRAL)
    const verbose = commit(root, ['-v'], {GIT_EDITOR: editor('referral: another note', `${NAME} called 555-867-5309\n`)})
    expect(verbose.code, verbose.out).toBe(0)
    expect(lastMessage(root)).toBe('referral: another note')

    // -F with --cleanup=strip and an editor: comment lines go
    stage(root, REFERRAL)
    const file = path.join(tempDir('lead-msg-'), 'msg')
    fs.writeFileSync(file, 'referral: third note\n# Author: Jane Smith <jane@example.org>\n')
    const stripped = commit(root, ['-F', file, '--cleanup=strip', '-e'], {GIT_EDITOR: 'true'})
    expect(stripped.code, stripped.out).toBe(0)
    expect(lastMessage(root)).toBe('referral: third note')

    // but git keeps a # line of a message given with -m: it is scanned, and the hint says why
    stage(root, REFERRAL)
    const hashed = commit(root, ['-m', `#42 ${NAME} called`])
    expect(hashed.code).not.toBe(0)
    expect(hashed.out).toContain('a line starting with # counts too')
    expect(hashed.out).not.toContain(NAME)
  })

  it('checks a site in a subfolder of a larger repository, with core.hooksPath, on an unborn branch of its own', () => {
    const {top, site} = siteInSubfolder(exampleSite(env, {warm: true}), 'sites/harbor', env)
    git(top, ['config', 'core.hooksPath', 'githooks'], env)
    const r = runLead(['hooks', 'install', '--json'], {cwd: site, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json()).toMatchObject({hook: path.join(top, 'githooks', 'pre-commit'), siteDir: 'sites/harbor', commitMsg: {hook: path.join(top, 'githooks', 'commit-msg'), action: 'installed', backup: null}})
    expect(fs.readFileSync(path.join(top, 'githooks', 'commit-msg'), 'utf8')).toContain('hooks check-message "$LEAD_MESSAGE" -C sites/harbor')

    // a folder named referrals/ outside the site is not the site's
    fs.mkdirSync(path.join(top, 'referrals'))
    fs.writeFileSync(path.join(top, 'referrals', 'notes.txt'), 'x\n')
    git(top, ['add', '-A'], env)
    expect(commit(top, ['-m', `notes: from ${NAME}`]).code).toBe(0)

    stage(site, REFERRAL, top)
    const bad = commit(path.join(top, 'sites'), ['-m', `referral: called ${NAME}`])
    expect(bad.code).not.toBe(0)
    expect(bad.out).toContain('error MESSAGE_HOLDS_IDENTIFIER')
    expect(bad.out).not.toContain(NAME)

    // the first commit of a new repository
    const fresh = path.join(tempDir('lead-fresh-'), 'site')
    fs.cpSync(path.resolve('fixtures/example-site'), fresh, {recursive: true})
    git(fresh, ['init', '-q', '-b', 'main'], env)
    expect(runLead(['hooks', 'install'], {cwd: fresh, env}).code).toBe(0)
    git(fresh, ['add', '-A'], env)
    const first = commit(fresh, ['-m', `site: start, from ${NAME}`])
    expect(first.code).not.toBe(0)
    expect(first.out).toContain('error MESSAGE_HOLDS_IDENTIFIER')
    expect(commit(fresh, ['-m', 'site: start']).code).toBe(0)
  })

  it('install is idempotent, refuses a foreign commit-msg hook (writing neither), --force keeps it, uninstall puts it back', () => {
    const root = exampleSite(env, {warm: true})
    const hooks = path.join(root, '.git', 'hooks')
    const mine = '#!/bin/sh\nexec commitlint --edit "$1"\n'
    fs.writeFileSync(path.join(hooks, 'commit-msg'), mine, {mode: 0o755})
    const refused = runLead(['hooks', 'install'], {cwd: root, env})
    expect(refused.code).toBe(3)
    expect(refused.stderr).toContain(`error HOOK_EXISTS ${path.join(hooks, 'commit-msg')} already exists and is not lead's; it was left as it is`)
    expect(refused.stderr).toContain('commit-msg.backup')
    expect(fs.existsSync(path.join(hooks, 'pre-commit'))).toBe(false)
    expect(fs.readFileSync(path.join(hooks, 'commit-msg'), 'utf8')).toBe(mine)

    const forced = runLead(['hooks', 'install', '--force', '--json'], {cwd: root, env})
    expect(forced.code, forced.stderr).toBe(0)
    expect(forced.json()).toMatchObject({ok: true, action: 'installed', commitMsg: {action: 'replaced', backup: path.join(hooks, 'commit-msg.backup')}})
    expect(fs.readFileSync(path.join(hooks, 'commit-msg.backup'), 'utf8')).toBe(mine)
    expect(fs.readFileSync(path.join(hooks, 'commit-msg'), 'utf8')).toContain('# lead commit-msg hook')

    const again = runLead(['hooks', 'install', '--json'], {cwd: root, env})
    expect(again.json()).toMatchObject({action: 'unchanged', commitMsg: {action: 'unchanged'}})
    const text = runLead(['hooks', 'install'], {cwd: root, env})
    expect(text.stderr).toContain(`Already installed: the commit-msg hook ${path.join(hooks, 'commit-msg')}.`)

    const un = runLead(['hooks', 'uninstall', '--json'], {cwd: root, env})
    expect(un.code, un.stderr).toBe(0)
    expect(un.json()).toMatchObject({ok: true, action: 'removed', commitMsg: {action: 'restored', restored: path.join(hooks, 'commit-msg.backup')}})
    expect(fs.readFileSync(path.join(hooks, 'commit-msg'), 'utf8')).toBe(mine)
    expect(fs.existsSync(path.join(hooks, 'pre-commit'))).toBe(false)
    // only someone else's hook left: nothing of lead's to remove
    const none = runLead(['hooks', 'uninstall'], {cwd: root, env})
    expect(none.code).toBe(3)
    expect(none.stderr).toContain('error HOOK_NOT_LEADS')
    expect(fs.readFileSync(path.join(hooks, 'commit-msg'), 'utf8')).toBe(mine)
  })
})

describe('lead hooks check-message', () => {
  it('prints one JSON document: scanned or not, refused without the message, an unreadable file in one line', () => {
    const root = exampleSite(env, {warm: true})
    const file = path.join(tempDir('lead-msg-'), 'msg')
    fs.writeFileSync(file, `referral: called ${NAME} on 1990-04-12\n`)
    // a commit that changes no referral or consent (with nothing staged the commit would be an amendment of HEAD, judged by what HEAD changed)
    fs.writeFileSync(path.join(root, 'notes.txt'), 'agenda\n')
    git(root, ['add', 'notes.txt'], env)
    const nothingStaged = runLead(['hooks', 'check-message', file, '--json'], {cwd: root, env})
    expect(nothingStaged.code, nothingStaged.stderr).toBe(0)
    expect(nothingStaged.json()).toEqual({ok: true, scanned: false, file})

    stage(root, REFERRAL)
    const refused = runLead(['hooks', 'check-message', file, '--json'], {cwd: root, env})
    expect(refused.code).toBe(2)
    expect(refused.json()).toMatchObject({ok: false, error: {code: 'MESSAGE_HOLDS_IDENTIFIER'}})
    expect(refused.stdout + refused.stderr).not.toContain('Lopez')
    expect(refused.stdout + refused.stderr).not.toContain('1990')

    // a name the site declares as staff passes (a partner's contact), as in lead's own -m
    fs.writeFileSync(file, 'referral: handed off to Casey Ruiz\n')
    const clean = runLead(['hooks', 'check-message', file, '--json'], {cwd: root, env})
    expect(clean.code, clean.stderr).toBe(0)
    expect(clean.json()).toEqual({ok: true, scanned: true, file})

    const missing = runLead(['hooks', 'check-message', path.join(root, 'no-such-message'), '--json'], {cwd: root, env})
    expect(missing.code).toBe(4)
    expect(missing.json()).toMatchObject({ok: false, error: {code: 'MESSAGE_UNREADABLE', message: `cannot read the commit message ${path.join(root, 'no-such-message')}: there is no such file`}})
    const text = runLead(['hooks', 'check-message', path.join(root, 'no-such-message')], {cwd: root, env})
    expect(text.stderr.split('\n')[0]).toMatch(/^error MESSAGE_UNREADABLE /)
    expect(text.stderr).not.toMatch(/\n\s+at /)
  })
})
