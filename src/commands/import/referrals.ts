import {Flags} from '../../cli/oclif.js'
import {REFERRAL_FIELD_NAMES} from '../../core/import/import-fields.js'
import {REFERRAL_IMPORT} from '../../core/import/referral-import.js'
import {RecordImportCommand, recordImportArgs, recordImportFlags} from '../../cli/record-import-command.js'
import {REFERRAL_COLUMNS} from '../../cli/render/record-import.js'

export default class ImportReferrals extends RecordImportCommand {
  static override summary = 'Create referrals from a spreadsheet or police export (CSV, .csv.gz, .xlsx), all in one commit or none.'
  static override description = `Each row becomes one referral, checked as \`lead new\` would check it (schema, the referral rules under the protocol in force, the privacy scan), and every problem is reported at FILE:ROW:COLUMN without repeating what the cell holds. If any row has an error nothing is written; otherwise all referrals land in one commit.

Columns are recognised by their headers (fields: ${REFERRAL_FIELD_NAMES.join(', ')}); --map names others. --value maps an export's own codes (charges, statuses, pathways, agencies) to the site's; --set gives every row the same value. Local times without an offset are read in the site's time zone; a time in the hour repeated when clocks go back is refused with both readings unless --fold earlier|later.

Participant codes come from a participant column (lead codes P-XXXXXX only: a column of names or other identifiers refuses the file) or are minted, one new code per row. Each referral records a keyed hash of its row (of the source_key column, e.g. the report number, when there is one), never the row itself: running the same file again creates nothing twice. --save-map writes the mapping for next time; --mapping reads it.`

  static override examples = [
    {description: 'See what an export would create', command: '<%= config.bin %> import referrals arrests-2022.csv --set pathway=arrest_diversion --set referrer.agency=harbor-pd --dry-run'},
    {description: 'Map columns and codes, and save the mapping', command: '<%= config.bin %> import referrals arrests.xlsx --map "received_date=Arrest Date" --map "received_time=Arrest Time" --map "charges=Statute" --value "charges:THEFT 3=RCW 9A.56.050" --set pathway=arrest_diversion --save-map .lead/import-maps/police.yaml'},
    {description: 'Next month, with the saved mapping', command: '<%= config.bin %> import referrals arrests-2023-01.csv.gz --mapping .lead/import-maps/police.yaml'},
    {description: 'Take the first of the repeated fall-back hour for every such row', command: '<%= config.bin %> import referrals log.csv --mapping .lead/import-maps/police.yaml --fold earlier'},
  ]

  static override args = recordImportArgs

  static override flags = {
    ...recordImportFlags('referral', 'e.g. pathway=arrest_diversion, referrer.agency=harbor-pd', 'e.g. "charges:THEFT 3=RCW 9A.56.050", "agency:HPD=harbor-pd"'),
    fold: Flags.string({description: 'A local time in the hour repeated when clocks go back: take the earlier or the later reading (refused otherwise).', options: ['earlier', 'later']}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ImportReferrals)
    await this.runImport(REFERRAL_IMPORT, REFERRAL_COLUMNS, args.file, flags)
  }
}
