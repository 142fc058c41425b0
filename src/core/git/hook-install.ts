/**
 * Installing and removing one of lead's git hooks: where git runs hooks from (core.hooksPath or the
 * repository's hooks folder), a hook that is lead's (it holds its marker line) updated in place,
 * one that is not refused unless forced (then kept as `<hook>.backup`, put back on removal).
 * Every hook is planned before any is written, so a refused install writes none.
 */
import fs from 'node:fs'
import path from 'node:path'
import {stateError} from '../errors.js'
import {writeFileAtomic} from '../records/atomic-write.js'
import {shellQuote} from './site-repo.js'
import {gitLine} from './revision-files.js'

/** How a hook starts lead: the lead that installed it, else `lead` on the PATH. */
export interface HookCommand {
  /** Absolute path of the node binary to run lead with. */
  node: string
  /** Absolute path of lead's bin/run.js. */
  run: string
  /** The site folder relative to the top of the repository ('.' at the top). */
  siteDir: string
  /**
   * Every site folder the hook checks, siteDir among them: a repository holding several sites runs
   * one hook for all (git has one pre-commit hook per repository). Default: siteDir alone.
   */
  sites?: readonly string[]
  version?: string
}

export interface HookSpec {
  /** The hook's name in git's hooks folder: pre-commit, commit-msg. */
  name: string
  /** The line that marks the hook as lead's. */
  marker: string
  script: string
  /** The command to add to a hook that is not lead's, for the hint of HOOK_EXISTS. */
  line: string
}

export interface InstallResult {
  hook: string
  action: 'installed' | 'updated' | 'replaced' | 'unchanged'
  /** Where a replaced hook was moved. */
  backup?: string
  /** core.hooksPath, when the repository sets it. */
  hooksPath?: string
  siteDir: string
  /** Every site folder the hook now checks (this one and those of the repository's other sites). */
  sites: string[]
}

export interface UninstallResult {
  hook: string
  /**
   * 'foreign': a hook that is not lead's, left as it is. 'narrowed': lead's hook also checks other
   * sites of the repository, and now checks them alone (`sites`).
   */
  action: 'removed' | 'restored' | 'absent' | 'foreign' | 'narrowed'
  /** The earlier hook put back in place (from <hook>.backup). */
  restored?: string
  /** For 'narrowed': the sites the hook still checks. */
  sites?: string[]
}

/**
 * The start of every hook of lead's: how to start lead, and git's relative paths made absolute
 * (git runs hooks at the top of the work tree; lead runs with -C in the site folder).
 */
export function hookPrelude(cmd: HookCommand): string {
  return `LEAD_NODE=${shellQuote(cmd.node)}
LEAD_RUN=${shellQuote(cmd.run)}
# git runs hooks at the top of the work tree; relative paths git exports must survive lead's -C.
case "\${GIT_INDEX_FILE:-}" in ''|/*) ;; *) GIT_INDEX_FILE="$(pwd)/$GIT_INDEX_FILE"; export GIT_INDEX_FILE ;; esac
case "\${GIT_DIR:-}" in ''|/*) ;; *) GIT_DIR="$(pwd)/$GIT_DIR"; export GIT_DIR ;; esac
case "\${GIT_WORK_TREE:-}" in ''|/*) ;; *) GIT_WORK_TREE="$(pwd)/$GIT_WORK_TREE"; export GIT_WORK_TREE ;; esac`
}

/** The end of every hook of lead's: run lead with "$@", or say it cannot be found and fail. */
export function hookRun(name: string, skip: string): string {
  return `if [ -x "$LEAD_NODE" ] && [ -f "$LEAD_RUN" ]; then
  exec "$LEAD_NODE" "$LEAD_RUN" "$@"
elif command -v lead >/dev/null 2>&1; then
  exec lead "$@"
else
${notFound(name, skip)}
  exit 1
fi
`
}

/**
 * The end of a hook of lead's that checks several sites: `args` (shell lines setting "$@", with
 * "$LEAD_SITE" the site's folder) run once per site, in order; the first that fails fails the hook
 * with its status.
 */
export function hookRunEach(name: string, skip: string, sites: readonly string[], args: string): string {
  return `lead_run() {
  if [ -x "$LEAD_NODE" ] && [ -f "$LEAD_RUN" ]; then
    "$LEAD_NODE" "$LEAD_RUN" "$@"
  elif command -v lead >/dev/null 2>&1; then
    lead "$@"
  else
${notFound(name, skip).replace(/^/gm, '  ')}
    return 1
  fi
}
for LEAD_SITE in ${sites.map(shellQuote).join(' ')}; do
${args.replace(/^/gm, '  ')}
  lead_run "$@" || exit $?
done
exit 0
`
}

const notFound = (name: string, skip: string) => `  echo "lead ${name} hook: cannot find lead (not at $LEAD_RUN, not on the PATH)." >&2
  echo "  Reinstall lead and run \\\`lead hooks install\\\`, or commit with --no-verify to skip ${skip}." >&2`

/** The line that names, in each hook of lead's, the sites it checks (read when another site installs or removes it). */
export const SITES_LINE = '# lead checks the sites: '

/** The sites a hook of lead's checks, from its SITES_LINE, or, in one an earlier lead wrote, its `-C` folder; undefined when neither is there. */
export function hookSites(script: string): string[] | undefined {
  const line = script.split('\n').find((l) => l.startsWith(SITES_LINE))
  if (line) {
    try {
      const sites = JSON.parse(line.slice(SITES_LINE.length)) as unknown
      if (Array.isArray(sites) && sites.length > 0 && sites.every((site) => typeof site === 'string' && site !== '')) return sites as string[]
    } catch {
      // A line edited by hand: the -C folder below, if any.
    }
  }
  // The command line an earlier lead's hook ran: `set -- validate --staged -C DIR` (shellQuote's quoting).
  const one = /^set -- .*?-C ('(?:[^']|'\\'')*'|[A-Za-z0-9_./:=@+-]+)(?: |$)/m.exec(script)?.[1]
  return one === undefined ? undefined : [one.startsWith("'") ? one.slice(1, -1).replace(/'\\''/g, "'") : one]
}

/**
 * The folder git runs hooks from: core.hooksPath when set, else the repository's hooks folder.
 * `forInstall`: refuse a folder every repository of the user's shares (an absolute core.hooksPath
 * from the global or system config), where lead's hooks would run, and fail, in all of them.
 */
export async function hooksDir(root: string, forInstall = false): Promise<{dir: string; hooksPath?: string}> {
  const top = await gitLine(root, ['rev-parse', '--show-toplevel'])
  if (!top) throw stateError('NOT_A_REPO', 'the site is not in a git repository', 'create it with `lead init`, or run `git init` in the site folder')
  const configured = await gitLine(root, ['config', '--get', 'core.hooksPath'])
  if (configured && forInstall) {
    // "global\t/path": git 2.26 and later; an older git's answer is not read as shared.
    const scope = (await gitLine(root, ['config', '--show-scope', '--get', 'core.hooksPath']))?.split('\t')[0]
    if ((scope === 'global' || scope === 'system') && (path.isAbsolute(configured) || configured.startsWith('~'))) {
      throw stateError('HOOKS_PATH_SHARED', `core.hooksPath is set in your ${scope} git config (${configured}): hooks installed there run in every repository of yours, where lead's would fail`, `give this repository a hooks folder of its own (git config core.hooksPath .git/hooks) and run lead hooks install again, or call \`lead validate --staged --since HEAD -C <site>\` and \`lead hooks check-message "$1" -C <site>\` from your shared hooks`)
    }
  }
  if (configured) {
    const expanded = configured.startsWith('~/') ? path.join(process.env.HOME ?? '~', configured.slice(2)) : configured
    // A relative core.hooksPath is relative to where hooks run: the top of the work tree.
    return {dir: path.resolve(top, expanded), hooksPath: configured}
  }
  const gitPath = await gitLine(root, ['rev-parse', '--git-path', 'hooks'])
  return {dir: path.resolve(root, gitPath ?? '.git/hooks')}
}

function readHook(hook: string): string | undefined {
  try {
    return fs.readFileSync(hook, 'utf8')
  } catch {
    return undefined
  }
}

/** Install the hooks in `dir`: all of them, or none when one that is not lead's is there and not `force`. */
export function installHooks(dir: string, specs: readonly HookSpec[], force: boolean): Array<Omit<InstallResult, 'hooksPath' | 'siteDir' | 'sites'>> {
  const plans = specs.map((spec) => {
    const hook = path.join(dir, spec.name)
    const existing = readHook(hook)
    if (existing === undefined) return {spec, hook, action: 'installed' as const}
    if (existing.includes(spec.marker)) return {spec, hook, action: existing === spec.script ? ('unchanged' as const) : ('updated' as const)}
    if (!force) throw stateError('HOOK_EXISTS', `${hook} already exists and is not lead's; it was left as it is`, `run \`lead hooks install --force\` to replace it (the old hook is kept as ${spec.name}.backup), or add this line to it: ${spec.line}`, {hook})
    return {spec, hook, action: 'replaced' as const}
  })
  fs.mkdirSync(dir, {recursive: true})
  return plans.map(({spec, hook, action}) => {
    let backup: string | undefined
    if (action === 'replaced') {
      backup = freeName(`${hook}.backup`)
      fs.renameSync(hook, backup)
    }
    writeFileAtomic(hook, spec.script, 0o755)
    fs.chmodSync(hook, 0o755)
    return {hook, action, backup}
  })
}

function freeName(base: string): string {
  if (!fs.existsSync(base)) return base
  for (let n = 1; ; n++) if (!fs.existsSync(`${base}.${n}`)) return `${base}.${n}`
}

/**
 * Rewrite lead's hooks in `dir` as `specs` (each the same hooks for `sites`, the repository's other
 * sites, once one site's are removed); a hook that is absent or not lead's is left as it is.
 */
export function narrowHooks(dir: string, specs: readonly HookSpec[], sites: string[]): UninstallResult[] {
  return specs.map((spec): UninstallResult => {
    const hook = path.join(dir, spec.name)
    const existing = readHook(hook)
    if (existing === undefined) return {hook, action: 'absent'}
    if (!existing.includes(spec.marker)) return {hook, action: 'foreign'}
    writeFileAtomic(hook, spec.script, 0o755)
    fs.chmodSync(hook, 0o755)
    return {hook, action: 'narrowed', sites}
  })
}

/**
 * Remove lead's hooks from `dir` (never someone else's), putting back each hook --force replaced.
 * Refused (HOOK_NOT_LEADS) only when no hook there is lead's and one is someone else's.
 */
export function uninstallHooks(dir: string, specs: ReadonlyArray<Pick<HookSpec, 'name' | 'marker'>>): UninstallResult[] {
  const found = specs.map((spec) => {
    const hook = path.join(dir, spec.name)
    const existing = readHook(hook)
    return {hook, state: existing === undefined ? ('absent' as const) : existing.includes(spec.marker) ? ('leads' as const) : ('foreign' as const)}
  })
  const foreign = found.find((f) => f.state === 'foreign')
  if (foreign && !found.some((f) => f.state === 'leads')) throw stateError('HOOK_NOT_LEADS', `${foreign.hook} is not lead's hook; it was left as it is`, 'remove it by hand if you no longer want it')
  return found.map(({hook, state}): UninstallResult => {
    if (state !== 'leads') return {hook, action: state}
    fs.rmSync(hook)
    const backup = `${hook}.backup`
    if (!fs.existsSync(backup)) return {hook, action: 'removed'}
    fs.renameSync(backup, hook)
    return {hook, action: 'restored', restored: backup}
  })
}
