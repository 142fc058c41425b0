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
import {repoPrefix} from './revision-files.js'
import {hookPrelude, hookRun, hooksDir, installHooks, uninstallHooks, type HookCommand, type HookSpec, type InstallResult, type UninstallResult} from './hook-install.js'

export type {HookCommand, InstallResult, UninstallResult} from './hook-install.js'

/** Marks a hook as lead's, so installing again updates it without --force. */
export const HOOK_MARKER = '# lead pre-commit hook'
export const COMMIT_MSG_MARKER = '# lead commit-msg hook'

const installedBy = (cmd: HookCommand) => (cmd.version ? ` (installed by lead ${cmd.version})` : '')

export function preCommitHook(cmd: HookCommand): string {
  return `#!/bin/sh
${HOOK_MARKER}${installedBy(cmd)}: validates the records about to be
# committed, exactly as staged. Reinstall with \`lead hooks install\`; skip once with
# \`git commit --no-verify\`.
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
set -- validate --staged -C ${shellQuote(cmd.siteDir)}
if git rev-parse --verify --quiet HEAD >/dev/null 2>&1; then set -- "$@" --since HEAD; fi
${hookRun('pre-commit', 'the check')}`
}

export function commitMsgHook(cmd: HookCommand): string {
  return `#!/bin/sh
${COMMIT_MSG_MARKER}${installedBy(cmd)}: refuses a commit message that names a
# participant, for a commit that changes a referral or consent (git keeps every message in every
# clone). Reinstall with \`lead hooks install\`; skip once with \`git commit --no-verify\`.
# A commit lead itself makes (lead set, new, edit, the imports): its message was scanned before
# anything was written (write/commit-message.ts), so no second lead is started for it. lead gives
# its git the message it scanned; a commit a hook makes meanwhile has a message of its own.
if [ -n "\${${MESSAGE_CHECKED}:-}" ] && [ "$(git stripspace < "$1")" = "$(printf '%s\\n' "\$${MESSAGE_CHECKED}" | git stripspace)" ]; then exit 0; fi
${hookPrelude(cmd)}
# git gives the message's file relative to the top of the work tree; lead runs in the site folder.
case "$1" in /*) LEAD_MESSAGE="$1" ;; *) LEAD_MESSAGE="$(pwd)/$1" ;; esac
set -- hooks check-message "$LEAD_MESSAGE" -C ${shellQuote(cmd.siteDir)}
${hookRun('commit-msg', 'the check')}`
}

export interface InstallOptions extends Omit<HookCommand, 'siteDir'> {
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

/** Install both hooks, or neither (HOOK_EXISTS) when one that is not lead's is there and not `force`. */
export async function installLeadHooks(root: string, options: InstallOptions): Promise<LeadHooksResult> {
  const {dir, hooksPath} = await hooksDir(root, true)
  const siteDir = (await repoPrefix(root)).replace(/\/$/, '') || '.'
  const [preCommit, commitMsg] = installHooks(dir, leadHooks({node: options.node, run: options.run, siteDir, version: options.version}), options.force ?? false)
  return {preCommit: {...preCommit!, hooksPath, siteDir}, commitMsg: {...commitMsg!, hooksPath, siteDir}}
}

/** Remove lead's hooks (never someone else's), putting back each hook --force replaced. */
export async function uninstallLeadHooks(root: string): Promise<{preCommit: UninstallResult; commitMsg: UninstallResult}> {
  const {dir} = await hooksDir(root)
  const [preCommit, commitMsg] = uninstallHooks(dir, [
    {name: 'pre-commit', marker: HOOK_MARKER},
    {name: 'commit-msg', marker: COMMIT_MSG_MARKER},
  ])
  return {preCommit: preCommit!, commitMsg: commitMsg!}
}
