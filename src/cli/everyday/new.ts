/**
 * `lead new KIND` once its line is read: by oclif (commands/new.ts) or, for a line that cannot
 * prompt, by bin/run.js's early path (cli/early-new.ts), which must print the same. At a terminal
 * lead asks for what is missing, from the whole site loaded first; a record given whole is built
 * under the write path's lock from the one load the write makes.
 */
import fs from 'node:fs'
import path from 'node:path'
import {today} from '../../core/clock/dates.js'
import {ExitCode, LeadError, stateError, usageError} from '../../core/errors.js'
import {saveRecovered} from '../../core/records/edit-buffer.js'
import {closest} from '../../core/text/suggest.js'
import {applyToData, parseAssignment} from '../../core/records/field-assignments.js'
import {KIND_INFO, type Kind} from '../../core/records/kinds.js'
import {loadRecords, type RecordData} from '../../core/records/load.js'
import {checkIdBeforeSite, fillGenerated, missingBeforeSite, missingFields, missingPrerequisites, newRecordChange, type MissingField} from '../../core/records/new-record.js'
import {siteTimeZone} from '../../core/clock/site-zone.js'
import {introducedErrors, writeBuiltRecords, writeRecords, type WriteResult} from '../../core/write/record-writer.js'
import {loadSchema} from '../../core/schemas/schema-registry.js'
import {openSite, type Site} from '../../core/site.js'
import {parseKindArg} from '../kind-arg.js'
import type {Prompter} from '../prompter.js'
import {readRecordInput} from '../record-input.js'
import {renderWriteResult, writeResultJson} from '../render/write-result.js'
import type {Output} from '../output.js'

export interface NewFlags {
  dir?: string
  /** The KIND argument as typed. */
  kind: string
  /** --file: a YAML or JSON file, or `-` for standard input. */
  file?: string
  /** --set FIELD=VALUE, in the order given. */
  set: string[]
  id?: string
  message?: string
  commit: boolean
  /** Whether a person may be asked for what is missing (a terminal, and not --json). */
  interactive: boolean
}

export interface NewHooks {
  /**
   * Called just before the write starts (the lock, git's state, the validation, the file, the
   * commit): from here on a failure must be reported, never the line run again.
   */
  writing?(): void
}

export async function runNew(flags: NewFlags, io: Output, hooks: NewHooks = {}): Promise<void> {
  const kind = parseKindArg(flags.kind)
  const site = openSite({dir: flags.dir})
  const schema = loadSchema(kind)
  const timeZone = siteTimeZone(site)
  const data: RecordData = flags.file ? await readRecordInput(flags.file, KIND_INFO[kind].maxBytes, {conceal: KIND_INFO[kind].participantData}) : {}
  applyToData(data, flags.set.map((s) => parseAssignment(schema, s, {timeZone, kind})))
  if (flags.id !== undefined) data.id = flags.id
  if (!flags.interactive) return createGiven(site, kind, data, flags, io, hooks)
  // Prompts offer the site's records.
  const records = await loadRecords(site)
  const mintsId = KIND_INFO[kind].generatedId !== undefined && data.id === undefined
  fillGenerated(kind, data, records)

  let missing = missingFields(kind, data, site.config.rules)
  let prompter: Prompter | undefined
  const ui = await import('../prompter.js')
  const request = {kind, schema, data, site, records, timeZone, today: today(timeZone)}
  if (missing.length > 0) {
    // What the record will need from the site is said before the first question, not after the last.
    const lacking = missingPrerequisites(kind, records)
    if (lacking.length > 0) {
      throw stateError('PREREQUISITE_MISSING', `a ${kind} cannot be accepted yet: ${lacking.map((l) => l.message).join('; ')}`, `first: ${lacking.map((l) => l.hint).join(', then ')}`)
    }
    prompter = await ui.prompterFor(request)
    await prompter.run()
    fillGenerated(kind, data, records)
    missing = missingFields(kind, data, site.config.rules)
  }
  if (missing.length > 0) throw missingFieldsError(kind, missing, data)

  let change = newRecordChange(site, records, kind, data)
  // The record's rules run before the last question; what they reject is asked again.
  const {reviewProblems} = await import('../record-review.js')
  for (let round = 1; ; round++) {
    const problems = (await introducedErrors(site, [change])).filter((d) => d.severity === 'error')
    if (problems.length === 0) break
    prompter ??= await ui.prompterFor(request)
    if (round > 8 || (await reviewProblems(prompter, problems, change.file)) === 'stop') {
      const kept = saveRecovered(site.root, kind, change.id, change.text)
      throw new LeadError('CANCELLED', `not created; your answers are kept in ${kept}`, {exit: ExitCode.cancelled, hint: `to create it later: lead new ${kind} --file ${kept}`})
    }
    if (mintsId) delete data.id
    fillGenerated(kind, data, records)
    change = newRecordChange(site, records, kind, data)
  }
  const message = flags.message ?? `${kind}: add ${change.id}`
  if (prompter && !(await ui.confirmRecord(kind, change.text))) {
    const kept = saveRecovered(site.root, kind, change.id, change.text)
    throw new LeadError('CANCELLED', `not created; your answers are kept in ${kept}`, {exit: ExitCode.cancelled, hint: `to create it later: lead new ${kind} --file ${kept}`})
  }
  let result: WriteResult
  hooks.writing?.()
  try {
    result = await writeRecords(site, [change], {message, messageTyped: flags.message !== undefined, commit: flags.commit, ...(records.cache ? {parseCache: records.cache} : {})})
  } catch (error) {
    // What a person typed at the prompts is never lost: keep it where they can fix and retry it.
    if (!prompter || !(error instanceof LeadError) || fs.existsSync(path.join(site.root, change.file))) throw error
    const kept = saveRecovered(site.root, kind, change.id, change.text)
    throw new LeadError(error.code, error.message, {exit: error.exit, hint: `${error.hint ? `${error.hint}; ` : ''}your answers are kept in ${kept}: fix them and run lead new ${kind} --file ${kept}`, details: {...(error.details as object | undefined), recovered: kept}})
  }
  printCreated(io, kind, change.id, result, message)
}

/**
 * A record given whole (--file, --set; no prompts): built from the site as the write path loads it
 * under its lock (record-writer.ts writeBuiltRecords), so the site is loaded once. Its minted ID,
 * participant code and the check that its ID is free read the whole site as it is written to.
 */
async function createGiven(site: Site, kind: Kind, data: RecordData, flags: NewFlags, io: Output, hooks: NewHooks): Promise<void> {
  // What the line alone lacks is a usage error now, not once another writer's lock is free and the site loaded.
  const lacking = missingBeforeSite(kind, data, site.config.rules)
  if (lacking.length > 0) throw missingFieldsError(kind, lacking, data)
  checkIdBeforeSite(site, kind, data)
  hooks.writing?.()
  const result = await writeBuiltRecords(
    site,
    (records) => {
      fillGenerated(kind, data, records)
      const missing = missingFields(kind, data, site.config.rules)
      if (missing.length > 0) throw missingFieldsError(kind, missing, data)
      const change = newRecordChange(site, records, kind, data)
      return {changes: [change], message: flags.message ?? `${kind}: add ${change.id}`}
    },
    {commit: flags.commit, messageTyped: flags.message !== undefined},
  )
  printCreated(io, kind, result.changes[0]!.id, result, result.message)
}

function missingFieldsError(kind: Kind, missing: MissingField[], data: RecordData): LeadError {
  return usageError(
    'MISSING_FIELDS',
    `a new ${kind} needs ${missing.map((m) => m.path).join(', ')}${misspelt(kind, missing, data)}`,
    `pass ${missing.map((m) => m.flag).join(' ')} (or --file FILE); see \`lead schema show ${kind} --outline\``,
    {missing},
  )
}

/**
 * A field the record has that is none of the kind's and looks like a missing one misspelt
 * (`stauts` for `status`), said without its name: what was typed into a record is not printed.
 */
function misspelt(kind: Kind, missing: MissingField[], data: RecordData): string {
  const known = new Set(Object.keys(loadSchema(kind).properties ?? {}))
  const wanted = missing.map((m) => m.path).filter((p) => !p.includes('.'))
  for (const key of Object.keys(data)) {
    const like = known.has(key) ? undefined : closest(key, wanted)
    if (like) return ` (the record has a field of ${key.length} characters that is not a ${kind}'s: "${like}" misspelt?)`
  }
  return ''
}

function printCreated(io: Output, kind: Kind, id: string, result: WriteResult, message: string): void {
  if (io.json) return io.printJson(writeResultJson(kind, id, result, message))
  io.say(renderWriteResult('created', result, message))
  io.out(id)
}
