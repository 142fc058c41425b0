/**
 * Before lead loads its modules (~0.2 s of a command's start), start the `git status` that the
 * command will ask when it reads the site's records (core/records/git-file-state.ts), so git works
 * on the other core meanwhile. Only a guess from the command line: the command still opens the
 * site itself, and takes git's answer only for the folder it opens.
 */
import path from 'node:path'
import {findSiteRoot} from '../core/site-root.js'

/**
 * Commands that never ask git's status: those that read no site, and those that read a record
 * by its path and a few folders walked (show, referral check) or ask git for a file's log
 * (history), for which a status of 13,000 files would only cost the other core ~50–70 ms.
 */
const NO_STATUS = new Set(['help', 'init', 'autocomplete', 'plugins', 'commands', 'version', 'show', 'history', 'referral'])

/**
 * Writes take git's answer only after loading their modules, making the change and taking the
 * lock (~0.1 s in): git checks the files on one thread, leaving the other core to lead's loading
 * (set on 10,000 referrals: ~10 ms sooner; a read such as validate waits for the answer sooner,
 * and is ~7 ms later with one thread).
 */
const WRITES = new Set(['set', 'new'])

/**
 * Start git status for the site the command line names, if it will read one. git's reader (and
 * node:crypto and node:child_process with it) is loaded only then: `lead --version` and help load
 * none of it (10-20 ms of their CPU on a loaded 2-core machine).
 */
export async function prefetchSiteStatus(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const root = siteToPrefetch(args, env)
  if (root === undefined) return
  const {prefetchGitStatus} = await import('../core/records/git-file-state.js')
  prefetchGitStatus(root, {oneCore: statusOnOneCore(args)})
}

/** Whether the command line is a write, whose git status runs on one core (WRITES). */
export const statusOnOneCore = (args: readonly string[]): boolean => WRITES.has(commandWord(args) ?? '')

/** The command the line names: its first word that is not a flag, nor the folder -C/--dir names (`lead -C history validate`). */
function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-C' || args[i] === '--dir') i++
    else if (!args[i]!.startsWith('-')) return args[i]
  }
  return undefined
}

/** The site whose git status the command line will want, or undefined (no site, or no status). */
export function siteToPrefetch(args: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const command = commandWord(args)
  // --staged reads the git index, never the working tree: git status would only cost a core.
  if (command === undefined || NO_STATUS.has(command) || args.some((a) => a === '--help' || a === '-h' || a === '--version' || a === '--no-cache' || a === '--staged' || a === '--cached')) return undefined
  let dir = env.LEAD_DIR
  args.forEach((a, i) => {
    if ((a === '-C' || a === '--dir') && args[i + 1] !== undefined) dir = args[i + 1]
    else if (a.startsWith('--dir=')) dir = a.slice(6)
  })
  // As openSite finds it: the folder given, or the nearest above it holding lead.yaml.
  return findSiteRoot(path.resolve(dir ?? '.'))
}
