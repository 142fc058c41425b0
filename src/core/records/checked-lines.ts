/**
 * Lines lead appends to its own cache files (the values file's segments, the index journal):
 * `SUM PAYLOAD\n`, SUM being the SHA-1 (base64url, 27 characters) of the payload's bytes. A line
 * torn by a crash or garbled by two writers on a network file system fails its sum and is skipped;
 * the lines after it still count, since each stands on its own.
 */
import crypto from 'node:crypto'

const SUM_LENGTH = 27
const NEWLINE = 0x0a

const sum = (payload: Uint8Array) => crypto.createHash('sha1').update(payload).digest('base64url')

/** One line's bytes, sum and newline included. `payload` must hold no newline (JSON.stringify writes none). */
export function checkedLine(payload: string | Uint8Array): Buffer {
  const bytes = Buffer.from(payload)
  return Buffer.concat([Buffer.from(`${sum(bytes)} `), bytes, Buffer.from('\n')])
}

/** The payload of one line (newline excluded) when its sum is right. */
export function checkedPayload(line: Buffer): Buffer | undefined {
  if (line.length <= SUM_LENGTH + 1 || line[SUM_LENGTH] !== 0x20) return undefined
  const payload = line.subarray(SUM_LENGTH + 1)
  return sum(payload) === line.toString('latin1', 0, SUM_LENGTH) ? payload : undefined
}

/**
 * Every line of `bytes` from `from` on, as checkedPayload reads it (undefined: failed its sum).
 * `torn`: the bytes end inside a line (an append cut short, or a trusted length ending inside one).
 */
export function checkedLines(bytes: Buffer, from = 0): {payloads: Array<Buffer | undefined>; torn: boolean} {
  const payloads: Array<Buffer | undefined> = []
  for (let at = from; at < bytes.length; ) {
    const stop = bytes.indexOf(NEWLINE, at)
    if (stop < 0) return {payloads, torn: true}
    payloads.push(checkedPayload(bytes.subarray(at, stop)))
    at = stop + 1
  }
  return {payloads, torn: false}
}
