/**
 * How words are compared with the name lists and staff names: lower case, without diacritics,
 * and `l` read as `i` (a `1` typed for either reads as `i` in the letter view of readable-text.ts,
 * so A1ice, Alice and AIice all compare equal).
 */
export function nameKey(word: string): string {
  const plain = ASCII.test(word) ? word : word.normalize('NFD').replace(/\p{M}/gu, '')
  return plain.toLowerCase().replaceAll('l', 'i')
}

const ASCII = /^[\x00-\x7f]*$/
