import {CONSENT_FIELD_NAMES} from '../../core/import/import-fields.js'
import {CONSENT_IMPORT} from '../../core/import/consent-import.js'
import {RecordImportCommand, recordImportArgs, recordImportFlags} from '../../cli/record-import-command.js'
import {CONSENT_COLUMNS} from '../../cli/render/record-import.js'

export default class ImportConsents extends RecordImportCommand {
  static override summary = "Create release-of-information consents from a provider's export (CSV, .csv.gz, .xlsx), all in one commit or none."
  static override description = `Each row becomes one consent, checked as \`lead new consent\` would check it (schema, the consent rules, partner ids, the privacy scan), and every problem is reported at FILE:ROW:COLUMN without repeating what the cell holds. If any row has an error nothing is written; otherwise all consents land in one commit.

Columns are recognised by their headers (fields: ${CONSENT_FIELD_NAMES.join(', ')}); --map names others. Disclosers and recipients are lists of partner ids in one cell ("harbor-pd; evergreen-case-management"); --value maps the export's own partner names to ids, item by item. --set gives every row the same value (the purpose and information wording of the site's form, an expiry event). Dates are YYYY-MM-DD (a spreadsheet's date cells are read as the dates they show).

A consent is about a participant the site already has: the participant column holds lead codes P-XXXXXX (a column of names or other identifiers refuses the file), and a code no referral carries refuses its row (UNKNOWN_PARTICIPANT). Each consent records a keyed hash of its row (of the source_key column, e.g. the form number, when there is one), never the row itself: running the same file again creates nothing twice. --save-map writes the mapping for next time; --mapping reads it.`

  static override examples = [
    {description: "See what a provider's ROI log would create", command: '<%= config.bin %> import consents roi-log.csv --value "disclosers:Evergreen=evergreen-case-management,Harbor PD=harbor-pd" --value "recipients:Evergreen=evergreen-case-management,Prosecutor=harbor-county-prosecutor" --dry-run'},
    {description: "Give every row the form's wording, and save the mapping", command: '<%= config.bin %> import consents roi-log.xlsx --map "participant=LEAD Code" --set "purpose=Coordinating LEAD case management among the partners" --set "information=LEAD enrollment status and attendance" --set "expires_event=End of LEAD participation" --save-map .lead/import-maps/roi.yaml'},
    {description: 'Next month, with the saved mapping', command: '<%= config.bin %> import consents roi-log-2026-12.csv.gz --mapping .lead/import-maps/roi.yaml'},
  ]

  static override args = recordImportArgs

  static override flags = recordImportFlags('consent', 'e.g. "purpose=Coordinating LEAD case management", "expires_event=End of LEAD participation"', 'e.g. "disclosers:Evergreen CM=evergreen-case-management,Harbor PD=harbor-pd"')

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ImportConsents)
    await this.runImport(CONSENT_IMPORT, CONSENT_COLUMNS, args.file, flags)
  }
}
