/**
 * How words are compared with the name lists and staff names: lower case, without diacritics,
 * and `l` read as `i` (a `1` typed for either reads as `i` in the letter view of readable-text.ts,
 * so A1ice, Alice and AIice all compare equal).
 */
export function nameKey(word: string): string {
  return asciiNameKey(isAsciiText(word) ? word : word.normalize('NFD').replace(/\p{M}/gu, ''))
}

/** nameKey of a word known to be ASCII (no diacritics to take off): the name scan's words of ASCII text. */
export function asciiNameKey(word: string): string {
  return word.toLowerCase().replaceAll('l', 'i')
}

/** Whether every character of `text` is ASCII: the privacy scan's fast paths (words, keys, readable text) hold only then. */
export function isAsciiText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false
  return true
}
