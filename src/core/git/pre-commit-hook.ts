/**
 * The pre-commit hook that validates what is about to be committed (`lead validate --staged
 * --since HEAD`: the records as staged, judged by HEAD's policy, and the review rules on what the
 * commit changes).
 * It records how to start the lead that installed it (this node and this bin/run.js), so it works
 * from a shell or a GUI whose PATH has no `lead`, and falls back to `lead` on the PATH when that
 * installation is gone.
 */
import fs from 'node:fs'
import path from 'node:path'
import {stateError} from '../errors.js'
import {writeFileAtomic} from '../records/atomic-write.js'
import {shellQuote} from './site-repo.js'
import {repoPrefix, runGit} from './revision-files.js'

/** Marks a hook as lead's, so installing again updates it without --force. */
export const HOOK_MARKER = '# lead pre-commit hook'

export interface HookCommand {
  /** Absolute path of the node binary to run lead with. */
  node: string
  /** Absolute path of lead's bin/run.js. */
  run: string
  /** The site folder relative to the top of the repository ('.' at the top). */
  siteDir: string
  version?: string
}

export function preCommitHook(cmd: HookCommand): string {
  const dir = shellQuote(cmd.siteDir)
  return `#!/bin/sh
${HOOK_MARKER}${cmd.version ? ` (installed by lead ${cmd.version})` : ''}: validates the records about to be
# committed, exactly as staged. Reinstall with \`lead hooks install\`; skip once with
# \`git commit --no-verify\`.
LEAD_NODE=${shellQuote(cmd.node)}
LEAD_RUN=${shellQuote(cmd.run)}
# git runs hooks at the top of the work tree; relative paths git exports must survive lead's -C.
case "\${GIT_INDEX_FILE:-}" in ''|/*) ;; *) GIT_INDEX_FILE="$(pwd)/$GIT_INDEX_FILE"; export GIT_INDEX_FILE ;; esac
case "\${GIT_DIR:-}" in ''|/*) ;; *) GIT_DIR="$(pwd)/$GIT_DIR"; export GIT_DIR ;; esac
case "\${GIT_WORK_TREE:-}" in ''|/*) ;; *) GIT_WORK_TREE="$(pwd)/$GIT_WORK_TREE"; export GIT_WORK_TREE ;; esac
# With a HEAD to compare with, the records are judged by HEAD's lead.yaml policy (a commit cannot
# loosen the rules that judge it) and the review rules run: a policy change, an adopted protocol
# edited in place (git commit -am), a protocol re-judging recorded referrals, a change to the CI
# gate (workflows, the pinned lead, CODEOWNERS) are refused here, not only in CI. A reviewed policy
# or gate change goes in alone: LEAD_ACCEPT=POLICY_CHANGED (or GATE_CHANGED) git commit.
set -- validate --staged -C ${dir}
if git rev-parse --verify --quiet HEAD >/dev/null 2>&1; then set -- "$@" --since HEAD; fi
if [ -x "$LEAD_NODE" ] && [ -f "$LEAD_RUN" ]; then
  exec "$LEAD_NODE" "$LEAD_RUN" "$@"
elif command -v lead >/dev/null 2>&1; then
  exec lead "$@"
else
  echo "lead pre-commit hook: cannot find lead (not at $LEAD_RUN, not on the PATH)." >&2
  echo "  Reinstall lead and run \\\`lead hooks install\\\`, or commit with --no-verify to skip the check." >&2
  exit 1
fi
`
}

export interface InstallOptions extends Omit<HookCommand, 'siteDir'> {
  /** Replace a hook that is not lead's (it is kept as a backup). */
  force?: boolean
}

export interface InstallResult {
  hook: string
  action: 'installed' | 'updated' | 'replaced' | 'unchanged'
  /** Where a replaced hook was moved. */
  backup?: string
  /** core.hooksPath, when the repository sets it. */
  hooksPath?: string
  siteDir: string
}

async function gitLine(root: string, args: string[]): Promise<string | undefined> {
  const r = await runGit(root, args)
  const line = r.stdout.toString('utf8').trim()
  return r.code === 0 && line ? line : undefined
}

/** The folder git runs hooks from: core.hooksPath when set, else the repository's hooks folder. */
export async function hooksDir(root: string): Promise<{dir: string; hooksPath?: string}> {
  const top = await gitLine(root, ['rev-parse', '--show-toplevel'])
  if (!top) throw stateError('NOT_A_REPO', 'the site is not in a git repository', 'create it with `lead init`, or run `git init` in the site folder')
  const configured = await gitLine(root, ['config', '--get', 'core.hooksPath'])
  if (configured) {
    const expanded = configured.startsWith('~/') ? path.join(process.env.HOME ?? '~', configured.slice(2)) : configured
    // A relative core.hooksPath is relative to where hooks run: the top of the work tree.
    return {dir: path.resolve(top, expanded), hooksPath: configured}
  }
  const gitPath = await gitLine(root, ['rev-parse', '--git-path', 'hooks'])
  return {dir: path.resolve(root, gitPath ?? '.git/hooks')}
}

export async function installPreCommitHook(root: string, options: InstallOptions): Promise<InstallResult> {
  const {dir, hooksPath} = await hooksDir(root)
  const prefix = (await repoPrefix(root)).replace(/\/$/, '')
  const siteDir = prefix || '.'
  const hook = path.join(dir, 'pre-commit')
  const script = preCommitHook({node: options.node, run: options.run, siteDir, version: options.version})
  let action: InstallResult['action'] = 'installed'
  let backup: string | undefined
  let existing: string | undefined
  try {
    existing = fs.readFileSync(hook, 'utf8')
  } catch {
    existing = undefined
  }
  if (existing !== undefined) {
    if (existing.includes(HOOK_MARKER)) {
      action = existing === script ? 'unchanged' : 'updated'
    } else if (!options.force) {
      throw stateError('HOOK_EXISTS', `${hook} already exists and is not lead's; it was left as it is`, `run \`lead hooks install --force\` to replace it (the old hook is kept as pre-commit.backup), or add this line to it: lead validate --staged --since HEAD -C ${shellQuote(siteDir)}`, {hook})
    } else {
      backup = freeName(`${hook}.backup`)
      fs.renameSync(hook, backup)
      action = 'replaced'
    }
  }
  fs.mkdirSync(dir, {recursive: true})
  writeFileAtomic(hook, script, 0o755)
  fs.chmodSync(hook, 0o755)
  return {hook, action, backup, hooksPath, siteDir}
}

function freeName(base: string): string {
  if (!fs.existsSync(base)) return base
  for (let n = 1; ; n++) if (!fs.existsSync(`${base}.${n}`)) return `${base}.${n}`
}

export interface UninstallResult {
  hook: string
  action: 'removed' | 'restored' | 'absent'
  /** The earlier hook put back in place (from pre-commit.backup). */
  restored?: string
}

/** Remove lead's pre-commit hook (never someone else's), putting back the hook --force replaced. */
export async function uninstallPreCommitHook(root: string): Promise<UninstallResult> {
  const {dir} = await hooksDir(root)
  const hook = path.join(dir, 'pre-commit')
  let existing: string
  try {
    existing = fs.readFileSync(hook, 'utf8')
  } catch {
    return {hook, action: 'absent'}
  }
  if (!existing.includes(HOOK_MARKER)) throw stateError('HOOK_NOT_LEADS', `${hook} is not lead's hook; it was left as it is`, 'remove it by hand if you no longer want it')
  fs.rmSync(hook)
  const backup = `${hook}.backup`
  if (fs.existsSync(backup)) {
    fs.renameSync(backup, hook)
    return {hook, action: 'restored', restored: backup}
  }
  return {hook, action: 'removed'}
}
