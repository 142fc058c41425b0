/**
 * Tabular input: the one way lead reads a spreadsheet export (HR rosters, sign-in sheets, training
 * platform exports, referral logs). A contract other modules build on; keep it stable.
 *
 * Reading — `readTable(file, bytes, {sheet?})` → `Table {file, format, headers, headerRow, rows,
 * problems}`:
 * - CSV (`,` `;` or tab; UTF-8 ± BOM, UTF-16 with BOM, or Windows-1252 when no UTF-8 is present),
 *   gzip-compressed CSV and .xlsx, recognised by their first bytes (never by the name alone);
 *   old .xls is refused (XLS_UNSUPPORTED). read-excel-file loads only when an .xlsx is read.
 * - Whole-file refusals throw LeadError (exit 1) at FILE or FILE:LINE: CSV_ENCODING (a stray
 *   non-UTF-8 byte in a UTF-8 file, at FILE:LINE:COLUMN), CSV_SYNTAX, TABLE_TRUNCATED (the last
 *   row short, no final newline while rows lack columns, a quote or gzip stream left open),
 *   TABLE_EMPTY, TABLE_TOO_LARGE, GZIP_INVALID, XLSX_INVALID, NO_SUCH_SHEET.
 * - Cells with control characters (NUL, C0/C1, bidi overrides) are `problems` of their rows
 *   (CONTROL_CHARACTER at FILE:ROW:COLUMN); a header holding one refuses the file.
 * - Rows carry their 1-based position (CSV: the line a row starts on; .xlsx: the sheet row), cells
 *   are NFC text, trimmed; the header is the first row with two or more filled cells.
 *
 * Columns — `FieldSpec {name, headers (ranked synonyms, reduced by headerKey), wholeNumber?}`;
 * `parseColumnChoices(--map values, fields)` accepts `field=Header` (and `Header=field`);
 * `recognizeColumns(headers, fields, choices)` → `{field: columnIndex}` (usage errors
 * UNKNOWN_COLUMN, AMBIGUOUS_COLUMN, BAD_MAP, exit 2).
 *
 * Values — `parseValueMaps(--value "status:Y=active,N=separated")`, `readValueMapFile(FILE)`
 * (YAML/JSON `{field: {FROM: TO}}`), `parseRowFilters(--where "status=Y", "Unit!=Civilian")`;
 * keys name a field or a header; comparisons ignore case and spacing; filters see raw values.
 *
 * Rows — `readRows(table, {fields, columns, values, where}, parse)` calls `parse(reader)` once
 * per row that passes the filters; `reader.get(field)` gives the mapped, whole-number-repaired
 * value (`13001.0` → `13001`, summarised once as a SPREADSHEET_NUMBERS notice), and
 * `reader.problem(field, code, message, hint?, severity?)` reports at FILE:ROW:COLUMN. Rows with
 * an error (theirs, a control character, EXTRA_CELLS, SHORT_ROW) are not in `items` but in
 * `skipped`; every problem is in `problems`, in file order. The caller decides: partial import, or
 * refuse everything under --strict (`strictRefusal`).
 *
 * Reporting — `writeSkippedReport(FILE, table, problems)` writes a CSV (0600) of each problem
 * with the row as it was; `formatTableProblem` gives the `FILE:ROW:COLUMN: error CODE message` line.
 */
export {readTable, detectFormat, MAX_TABLE_BYTES, type Table, type TableRow, type TableFormat, type ReadTableOptions} from './table.js'
export {decodeCsv, detectDelimiter} from './csv-text.js'
export {headerKey, columnsHint, parseColumnChoices, recognizeColumns, columnOf, type FieldSpec, type ColumnMap, type ColumnChoice} from './columns.js'
export {parseValueMaps, readValueMapFile, parseRowFilters, spreadsheetWholeNumber, valueKey, type ValueMaps, type RowFilter} from './values.js'
export {readRows, type RowOptions, type RowReader, type RowsResult, type TableNotice} from './rows.js'
export {formatTableProblem, isError, sortProblems, type TableProblem} from './problems.js'
export {skippedReportCsv, writeSkippedReport} from './skipped-report.js'
export {readInputFile, strictRefusal, problemsRefusal} from './input-file.js'
