/**
 * What `lead import referrals` and `lead import consents` share: the flags, merging a saved mapping
 * with them, running the import, saving the mapping after it, and the output (a table, or one JSON
 * document). A command names its kind, its preview columns and its own flags.
 */
import path from 'node:path'
import {Args, Flags} from './oclif.js'
import {LeadError} from '../core/errors.js'
import type {Fold} from '../core/clock/local-time.js'
import {resolveMapping, saveMappingFile} from '../core/import/import-mapping.js'
import {importRecords, type ImportKind} from '../core/import/record-import.js'
import type {TableProblem} from '../core/tabular/index.js'
import {importFlags} from './import-flags.js'
import {LeadCommand} from './lead-command.js'
import {renderImportProblems, renderRecordImport, type PreviewColumn} from './render/record-import.js'
import {hookChangeLines} from './render/write-result.js'

export const recordImportArgs = {file: Args.string({description: 'The export: CSV, gzip-compressed CSV or .xlsx.', required: true})}

/** The flags of a record import, with examples of --set and --value for this kind. */
export function recordImportFlags(kind: 'referral' | 'consent', setHelp: string, valueHelp: string) {
  return {
    map: importFlags.map,
    value: Flags.string({description: `Map an export's own codes to the site's: FIELD:FROM=TO[,FROM=TO…] (${valueHelp}); a list cell is mapped item by item. Repeatable.`, multiple: true, helpValue: 'FIELD:FROM=TO,…'}),
    values: importFlags.values,
    set: Flags.string({char: 's', description: `The same value on every ${kind}: FIELD=VALUE (${setHelp}); a filled cell wins. Repeatable.`, multiple: true}),
    where: importFlags.where,
    sheet: importFlags.sheet,
    mapping: Flags.string({description: 'Read columns, values, set, where and the rest from a mapping file (--save-map writes one). Flags win.', helpValue: 'FILE'}),
    'save-map': Flags.string({description: "Write the mapping this run used to FILE (headers and codes only; commit it in the site, e.g. .lead/import-maps/). Not with --dry-run; refused when a value in it looks like a person's details.", helpValue: 'FILE'}),
    'dry-run': Flags.boolean({description: 'Check every row and show what would be created; write nothing.'}),
    message: Flags.string({char: 'm', description: `Commit message (default "${kind}: import N from FILE").`}),
    'new-import-key': Flags.boolean({description: `Start a new import key when this clone has none but the site holds imported records (rows imported before will not be recognised).`}),
  }
}

export interface RecordImportFlagValues {
  map?: string[]
  value?: string[]
  values?: string
  set?: string[]
  where?: string[]
  sheet?: string
  fold?: string
  mapping?: string
  'save-map'?: string
  'dry-run'?: boolean
  message?: string
  'new-import-key'?: boolean
  dir?: string
}

export abstract class RecordImportCommand extends LeadCommand {
  protected async runImport<Shown extends object>(kind: ImportKind<Shown>, columns: ReadonlyArray<PreviewColumn<Shown>>, file: string, flags: RecordImportFlagValues): Promise<void> {
    const site = this.openSite(flags.dir)
    const saveMap = flags['save-map']
    const m = await resolveMapping({...flags, fold: flags.fold as Fold | undefined, saveMap}, kind.fields)
    let result
    try {
      result = await importRecords(site, kind, {file, abs: path.resolve(file), sheet: m.sheet, map: m.map, values: m.values, set: m.set, where: m.where, fold: m.fold, dryRun: flags['dry-run'], message: flags.message, newImportKey: flags['new-import-key']})
    } catch (error) {
      const problems = error instanceof LeadError ? (error.details as {problems?: TableProblem[]} | undefined)?.problems : undefined
      if (problems && !this.jsonMode) process.stderr.write(`${renderImportProblems(problems)}\n`)
      throw error
    }
    if (saveMap && m.toSave) {
      if (result.dryRun) this.say(`mapping not saved to ${saveMap}: --dry-run writes nothing (run again without --dry-run to save it)`)
      else {
        saveMappingFile(site.root, saveMap, {...m.toSave, columns: result.columns}, `${this.config.bin} import ${kind.kind}s`)
        this.say(`mapping saved to ${saveMap}`)
      }
    }
    if (this.jsonMode) {
      const {kind: _kind, ...rest} = result
      return this.printJson({ok: true, ...rest, created: result.created.map(({row, id, shown}) => ({row, id, ...shown}))})
    }
    this.out(renderRecordImport(result, columns))
    const n = result.created.length
    if (result.commit) this.say(`committed ${result.commit.slice(0, 7)}: ${n} ${kind.kind}${n === 1 ? '' : 's'}`)
    else if (!result.dryRun && n === 0) this.say('nothing new to import')
    for (const line of hookChangeLines(result.changedByHook)) this.say(line)
  }
}
