/**
 * How lead names paths to git. Each path is a literal pathspec (`:(literal)`), so a file named
 * `partners/a[1].yaml` or `:x.yaml` matches only itself; and git's pathspec switches in the
 * environment (GIT_LITERAL_PATHSPECS and its kin) are taken out where lead's own magic pathspecs
 * must keep their meaning.
 */

/**
 * Paths as pathspecs that match only themselves: `partners/a[1].yaml` is otherwise a pattern that
 * matches `partners/a1.yaml` too. Per path, not git's --literal-pathspecs, which reaches the
 * hooks a commit runs (GIT_LITERAL_PATHSPECS) and would change theirs.
 */
export const literal = (paths: readonly string[]): string[] => paths.map((p) => `:(literal)${p}`)

/** A path as a person would give it to git by hand: as it is, unless git would read it as a pattern or magic (`a[1].yaml`, `:x`). */
export const pathForHand = (p: string): string => (/[*?[\]\\]|^:/.test(p) ? `:(literal)${p}` : p)

const PATHSPEC_SWITCHES = ['GIT_LITERAL_PATHSPECS', 'GIT_GLOB_PATHSPECS', 'GIT_NOGLOB_PATHSPECS', 'GIT_ICASE_PATHSPECS']

/**
 * The environment with git's pathspec switches taken out: Magit, and `git --literal-pathspecs
 * commit`, set GIT_LITERAL_PATHSPECS, which reaches lead's pre-commit hook and made the gate's
 * `:(top,glob)` pathspecs match nothing (a changed workflow passed unseen). Everything else stays:
 * the hook needs GIT_DIR and GIT_INDEX_FILE.
 */
export function pathspecsAsWritten(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!PATHSPEC_SWITCHES.some((name) => env[name] !== undefined)) return env
  const kept = {...env}
  for (const name of PATHSPEC_SWITCHES) delete kept[name]
  return kept
}
