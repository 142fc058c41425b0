/**
 * Reading input with a ceiling. A path can name something that never ends (`--file /dev/zero`, a
 * FIFO, a pipe on stdin) or a file far larger than any record; whole-file reads would then fill
 * memory before any size check runs. A regular file over the cap is refused from its size alone,
 * without reading it; anything else is read until EOF or one byte past the cap.
 */
import fs from 'node:fs'

/** `stats`: the file's, from the descriptor it was read through, before any byte was read. */
export type Capped = {bytes: Buffer; size?: undefined; stats?: fs.Stats} | {bytes?: undefined; size: number}

const CHUNK = 64 * 1024

/**
 * The bytes of `file`, or its size when it is over `maxBytes` (for a stream: the bytes read, which
 * are one past the cap). `noFollow` refuses a symbolic link (ELOOP) for files inside a site.
 */
export function readCapped(file: string, maxBytes: number, options: {noFollow?: boolean} = {}): Capped {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (options.noFollow ? fs.constants.O_NOFOLLOW : 0))
  try {
    const st = fs.fstatSync(fd)
    const chunks: Buffer[] = []
    let total = 0
    if (st.isFile()) {
      if (st.size > maxBytes) return {size: st.size}
      // One buffer of the file's size and a byte more (a file that grew as it was read goes on
      // below): a 64 KiB chunk per record was 13,000 fresh allocations, and their page faults,
      // on a cold load of a big site. Small buffers come from Node's shared pool, as concat's did.
      const whole = Buffer.allocUnsafe(st.size + 1)
      while (total < whole.length) {
        const n = fs.readSync(fd, whole, total, whole.length - total, null)
        if (n === 0) break
        total += n
      }
      if (total <= st.size) return {bytes: whole.subarray(0, total), stats: st}
      if (total > maxBytes) return {size: total}
      chunks.push(whole)
    }
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total))
      let n: number
      try {
        n = fs.readSync(fd, chunk, 0, chunk.length, null)
      } catch (error) {
        // A non-blocking pipe with nothing in it yet: wait for the writer rather than spin.
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)
          continue
        }
        throw error
      }
      if (n === 0) break
      chunks.push(chunk.subarray(0, n))
      total += n
      if (total > maxBytes) return {size: total}
    }
    return {bytes: Buffer.concat(chunks, total), stats: st}
  } finally {
    fs.closeSync(fd)
  }
}

/** Read a stream (standard input) up to `maxBytes`; past it, stop reading and say how much was seen. */
export async function readStreamCapped(stream: AsyncIterable<Buffer | string>, maxBytes: number): Promise<Capped> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    chunks.push(buffer)
    total += buffer.byteLength
    if (total > maxBytes) return {size: total}
  }
  return {bytes: Buffer.concat(chunks, total)}
}
