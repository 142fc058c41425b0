/** The output flags of reports that also print a spreadsheet: --format table|csv, --bom, --neutralize. */
import {Flags} from './oclif.js'

export const csvOutputFlags = {
  format: Flags.string({char: 'f', description: 'Output format (--json for JSON).', options: ['table', 'csv'], default: 'table'}),
  bom: Flags.boolean({description: 'CSV: start with a UTF-8 byte order mark, so Excel reads the file as UTF-8.'}),
  neutralize: Flags.boolean({description: "CSV: prefix text cells a spreadsheet would run as a formula (= + - @) with ' (--no-neutralize: leave them as they are).", default: true, allowNo: true}),
}
