/**
 * When two exports write the same value differently. HR systems change how they print a rank or a
 * unit between exports (`9161 - POLICE OFFICER` vs `POLICE OFFICER`, `Patrol` vs `PATROL`): that
 * is a change of format, not a promotion of 8,000 officers, so such values compare equal here.
 */

/** A leading job or unit code (`9161 - `, `012: `, `P10 – `) in front of the title. */
const CODE_PREFIX = /^\s*[A-Z0-9]{1,8}\s*[-–—:|]\s+(?=\S)/i

/** The value with any code prefix, case and spacing differences removed. */
export function formatKey(value: string): string {
  return value.replace(CODE_PREFIX, '').normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()
}
