/**
 * How a value that may not be printed reads in a message: its shape, never any part of it
 * (`‹text of 23 characters, not shown›`). Which values those are is decided in one place,
 * privacy/disclosable.ts; this is only the wording, on the ground floor so that every layer can
 * word a refusal the same way.
 */
const OPEN = '‹'
const CLOSE = '›'

const characters = (text: string) => {
  const n = [...text].length
  return `${n} character${n === 1 ? '' : 's'}`
}

export function concealed(value: unknown): string {
  if (typeof value === 'string') return `${OPEN}text of ${characters(value)}, not shown${CLOSE}`
  if (typeof value === 'number') return `${OPEN}a number, not shown${CLOSE}`
  if (Array.isArray(value)) return `${OPEN}a list, not shown${CLOSE}`
  if (value !== null && typeof value === 'object') return `${OPEN}a map, not shown${CLOSE}`
  return `${OPEN}not shown${CLOSE}`
}

/** A key that is not a field of the schema, concealed like a value. */
export function concealedKey(key: string): string {
  return `${OPEN}a field name of ${characters(key)}, not shown${CLOSE}`
}

/** A file or folder name a person typed into a participant folder (privacy/file-names.ts decides which). */
export function concealedName(name: string, what: 'file' | 'folder' = 'file'): string {
  return `${OPEN}${what} name of ${characters(name)}, not shown${CLOSE}`
}
