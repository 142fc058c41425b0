/**
 * Telephone numbers as people write them, normalised to the form the records use:
 *   (360) 555-0100 · 360.555.0100 · 360 555 0100 · 3605550100 · 1-360-555-0100 · +1 (360) 555-0100
 *     → +1-360-555-0100  (ten digits, or eleven starting with 1: a North American number)
 *   +44 20 7946 0958 · +44 (0)20 7946 0958 → +44-20-7946-0958  (other countries: their own groups, joined by hyphens)
 * Short service numbers (911, 988) and anything that is not plainly a phone number (letters,
 * extensions) are returned unchanged, for the schema to judge.
 */

/** The normalised number, or the text unchanged when it is not a phone number this recognises. */
export function normalizePhone(text: string): string {
  const t = text.trim()
  if (/[^0-9 ().\-/+]/.test(t) || t.lastIndexOf('+') > 0 || !balancedParens(t)) return text
  const plus = t.startsWith('+')
  const digits = t.replace(/\D/g, '')
  if (digits.length < 7) return text
  const ten = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : !plus && digits.length === 10 ? digits : undefined
  if (ten !== undefined) return NANP.test(ten) ? nanp(ten) : text
  if (!plus) return text
  // Another country: keep the caller's grouping, drop a trunk "(0)", join groups with hyphens.
  const groups = t.slice(1).replace(/\(0\)/g, ' ').split(/[\s().\-/]+/).filter(Boolean)
  return `+${groups.join('-')}`
}

/** Area code and exchange start with 2–9. */
const NANP = /^[2-9][0-9]{2}[2-9][0-9]{6}$/

function nanp(ten: string): string {
  return `+1-${ten.slice(0, 3)}-${ten.slice(3, 6)}-${ten.slice(6)}`
}

function balancedParens(t: string): boolean {
  let depth = 0
  for (const c of t) {
    if (c === '(') depth++
    else if (c === ')' && --depth < 0) return false
    if (depth > 1) return false
  }
  return depth === 0
}
