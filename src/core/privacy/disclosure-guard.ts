/**
 * The last line of defence, behind every message that names record values through disclosable.ts:
 * before validation findings leave lead, any message or hint about a referral or consent that
 * still repeats one of that record's values or keys which may not be printed gets it concealed.
 * A rule written tomorrow that interpolates a value directly cannot leak it verbatim.
 */
import type {Diagnostic} from '../errors.js'
import {concealed, concealedKey, disclosable, disclosableKey, PARTICIPANT_KINDS, type PathStep} from './disclosable.js'
import type {SiteVocabulary} from './vocabulary.js'

/** Shorter values cannot identify anyone, and would match ordinary words of a message. */
const MIN_LENGTH = 4

interface Secret {
  text: string
  mask: string
}

/** The values and keys of one record that may not be printed, longest first. */
export function secretsOf(kind: string, data: unknown, vocabulary: SiteVocabulary): Secret[] {
  const out = new Map<string, string>()
  const walk = (value: unknown, path: PathStep[]) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]))
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k.length >= MIN_LENGTH && !disclosableKey(kind, path, k)) out.set(k, concealedKey(k))
        walk(v, [...path, k])
      }
    } else if ((typeof value === 'string' || typeof value === 'number') && !disclosable(kind, path, value, vocabulary)) {
      const text = String(value)
      if (text.trim().length >= MIN_LENGTH) out.set(text, concealed(value))
    }
  }
  walk(data, [])
  return [...out].map(([text, mask]) => ({text, mask})).sort((a, b) => b.text.length - a.text.length)
}

export interface GuardedRecord {
  kind: string
  file: string
  data: unknown
}

/** Conceal, in place, what findings about participant records repeat of their records. */
export function guardFindings(diagnostics: Diagnostic[], records: readonly GuardedRecord[], vocabulary: SiteVocabulary): void {
  const byFile = new Map<string, Diagnostic[]>()
  for (const d of diagnostics) byFile.get(d.file)?.push(d) ?? byFile.set(d.file, [d])
  for (const record of records) {
    // Only records with findings: reading the others' values would cost every value of the site.
    const found = byFile.get(record.file)
    if (!found || !PARTICIPANT_KINDS.has(record.kind) || record.data === undefined) continue
    const secrets = secretsOf(record.kind, record.data, vocabulary)
    if (secrets.length === 0) continue
    for (const d of found) {
      d.message = conceal(d.message, secrets)
      if (d.hint !== undefined) d.hint = conceal(d.hint, secrets)
    }
  }
}

function conceal(text: string, secrets: readonly Secret[]): string {
  let out = text
  for (const s of secrets) if (s.text.length <= out.length && out.includes(s.text)) out = out.split(s.text).join(s.mask)
  return out
}
