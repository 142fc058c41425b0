import {Args, Flags} from '../cli/oclif.js'
import {KINDS} from '../core/records/kinds.js'
import {canPrompt} from '../cli/interactive.js'
import {LeadCommand} from '../cli/lead-command.js'
import {runNew} from '../cli/everyday/new.js'

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
    id: Flags.string({description: 'The ID for kinds whose IDs people choose (partner, protocol, mou, roster, training); for a second meeting of one body on one day, its own ID (pcg-2026-12-16-special).'}),
    message: Flags.string({char: 'm', description: 'Commit message (default: "KIND: add ID"). For a referral, consent or meeting it may not repeat the record\'s free text (MESSAGE_REPEATS_RECORD).'}),
    commit: Flags.boolean({description: 'Commit the new record (--no-commit: write it and leave it uncommitted).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(New)
    const interactive = canPrompt() && !this.jsonMode
    await runNew({dir: flags.dir, kind: args.kind, file: flags.file, set: flags.set ?? [], id: flags.id, message: flags.message, commit: flags.commit, interactive}, this.io)
  }
}
