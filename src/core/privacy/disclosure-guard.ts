/**
 * The last line of defence, behind every message that names record values through disclosable.ts:
 * before validation findings leave lead, any message or hint about a referral or consent that
 * still repeats one of that record's values or keys which may not be printed gets it concealed.
 * A rule written tomorrow that interpolates a value directly cannot leak it verbatim.
 */
import type {Diagnostic} from '../errors.js'
import {concealed, concealedKey, disclosable, disclosableKey, schemaDeclaresKey, shownAsParticipant, type PathStep} from './disclosable.js'
import type {SiteVocabulary} from './vocabulary.js'

/** Shorter values cannot identify anyone, and would match ordinary words of a message. */
const MIN_LENGTH = 4

interface Secret {
  text: string
  mask: string
}

/** A value or key of a record. */
interface Occurrence {
  text: string
  key: boolean
  path: PathStep[]
  value: string | number
}

/** The candidates of one length, in the order the record is walked; which are secrets, once asked. */
interface Group {
  length: number
  occurrences: Occurrence[]
  secrets?: Secret[]
}

/**
 * The values and keys of one record that may not be printed, found lazily: whether a value may be
 * printed (disclosable.ts, a schema look-up per value) is decided only for lengths of which a
 * message holds some value's text. Finds what secretsOf finds, in its order.
 */
class RecordSecrets {
  /** Longest first. */
  private readonly groups: Group[]

  constructor(
    private readonly kind: string,
    data: unknown,
    private readonly vocabulary: SiteVocabulary,
    /** The kind of the folder the record is in, when it is read as another (a referral in partners/): its schema's keys are lead's words. */
    private readonly folderKind?: string,
  ) {
    const byLength = new Map<number, Group>()
    const add = (text: string, key: boolean, path: PathStep[], value: string | number) => {
      const group = byLength.get(text.length)
      if (group) group.occurrences.push({text, key, path, value})
      else byLength.set(text.length, {length: text.length, occurrences: [{text, key, path, value}]})
    }
    const walk = (value: unknown, path: PathStep[]) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]))
      else if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (k.length >= MIN_LENGTH) add(k, true, path, k)
          walk(v, [...path, k])
        }
      } else if (typeof value === 'string' || typeof value === 'number') {
        const text = String(value)
        if (text.trim().length >= MIN_LENGTH) add(text, false, path, value)
      }
    }
    walk(data, [])
    this.groups = [...byLength.values()].sort((a, b) => b.length - a.length)
  }

  /** Every secret, longest first; of one length, in the order of each one's first concealed occurrence. */
  all(): Secret[] {
    return this.groups.flatMap((g) => this.secretsOf(g))
  }

  /** `text` with every secret it repeats masked, as conceal(text, this.all()) would mask it. */
  conceal(text: string): string {
    let out = text
    for (const g of this.groups) {
      // No text of this length in the message (as masked so far): none of this length is masked.
      if (g.length <= out.length && g.occurrences.some((o) => out.includes(o.text))) out = conceal(out, this.secretsOf(g))
    }
    return out
  }

  private secretsOf(g: Group): Secret[] {
    if (!g.secrets) {
      // By text, in the order of each one's first concealed occurrence, with its last one's mask
      // (as a Map set once per occurrence keeps them).
      const found = new Map<string, string>()
      for (const o of g.occurrences) {
        if (o.key ? disclosableKey(this.kind, o.path, o.text) || (this.folderKind !== undefined && schemaDeclaresKey(this.folderKind, o.path, o.text)) : disclosable(this.kind, o.path, o.value, this.vocabulary)) continue
        found.set(o.text, o.key ? concealedKey(o.text) : concealed(o.value))
      }
      g.secrets = [...found].map(([text, mask]) => ({text, mask}))
    }
    return g.secrets
  }
}

/** The values and keys of one record that may not be printed, longest first. */
export function secretsOf(kind: string, data: unknown, vocabulary: SiteVocabulary): Secret[] {
  return new RecordSecrets(kind, data, vocabulary).all()
}

export interface GuardedRecord {
  kind: string
  file: string
  data: unknown
}

/** Conceal, in place, what findings about participant records (and records that read as one) repeat of their records. */
export function guardFindings(diagnostics: Diagnostic[], records: readonly GuardedRecord[], vocabulary: SiteVocabulary): void {
  const byFile = new Map<string, Diagnostic[]>()
  for (const d of diagnostics) byFile.get(d.file)?.push(d) ?? byFile.set(d.file, [d])
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!
    // Only records with findings: reading the others' values would cost every value of the site.
    const found = byFile.get(record.file)
    if (!found || record.data === undefined) continue
    // A referral saved into partners/ is guarded as the referral it is (disclosable.ts shownAsParticipant).
    const kind = shownAsParticipant(record.kind, record.data)
    if (kind === undefined) continue
    const secrets = new RecordSecrets(kind, record.data, vocabulary, kind === record.kind ? undefined : record.kind)
    for (const d of found) {
      d.message = secrets.conceal(d.message)
      if (d.hint !== undefined) d.hint = secrets.conceal(d.hint)
    }
  }
}

function conceal(text: string, secrets: readonly Secret[]): string {
  let out = text
  for (const s of secrets) if (s.text.length <= out.length && out.includes(s.text)) out = out.split(s.text).join(s.mask)
  return out
}
