/**
 * Review findings a maintainer accepted for one change (`--accept CODE`, `LEAD_ACCEPT`): a change
 * to the gate (an update of the lead CI installs), a policy change proposed on its own, a protocol
 * the PCG adopted retroactively. They stay in the output,
 * first, as warnings marked "(accepted)"; nothing else can be accepted, and accepting never
 * changes the policy the rest of the change is judged by.
 */
import {usageError, type Diagnostic} from '../errors.js'

export const ACCEPTABLE_CODES: ReadonlySet<string> = new Set(['GATE_CHANGED', 'POLICY_CHANGED', 'PROTOCOL_RETROACTIVE'])

/** The codes of --accept / LEAD_ACCEPT (comma-separated), or a usage error naming what cannot be accepted. */
export function acceptedCodes(values: readonly string[] | string | undefined): ReadonlySet<string> {
  // oclif hands over a flag read from the environment as one string, from the command line as a list.
  const list = typeof values === 'string' ? [values] : (values ?? [])
  const codes = new Set(list.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))
  for (const code of codes) {
    if (!ACCEPTABLE_CODES.has(code)) throw usageError('NOT_ACCEPTABLE', `${code} cannot be accepted`, `only ${[...ACCEPTABLE_CODES].join(', ')} can; other findings are fixed in the change`)
  }
  return codes
}

export function acceptFindings(diagnostics: Diagnostic[], accepted: ReadonlySet<string>): Diagnostic[] {
  if (accepted.size === 0) return diagnostics
  return diagnostics.map((d) => (accepted.has(d.code) && d.severity === 'error' ? {...d, severity: 'warning', message: `${d.message} (accepted)`} : d))
}
