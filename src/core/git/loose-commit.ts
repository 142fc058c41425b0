/**
 * A commit read from git's object store without a git process, when it is a loose object (the
 * commit git just wrote always is, until a gc packs it): its tree and parents. Anything else (a
 * packed commit, another repository's alternates, an object lead cannot read) is undefined, and
 * the caller asks git.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {createRequire} from 'node:module'
import {commonDir} from '../git-dir.js'

export interface LooseCommit {
  tree: string
  parents: string[]
}

/** Loaded when first asked for (~1 ms): the commands that load this module and never commit need none of it. */
let zlib: typeof import('node:zlib') | undefined

/** Far more than any commit lead or a hook writes; a longer object is left to git. */
const MAX_BYTES = 1 << 20

export function looseCommit(gitDir: string, sha: string): LooseCommit | undefined {
  if (!/^[0-9a-f]{40}$/.test(sha)) return undefined
  let object: Buffer
  try {
    zlib ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib')
    object = zlib.inflateSync(fs.readFileSync(path.join(commonDir(gitDir), 'objects', sha.slice(0, 2), sha.slice(2))), {maxOutputLength: MAX_BYTES})
  } catch {
    return undefined
  }
  // The object is the one its name says (a damaged or planted file is not taken for it).
  if (crypto.createHash('sha1').update(object).digest('hex') !== sha) return undefined
  const text = object.toString('latin1')
  const nul = text.indexOf('\0')
  if (nul < 0 || !/^commit \d+$/.test(text.slice(0, nul))) return undefined
  const lines = text.slice(nul + 1).split('\n')
  const tree = /^tree ([0-9a-f]{40})$/.exec(lines[0] ?? '')?.[1]
  if (!tree) return undefined
  const parents: string[] = []
  for (const line of lines.slice(1)) {
    const parent = /^parent ([0-9a-f]{40})$/.exec(line)?.[1]
    if (!parent) break
    parents.push(parent)
  }
  return {tree, parents}
}
