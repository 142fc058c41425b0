/**
 * An Excel .xlsx workbook's sheet as rows of text cells, through read-excel-file (loaded only when an
 * .xlsx is read). Numbers keep the digits the file stores (a badge 13001 stays "13001", never
 * 13001.0000001), dates become YYYY-MM-DD, booleans TRUE/FALSE; rows and columns keep their sheet
 * positions, so problems point at the cell a person sees in the spreadsheet.
 */
import {tableError} from './table.js'

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
    throw tableError('XLSX_INVALID', file, `${file} cannot be read as an Excel workbook: ${(error as Error).message}`, 'open it in the spreadsheet and save it again as .xlsx, or export "CSV UTF-8"')
  }
  return {rows: data.map((cells, i) => ({row: i + 1, cells: cells.map(cellText)}))}
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  return String(value)
}
