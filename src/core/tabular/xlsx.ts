/**
 * An Excel .xlsx workbook's sheet as rows of text cells, through read-excel-file (loaded only when an
 * .xlsx is read). Numbers keep the digits the file stores (a badge 13001 stays "13001", never
 * 13001.0000001), dates become YYYY-MM-DD (with the time of day when the cell has one: YYYY-MM-DD
 * HH:MM[:SS]; a time-only cell HH:MM[:SS]), booleans TRUE/FALSE; rows and columns keep their sheet
 * positions, so problems point at the cell a person sees in the spreadsheet.
 */
import {tableError} from './table-error.js'

export async function readXlsxRows(file: string, bytes: Uint8Array, sheet?: string): Promise<{rows: Array<{row: number; cells: string[]}>}> {
  const {readSheet, SheetNotFoundError} = await import('read-excel-file/node')
  const which = sheet === undefined ? undefined : /^\d+$/.test(sheet) ? Number(sheet) : sheet
  let data: unknown[][]
  try {
    data = (await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), which as number, {parseNumber: (s: string) => s, trim: false})) as unknown[][]
  } catch (error) {
    if (error instanceof SheetNotFoundError) {
      throw tableError('NO_SUCH_SHEET', file, `${file} has no sheet ${JSON.stringify(sheet)}`, 'name the sheet with --sheet NAME (or its number, 1 for the first)')
    }
    // Never in the reader's words: they repeat the workbook's XML (`<c r="…">`), which a cell's text can be in.
    throw tableError('XLSX_INVALID', file, `${file} cannot be read as an Excel workbook: its sheet is not in the form Excel writes`, 'open it in the spreadsheet and save it again as .xlsx, or export "CSV UTF-8"')
  }
  return {rows: data.map((cells, i) => ({row: i + 1, cells: cells.map(cellText)}))}
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return dateCellText(value)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  return String(value)
}

/**
 * A workbook stores wall-clock time without a zone; read-excel-file hands it over as that time in
 * UTC. Rounded to the second (serials are floats: 01:30 may arrive as 01:29:59.999). A time-only
 * cell is a time on Excel's day 0 (1899-12-30 here).
 */
function dateCellText(value: Date): string {
  const ms = value.getTime()
  if (Number.isNaN(ms)) return ''
  const iso = new Date(Math.round(ms / 1000) * 1000).toISOString()
  const day = iso.slice(0, 10)
  const clock = iso.slice(11, 19)
  const shown = clock.endsWith(':00') ? clock.slice(0, 5) : clock
  if (day === '1899-12-30') return shown
  return clock === '00:00:00' ? day : `${day} ${shown}`
}
