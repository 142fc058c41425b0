/**
 * How words are compared with the name lists and staff names: lower case, without diacritics,
 * and `l` read as `i` (a `1` typed for either reads as `i` in the letter view of readable-text.ts,
 * so A1ice, Alice and AIice all compare equal).
 */
export function nameKey(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/l/g, 'i')
}
