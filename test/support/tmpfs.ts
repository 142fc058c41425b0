/**
 * A small file system of its own for tests of full and read-only disks: a tmpfs mounted on a
 * temporary folder. Mounting needs root (or CAP_SYS_ADMIN); where it is not allowed the caller
 * gets the reason and skips, saying so.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {tempDir} from './cli.js'

export interface SmallDisk {
  dir: string
  /** Fill the disk so that about `bytes` remain free (whole 4 KiB pages). */
  leaveFree(bytes: number): void
  /** Make room again. */
  empty(): void
  readOnly(on: boolean): void
  unmount(): void
}

export function mountSmallDisk(sizeKiB: number): SmallDisk | {skip: string} {
  if (process.platform !== 'linux') return {skip: 'tmpfs tests run on Linux only'}
  const dir = tempDir('lead-disk-')
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', dir], {encoding: 'utf8'})
  if (r.status !== 0) return {skip: `cannot mount a tmpfs here (needs root): ${(r.stderr || r.error?.message || '').trim()}`}
  const filler = path.join(dir, '.filler')
  const run = (args: string[]) => {
    const m = spawnSync('mount', args, {encoding: 'utf8'})
    if (m.status !== 0) throw new Error(`mount ${args.join(' ')}: ${m.stderr}`)
  }
  return {
    dir,
    leaveFree(bytes) {
      fs.rmSync(filler, {force: true})
      const fd = fs.openSync(filler, 'w')
      const chunk = Buffer.alloc(64 * 1024)
      let size = 0
      try {
        for (;;) size += fs.writeSync(fd, chunk)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
      }
      // The last chunk may have been written in part before the disk filled.
      size = fs.fstatSync(fd).size
      fs.ftruncateSync(fd, Math.max(0, size - bytes))
      fs.closeSync(fd)
    },
    empty() {
      fs.rmSync(filler, {force: true})
    },
    readOnly(on) {
      run(['-o', `remount,${on ? 'ro' : 'rw'}`, dir])
    },
    unmount() {
      spawnSync('umount', [dir])
    },
  }
}
