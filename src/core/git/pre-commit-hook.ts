/**
 * lead's two git hooks. The pre-commit hook validates what is about to be committed (`lead
 * validate --staged --since HEAD`: the records as staged, judged by HEAD's policy, and the review
 * rules on what the commit changes). The commit-msg hook refuses a message that names a
 * participant, for a commit that changes a referral or consent (`lead hooks check-message`), before
 * it is in the user's history, where the CI gate would find it only after.
 * Each records how to start the lead that installed it (this node and this bin/run.js), so it works
 * from a shell or a GUI whose PATH has no `lead`, and falls back to `lead` on the PATH when that
 * installation is gone. Installing and removing them: hook-install.ts.
 */
import {MESSAGE_CHECKED, shellQuote} from './site-repo.js'
import {STAGED_CHECK_SKIP} from './staged-check.js'
import {gitLine, repoPrefix} from './revision-files.js'
import fs from 'node:fs'
import path from 'node:path'
import {hookPrelude, hookRun, hookRunEach, hooksDir, hookSites, installHooks, narrowHooks, SITES_LINE, uninstallHooks, type HookCommand, type HookSpec, type InstallResult, type UninstallResult} from './hook-install.js'

export type {HookCommand, InstallResult, UninstallResult} from './hook-install.js'

/** Marks a hook as lead's, so installing again updates it without --force. */
export const HOOK_MARKER = '# lead pre-commit hook'
export const COMMIT_MSG_MARKER = '# lead commit-msg hook'

const installedBy = (cmd: HookCommand) => (cmd.version ? ` (installed by lead ${cmd.version})` : '')

export function preCommitHook(cmd: HookCommand): string {
  const sites = sitesOf(cmd)
  const each = sites.length > 1
  return `#!/bin/sh
${HOOK_MARKER}${installedBy(cmd)}: validates the records about to be
# committed, exactly as staged${each ? ', in each site of the repository that installed it' : ''}. Reinstall with \`lead hooks install\`; skip once with
# \`git commit --no-verify\`.
${SITES_LINE}${JSON.stringify(sites)}
${hookPrelude(cmd)}
# A commit lead itself makes (lead set, new, edit, the imports) of referrals and consents it judged
# exactly as this check would (the same lead, HEAD as it saw it, nothing else staged or differing):
# no second lead is started for it. lead gives its git the digest of HEAD and what is staged
# against it; git lists both here, and anything else runs the check (git/staged-check.ts).
${STAGED_CHECK_SKIP}
# With a HEAD to compare with, the records are judged by HEAD's lead.yaml policy (a commit cannot
# loosen the rules that judge it) and the review rules run: a policy change, an adopted protocol
# edited in place (git commit -am), a protocol re-judging recorded referrals, a change to the CI
# gate (workflows, the pinned lead, CODEOWNERS) are refused here, not only in CI. A reviewed policy
# or gate change goes in alone: LEAD_ACCEPT=POLICY_CHANGED (or GATE_CHANGED) git commit.
${each ? hookRunEach('pre-commit', 'the check', sites, VALIDATE_STAGED('"$LEAD_SITE"')) : `${VALIDATE_STAGED(shellQuote(sites[0]!))}\n${hookRun('pre-commit', 'the check')}`}`
}

/** The shell lines that set "$@" to the pre-commit check of the site in `dir` (a shell word). */
const VALIDATE_STAGED = (dir: string) => `set -- validate --staged -C ${dir}
if git rev-parse --verify --quiet HEAD >/dev/null 2>&1; then set -- "$@" --since HEAD; fi`

/** The sites a hook checks: cmd.sites, else its own site alone. */
const sitesOf = (cmd: HookCommand): readonly string[] => (cmd.sites && cmd.sites.length > 0 ? cmd.sites : [cmd.siteDir])

export function commitMsgHook(cmd: HookCommand): string {
  const sites = sitesOf(cmd)
  const each = sites.length > 1
  const check = (dir: string) => `set -- hooks check-message "$LEAD_MESSAGE" -C ${dir}`
  return `#!/bin/sh
${COMMIT_MSG_MARKER}${installedBy(cmd)}: refuses a commit message that names a
# participant, for a commit that changes a referral or consent (git keeps every message in every
# clone). Reinstall with \`lead hooks install\`; skip once with \`git commit --no-verify\`.
${SITES_LINE}${JSON.stringify(sites)}
# A commit lead itself makes (lead set, new, edit, the imports): its message was scanned before
# anything was written (write/commit-message.ts), so no second lead is started for it. lead gives
# its git the message it scanned; a commit a hook makes meanwhile has a message of its own.
if [ -n "\${${MESSAGE_CHECKED}:-}" ] && [ "$(git stripspace < "$1")" = "$(printf '%s\\n' "\$${MESSAGE_CHECKED}" | git stripspace)" ]; then exit 0; fi
${hookPrelude(cmd)}
# git gives the message's file relative to the top of the work tree; lead runs in the site folder.
case "$1" in /*) LEAD_MESSAGE="$1" ;; *) LEAD_MESSAGE="$(pwd)/$1" ;; esac
${each ? hookRunEach('commit-msg', 'the check', sites, check('"$LEAD_SITE"')) : `${check(shellQuote(sites[0]!))}\n${hookRun('commit-msg', 'the check')}`}`
}

export interface InstallOptions extends Omit<HookCommand, 'siteDir' | 'sites'> {
  /** Replace a hook that is not lead's (it is kept as a backup). */
  force?: boolean
}

export interface LeadHooksResult {
  preCommit: InstallResult
  commitMsg: InstallResult
}

function leadHooks(cmd: HookCommand): HookSpec[] {
  const dir = shellQuote(cmd.siteDir)
  return [
    {name: 'pre-commit', marker: HOOK_MARKER, script: preCommitHook(cmd), line: `lead validate --staged --since HEAD -C ${dir}`},
    {name: 'commit-msg', marker: COMMIT_MSG_MARKER, script: commitMsgHook(cmd), line: `lead hooks check-message "$1" -C ${dir}`},
  ]
}

const MARKERS = [HOOK_MARKER, COMMIT_MSG_MARKER]

/**
 * The sites lead's hooks in `dir` check besides `siteDir`: the repository's other sites that
 * installed them (one hook per repository runs for all), those whose folder still holds a site.
 */
function otherSites(dir: string, top: string, siteDir: string): string[] {
  const sites = new Set<string>()
  for (const name of ['pre-commit', 'commit-msg']) {
    let script: string
    try {
      script = fs.readFileSync(path.join(dir, name), 'utf8')
    } catch {
      continue
    }
    if (!MARKERS.some((marker) => script.includes(marker))) continue
    for (const site of hookSites(script) ?? []) if (site !== siteDir && fs.existsSync(path.join(top, site, 'lead.yaml'))) sites.add(site)
  }
  return [...sites].sort()
}

/** The site's folder from the top of its repository ('.' at the top), and that top. */
async function siteInRepository(root: string): Promise<{siteDir: string; top: string}> {
  const prefix = (await repoPrefix(root)).replace(/\/$/, '')
  return {siteDir: prefix || '.', top: (await gitLine(root, ['rev-parse', '--show-toplevel'])) ?? root}
}

/**
 * Install both hooks, or neither (HOOK_EXISTS) when one that is not lead's is there and not `force`.
 * Hooks lead installed for the repository's other sites keep checking them too.
 */
export async function installLeadHooks(root: string, options: InstallOptions): Promise<LeadHooksResult> {
  const {dir, hooksPath} = await hooksDir(root, true)
  const {siteDir, top} = await siteInRepository(root)
  const sites = [...new Set([siteDir, ...otherSites(dir, top, siteDir)])].sort()
  const [preCommit, commitMsg] = installHooks(dir, leadHooks({node: options.node, run: options.run, siteDir, sites, version: options.version}), options.force ?? false)
  return {preCommit: {...preCommit!, hooksPath, siteDir, sites}, commitMsg: {...commitMsg!, hooksPath, siteDir, sites}}
}

/**
 * Remove lead's hooks (never someone else's), putting back each hook --force replaced. When they
 * also check other sites of the repository, they are rewritten to check those alone ('narrowed').
 */
export async function uninstallLeadHooks(root: string, options: Omit<InstallOptions, 'force'>): Promise<{preCommit: UninstallResult; commitMsg: UninstallResult}> {
  const {dir} = await hooksDir(root)
  const {siteDir, top} = await siteInRepository(root)
  const others = otherSites(dir, top, siteDir)
  const [preCommit, commitMsg] =
    others.length > 0
      ? narrowHooks(dir, leadHooks({node: options.node, run: options.run, siteDir: others[0]!, sites: others, version: options.version}), others)
      : uninstallHooks(dir, [
          {name: 'pre-commit', marker: HOOK_MARKER},
          {name: 'commit-msg', marker: COMMIT_MSG_MARKER},
        ])
  return {preCommit: preCommit!, commitMsg: commitMsg!}
}
