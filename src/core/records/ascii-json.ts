/**
 * JSON files lead keeps for itself (the parse cache), written in ASCII so they are read fast.
 *
 * Node decodes UTF-8 at about 50 MB/s here, and one non-ASCII character anywhere (a name with an
 * accent in one of 10,000 records) makes V8 hold the whole text two bytes per character; an ASCII
 * file is copied into a one-byte string at memory speed (the 8.8 MB values cache of a
 * 10,000-referral site: 140-200 ms → 3-25 ms). JSON's \u escapes keep the text ASCII and the value
 * the same.
 */
import {isAscii} from 'node:buffer'
import fs from 'node:fs'

/** JSON.stringify, with every character outside ASCII written as a \u escape. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Text from bytes: copied when they are all ASCII, decoded as UTF-8 otherwise. */
export function decodeText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8')
}

/** A file's text, as decodeText reads it. */
export const readText = (file: string): string => decodeText(fs.readFileSync(file))
