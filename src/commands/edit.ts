import {Flags} from '../cli/oclif.js'
import fs from 'node:fs'
import path from 'node:path'
import {LeadError, ExitCode, usageError, type Diagnostic} from '../core/errors.js'
import {pathToFileURL} from 'node:url'
import {isEmptyBuffer, saveRecovered, stripNotes, stripSchemaLine, withNotes, withSchemaLine} from '../core/records/edit-buffer.js'
import {SCHEMA_DIR} from '../core/schemas/schema-dir.js'
import {schemaFile} from '../core/schemas/schema-names.js'
import {parseAddress} from '../core/records/record-address.js'
import {idProblem, KIND_INFO} from '../core/records/kinds.js'
import {findRecordFile} from '../core/records/record-lookup.js'
import {writeRecords} from '../core/write/record-writer.js'
import {checkWritable} from '../core/write/git-state-check.js'
import {EditSession, editorCommand} from '../cli/editor.js'
import {canPrompt} from '../cli/interactive.js'
import {LeadCommand} from '../cli/lead-command.js'
import {shownSitePath} from '../core/privacy/file-names.js'
import {learnIfMisfiled, learnIfMisfiledAt} from '../core/privacy/misfiled-file.js'
import {concealedName} from '../core/text/concealed.js'
import {renderWriteResult, writeResultJson} from '../cli/render/write-result.js'

/** Re-openings before lead stops asking (a scripted editor could otherwise loop for ever). */
const MAX_ROUNDS = 25

export default class Edit extends LeadCommand {
  static override summary = 'Open a record in your editor ($VISUAL or $EDITOR); validate and commit it on save.'
  static override description = `When you save and close the editor, lead validates the whole site with your version. If it is valid it is written and committed ("KIND: edit ID"). If not, the editor opens again with the problems listed in a comment block at the top (removed again when you save) and your text as you left it.

lead edit needs a terminal: without one (a pipe, a script) or with CI or LEAD_NO_PROMPT set it stops with a usage error (exit 2); use lead set there.

To give up, save the file unchanged or empty it: the record stays as it was, your text is kept in .lead/recovered/<kind>-<id>-<time>.yaml (readable only by you, never committed) and lead exits with status 1. Nothing you typed is lost: the same happens when the change cannot be written for another reason (another lead command running, a merge in progress).`

  static override examples = [
    {description: 'Edit a partner', command: '<%= config.bin %> edit partner harbor-pd'},
    {description: 'With a particular editor', command: 'EDITOR=nano <%= config.bin %> edit referrals/2026/r-2026-11-03-k3f9q2.yaml'},
  ]

  static override strict = false
  static override usage = ['edit KIND ID', 'edit PATH']
  static override flags = {
    message: Flags.string({char: 'm', description: 'Commit message (default: "KIND: edit ID"). For a referral, consent or meeting it may not repeat the record\'s free text (MESSAGE_REPEATS_RECORD).'}),
    commit: Flags.boolean({description: 'Commit the change (--no-commit: write it and leave it uncommitted).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Edit)
    const site = this.openSite(flags.dir)
    const {address, rest} = parseAddress(site, argv as string[], 'lead edit partner harbor-pd')
    if (rest.length > 0) throw usageError('UNEXPECTED_ARGS', `${rest.length} unexpected argument${rest.length === 1 ? '' : 's'} (not shown: an unquoted value may have spilt into ${rest.length === 1 ? 'it' : 'them'})`, 'lead edit KIND ID, or lead edit PATH; to set fields without an editor use lead set')
    // An editor needs a person at a terminal: in CI or a pipe it would hang or fail unseen.
    if (!canPrompt()) {
      // A referral saved into partners/ under a name (partners/quennell-zavorski.yaml): the hint's ID is that name, concealed.
      learnIfMisfiledAt(site.root, address.kind, address.file)
      throw usageError('NO_TERMINAL', 'lead edit opens an editor, so it needs a terminal (stdin and stdout a TTY, CI and LEAD_NO_PROMPT unset)', `in scripts change fields with lead set ${KIND_INFO[address.kind].participantData && idProblem(address.kind, address.id) ? address.file : `${address.kind} ${address.id}`} FIELD=VALUE`, {file: address.file})
    }
    const editor = editorCommand(process.env, true)
    const record = findRecordFile(site, address)
    await checkWritable(site, [record.file], flags.commit)
    // A referral saved as partners/quennell-zavorski.yaml: its name is neither printed nor written into the commit message.
    learnIfMisfiled(record.kind, record.file, record.text)
    const hidden = shownSitePath(record.file) !== record.file
    const message = flags.message ?? (hidden ? `${record.kind}: edit` : `${record.kind}: edit ${record.id}`)
    // The kept file is named by the record's ID, unless its file's name is concealed (a name typed into it): then by its kind alone.
    const keep = (text: string) => saveRecovered(site.root, record.kind, hidden ? undefined : record.id, text)
    const session = new EditSession(`${record.kind}-${record.id}.yaml`, KIND_INFO[record.kind].maxBytes)
    // The schema lead validates with, for the editor's language server (removed on save).
    const schemaUrl = pathToFileURL(path.join(SCHEMA_DIR, schemaFile(record.kind))).href
    const fromEditor = (text: string) => stripNotes(stripSchemaLine(text, schemaUrl))
    try {
      let buffer = record.text
      let shown = withSchemaLine(record.text, schemaUrl)
      for (let round = 1; round <= MAX_ROUNDS; round++) {
        let saved: string
        try {
          saved = fromEditor(session.edit(editor, shown))
        } catch (error) {
          const back = session.readBack()
          const left = back === undefined ? buffer : fromEditor(back)
          throw withRecovery(error, left !== record.text ? keep(left) : undefined)
        }
        if (isEmptyBuffer(saved)) {
          const kept = keep(buffer)
          throw new LeadError('EDIT_ABORTED', `the file was emptied, so nothing was changed: ${record.file} is as it was`, {exit: ExitCode.invalid, hint: `your last text is kept in ${kept}`, details: {recovered: kept}})
        }
        if (saved === buffer || saved === record.text) {
          const kept = keep(saved)
          const why = saved === record.text ? 'the record was saved without changes' : 'the file was saved without changes after lead reported problems'
          throw new LeadError('EDIT_ABORTED', `${why}, so nothing was changed: ${record.file} is as it was`, {exit: ExitCode.invalid, hint: `your text is kept in ${kept}`, details: {recovered: kept}})
        }
        try {
          const result = await writeRecords(site, [{kind: record.kind, id: record.id, file: record.file, text: saved, base: record.text}], {message, messageTyped: flags.message !== undefined, commit: flags.commit})
          if (this.jsonMode) return this.printJson(writeResultJson(record.kind, hidden ? concealedName(record.id) : record.id, result, message, {rounds: round}))
          this.say(renderWriteResult('saved', result, message))
          return
        } catch (error) {
          if (error instanceof LeadError && error.code === 'INVALID_CHANGE') {
            const diagnostics = (error.details as {diagnostics?: Diagnostic[]} | undefined)?.diagnostics ?? []
            this.say(`${shownSitePath(record.file)}: ${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'}; reopening the editor`)
            buffer = saved
            const elsewhere = diagnostics.filter((d) => d.file !== record.file)
            // Lines over the record besides the notes: the schema line, and the "Elsewhere" line.
            shown = withNotes(saved, diagnostics.filter((d) => d.file === record.file), record.file, 1 + (elsewhere.length > 0 ? 1 : 0))
            if (elsewhere.length > 0) shown = shown.replace('# Fix the record below', `# Elsewhere: ${elsewhere.map((d) => `${d.file}: ${d.code} ${d.message}`).join('; ')}\n# Fix the record below`)
            shown = withSchemaLine(shown, schemaUrl)
            continue
          }
          const onDisk = fs.existsSync(path.join(site.root, record.file)) ? fs.readFileSync(path.join(site.root, record.file), 'utf8') : undefined
          throw withRecovery(error, onDisk === saved ? undefined : keep(saved))
        }
      }
      const kept = keep(buffer)
      throw new LeadError('EDIT_ABORTED', `still invalid after ${MAX_ROUNDS} attempts; nothing was changed`, {exit: ExitCode.invalid, hint: `your text is kept in ${kept}`, details: {recovered: kept}})
    } finally {
      session.dispose()
    }
  }
}

function withRecovery(error: unknown, kept: string | undefined): unknown {
  if (!kept) return error
  if (error instanceof LeadError) {
    return new LeadError(error.code, error.message, {exit: error.exit, pos: error.pos, hint: `${error.hint ? `${error.hint}; ` : ''}your text is kept in ${kept}`, details: {...(error.details as object | undefined), recovered: kept}})
  }
  return new LeadError('EDIT_FAILED', (error as Error).message, {exit: ExitCode.io, hint: `your text is kept in ${kept}`, details: {recovered: kept}})
}
