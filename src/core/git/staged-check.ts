/**
 * What lets lead's pre-commit hook (pre-commit-hook.ts) start no second lead for a commit lead
 * itself makes, when the write already judged exactly what the hook would judge
 * (write/hook-check.ts says when). lead gives its `git commit` one variable: the digest of what
 * the commit is to be, and the bin/run.js that judged it. The hook skips its check only when that
 * is the lead it would start, and when HEAD and what is staged against it, as git itself lists
 * them (`git rev-parse HEAD` and `git diff-index --cached -z HEAD`, through `git hash-object`),
 * are that digest byte for byte. Anything else (a file staged meanwhile, HEAD moved, another
 * lead, a listing lead worked out otherwise than git writes it) and the hook runs its check.
 */
import {contentHash} from '../records/cache-files.js'

/** Set in the environment of lead's `git commit`: `DIGEST RUN` (RUN: the bin/run.js of the lead that judged the commit). */
export const STAGED_CHECKED = 'LEAD_STAGED_CHECKED'

/** A path the commit changes, from the repository's top: what HEAD holds there (null: nothing) and what the index will. */
export interface StagedPath {
  path: string
  head: {mode: number; oid: string} | null
  mode: number
  /** The blob's object name, hex. */
  oid: string
}

const NO_OID = '0'.repeat(40)
const octal = (mode: number) => mode.toString(8).padStart(6, '0')

/**
 * The object name `git hash-object --stdin` gives for HEAD's commit on a line, then what
 * `git diff-index --cached --no-renames -z HEAD` prints when the index differs from HEAD in
 * exactly `paths` (git lists them in the index's order: bytes of the path).
 */
export function stagedDigest(head: string, paths: readonly StagedPath[]): string {
  const ordered = [...paths].sort((a, b) => Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8')))
  const parts: Buffer[] = [Buffer.from(`${head}\n`, 'utf8')]
  for (const p of ordered) {
    const before = p.head ? `${octal(p.head.mode)} ${octal(p.mode)} ${p.head.oid} ${p.oid} M` : `000000 ${octal(p.mode)} ${NO_OID} ${p.oid} A`
    parts.push(Buffer.from(`:${before}\0${p.path}\0`, 'utf8'))
  }
  // git's blob name of those bytes (lead's content hash), in hex as git prints it.
  return Buffer.from(contentHash(Buffer.concat(parts)), 'base64url').toString('hex')
}

/** The variable's value for a commit whose staged digest is `digest`, judged by the lead at `run`. */
export const stagedCheckedValue = (digest: string, run: string): string => `${digest} ${run}`

/**
 * The hook's lines that end it when the variable vouches for the commit (after hookPrelude, which
 * sets LEAD_NODE and LEAD_RUN). git runs the hook at the top of the work tree, with the index the
 * commit is made from (GIT_INDEX_FILE, for `commit --only`).
 */
export const STAGED_CHECK_SKIP = `if [ -n "\${${STAGED_CHECKED}:-}" ] && [ "\${${STAGED_CHECKED}#* }" = "$LEAD_RUN" ] && [ -x "$LEAD_NODE" ] && [ -f "$LEAD_RUN" ] && [ "$({ git rev-parse --verify --quiet HEAD && git diff-index --cached --no-renames --ignore-submodules=none -z HEAD --; } 2>/dev/null | git hash-object --stdin 2>/dev/null)" = "\${${STAGED_CHECKED}%% *}" ]; then exit 0; fi`
