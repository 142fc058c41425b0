import {Args, Flags} from '../cli/oclif.js'
import {today} from '../core/clock/dates.js'
import fs from 'node:fs'
import path from 'node:path'
import {ExitCode, LeadError, stateError, usageError} from '../core/errors.js'
import {saveRecovered} from '../core/records/edit-buffer.js'
import {applyToData, parseAssignment} from '../core/records/field-assignments.js'
import {KIND_INFO, KINDS} from '../core/records/kinds.js'
import {loadRecords, type RecordData} from '../core/records/load.js'
import {fillGenerated, missingFields, missingPrerequisites, newRecordChange, newRecordSelection} from '../core/records/new-record.js'
import {siteTimeZone} from '../core/clock/site-zone.js'
import {introducedErrors, writeRecords, type WriteResult} from '../core/write/record-writer.js'
import {loadSchema} from '../core/schemas/schema-registry.js'
import {canPrompt} from '../cli/interactive.js'
import {parseKindArg} from '../cli/kind-arg.js'
import {LeadCommand} from '../cli/lead-command.js'
import type {Prompter} from '../cli/prompter.js'
import {readRecordInput} from '../cli/record-input.js'
import {renderWriteResult, writeResultJson} from '../cli/render/write-result.js'

export default class New extends LeadCommand {
  static override summary = 'Create a record: prompts at a terminal, or takes --set / --file.'
  static override description = `At a terminal, lead asks for every required value it was not given (lists to choose from for choices and references to other records), and for values the record's rules require once they apply (an adoption date once a protocol's status is adopted; the charges of an arrest diversion). It says before the first question what the site still lacks (a referral needs a partner agency and an adopted protocol), and runs the record's rules before the last one, asking again what they reject. Times are local times in the site's zone (2026-11-30 09:15, 5:00 PM, now). Without a terminal (scripts, CI), values come from --set FIELD=VALUE or --file; a missing required value is a usage error (exit 2) naming each field and the flag to pass.

Referral and consent IDs are minted by lead (r-YYYY-MM-DD-xxxxxx from the local received date, c-YYYY-MM-DD-xxxxxx from the signing date) so that two people on two clones never mint the same one. A referral without a participant code gets a new random one (or the previous referral's, with --set previous=ID).

The whole site is validated with the new record before anything is written; the record is then committed on its own (other staged or unstaged changes are left alone). Prints the new ID on stdout.`

  static override examples = [
    {description: 'Answer prompts for a new partner', command: '<%= config.bin %> new partner'},
    {description: 'A partner from a script', command: '<%= config.bin %> new partner --id harbor-fire --set name="Harbor Fire Department" --set type=other'},
    {description: 'A referral received this morning (local time); the ID and participant code are minted', command: "<%= config.bin %> new referral --set pathway=arrest_diversion --set 'received=today 09:15' --set referrer.agency=harbor-pd --set referrer.badge=0412 --set status=received --set 'charges[]=RCW 69.50.4013'"},
    {description: 'A record from a YAML or JSON file, or from standard input', command: 'cat partner.yaml | <%= config.bin %> new partner --file -'},
  ]

  static override args = {kind: Args.string({description: `The kind of record: ${KINDS.join(', ')}.`, required: true})}

  static override flags = {
    set: Flags.string({char: 's', description: 'Set a field: FIELD=VALUE (dot paths, [n] and [] for lists; typed by the schema). Repeatable.', multiple: true}),
    file: Flags.string({char: 'f', description: 'Start from this YAML or JSON file; - reads standard input. --set applies on top.'}),
    id: Flags.string({description: 'The ID for kinds whose IDs people choose (partner, protocol, mou, roster, training).'}),
    message: Flags.string({char: 'm', description: 'Commit message (default: "KIND: add ID").'}),
    commit: Flags.boolean({description: 'Commit the new record (--no-commit: write it and leave it uncommitted).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(New)
    const kind = parseKindArg(args.kind)
    const site = this.openSite(flags.dir)
    const schema = loadSchema(kind)
    const timeZone = siteTimeZone(site)
    const data: RecordData = flags.file ? await readRecordInput(flags.file, KIND_INFO[kind].maxBytes, {conceal: KIND_INFO[kind].participantData}) : {}
    applyToData(data, (flags.set ?? []).map((s) => parseAssignment(schema, s, {timeZone, kind})))
    if (flags.id !== undefined) data.id = flags.id
    const interactive = canPrompt() && !this.jsonMode
    // Prompts offer the site's records; a record given whole reads only the few it needs.
    const select = interactive ? undefined : newRecordSelection(site, kind, data)
    const records = await loadRecords(site, select ? {select} : {})
    const mintsId = KIND_INFO[kind].generatedId !== undefined && data.id === undefined
    fillGenerated(kind, data, records)

    let missing = missingFields(kind, data, site.config.rules)
    let prompter: Prompter | undefined
    const ui = interactive ? await import('../cli/prompter.js') : undefined
    const request = {kind, schema, data, site, records, timeZone, today: today(timeZone)}
    if (ui && missing.length > 0) {
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
    if (missing.length > 0) {
      throw usageError(
        'MISSING_FIELDS',
        `a new ${kind} needs ${missing.map((m) => m.path).join(', ')}`,
        `pass ${missing.map((m) => m.flag).join(' ')} (or --file FILE); see \`lead schema show ${kind} --outline\``,
        {missing},
      )
    }

    let change = newRecordChange(site, records, kind, data)
    if (ui) {
      // The record's rules run before the last question; what they reject is asked again.
      const {reviewProblems} = await import('../cli/record-review.js')
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
    }
    const message = flags.message ?? `${kind}: add ${change.id}`
    if (prompter && ui && !(await ui.confirmRecord(kind, change.text))) {
      const kept = saveRecovered(site.root, kind, change.id, change.text)
      throw new LeadError('CANCELLED', `not created; your answers are kept in ${kept}`, {exit: ExitCode.cancelled, hint: `to create it later: lead new ${kind} --file ${kept}`})
    }
    let result: WriteResult
    try {
      result = await writeRecords(site, [change], {message, commit: flags.commit, ...(records.cache ? {parseCache: records.cache} : {})})
    } catch (error) {
      // What a person typed at the prompts is never lost: keep it where they can fix and retry it.
      if (!prompter || !(error instanceof LeadError) || fs.existsSync(path.join(site.root, change.file))) throw error
      const kept = saveRecovered(site.root, kind, change.id, change.text)
      throw new LeadError(error.code, error.message, {exit: error.exit, hint: `${error.hint ? `${error.hint}; ` : ''}your answers are kept in ${kept}: fix them and run lead new ${kind} --file ${kept}`, details: {...(error.details as object | undefined), recovered: kept}})
    }
    if (this.jsonMode) return this.printJson(writeResultJson(kind, change.id, result, message))
    this.say(renderWriteResult('created', result, message))
    this.out(change.id)
  }
}
