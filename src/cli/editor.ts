/**
 * Running the user's editor ($VISUAL, then $EDITOR, like git) on a private temporary copy of a
 * record, and reading back what they saved.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {LeadError, ExitCode, usageError} from '../core/errors.js'
import {readCapped} from '../core/records/bounded-read.js'
import {formatBytes} from '../core/text/byte-size.js'

export function editorCommand(env: NodeJS.ProcessEnv = process.env, interactive: boolean): string {
  const editor = env.VISUAL?.trim() || env.EDITOR?.trim()
  if (editor) return editor
  if (!interactive) throw usageError('NO_EDITOR', 'lead edit needs an editor, and none is set', 'set $EDITOR (e.g. EDITOR=nano), or change fields with lead set KIND ID FIELD=VALUE')
  return process.platform === 'win32' ? 'notepad' : 'vi'
}

export class EditSession {
  private readonly dir: string
  readonly file: string

  /** `maxBytes`: the most lead reads back (what a record of its kind may hold). */
  constructor(name: string, private readonly maxBytes: number) {
    // A private folder: the buffer may hold personal data.
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-edit-'))
    fs.chmodSync(this.dir, 0o700)
    this.file = path.join(this.dir, name)
  }

  /** Write `text`, run the editor on it, return what was saved. */
  edit(editor: string, text: string): string {
    fs.writeFileSync(this.file, text, {mode: 0o600})
    // Through the shell, as git does, so EDITOR="code --wait" works; the file name is passed as $1.
    const r = process.platform === 'win32'
      ? spawnSync(`${editor} "${this.file}"`, {stdio: 'inherit', shell: true})
      : spawnSync('/bin/sh', ['-c', `${editor} "$1"`, editor, this.file], {stdio: 'inherit'})
    if (r.error) throw new LeadError('EDITOR_FAILED', `could not run the editor "${editor}": ${r.error.message}`, {exit: ExitCode.usage, hint: 'check $VISUAL / $EDITOR'})
    if (r.signal === 'SIGINT') throw new LeadError('CANCELLED', 'cancelled; nothing was written', {exit: ExitCode.cancelled})
    if (r.status !== 0) throw new LeadError('EDITOR_FAILED', `the editor "${editor}" exited with status ${r.status}`, {exit: ExitCode.invalid, hint: 'nothing was written'})
    const saved = this.readBack()
    if (saved === undefined) throw new LeadError('EDIT_TOO_LARGE', `the saved file is over ${formatBytes(this.maxBytes)}, more than a record of this kind may hold; it was not read`, {exit: ExitCode.usage, hint: 'nothing was written; run lead edit again'})
    return saved
  }

  /** What the editor left in the file (undefined: gone, or over the cap and not read). */
  readBack(): string | undefined {
    try {
      return readCapped(this.file, this.maxBytes).bytes?.toString('utf8')
    } catch {
      return undefined
    }
  }

  dispose(): void {
    fs.rmSync(this.dir, {recursive: true, force: true})
  }
}
