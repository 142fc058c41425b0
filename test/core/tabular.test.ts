import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {gzipSync} from 'node:zlib'
import {afterAll, describe, expect, it} from 'vitest'
import writeXlsxFile from 'write-excel-file/node'
import {LeadError} from '../../src/core/errors.js'
import {
  formatTableProblem,
  parseColumnChoices,
  parseValueMaps,
  readRows,
  readTable,
  readValueMapFile,
  recognizeColumns,
  skippedReportCsv,
  strictRefusal,
  writeSkippedReport,
  type FieldSpec,
} from '../../src/core/tabular/index.js'

const enc = (s: string) => new TextEncoder().encode(s)
const FIELDS: FieldSpec[] = [
  {name: 'badge', headers: [['badge', 'badgeno', 'starbadge', 'star'], 'employeeid'], wholeNumber: true},
  {name: 'name', headers: ['name', 'fullname']},
  {name: 'status', headers: ['status']},
]
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-tabular-'))
afterAll(() => fs.rmSync(tmp, {recursive: true, force: true}))

async function refusal(p: Promise<unknown>): Promise<LeadError> {
  try {
    await p
  } catch (error) {
    if (error instanceof LeadError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('readTable: formats', () => {
  it('reads CSV with the line each row starts on, skipping blank lines and a title line', async () => {
    const t = await readTable('a.csv', enc('Roster as of 2026-11-01\nBadge,Name\n0412,"Ortiz,\nDana"\n\n0077,Marcus Bell\n'))
    expect(t.headers).toEqual(['Badge', 'Name'])
    expect(t.headerRow).toBe(2)
    expect(t.rows).toEqual([
      {row: 3, cells: ['0412', 'Ortiz,\nDana']},
      {row: 6, cells: ['0077', 'Marcus Bell']},
    ])
    expect(t.format).toBe('csv')
  })

  it('reads gzip-compressed CSV by its magic bytes, with no false encoding error on the compressed bytes', async () => {
    const text = 'Badge;Name\n0412;José Núñez\n'
    const t = await readTable('export.csv.gz', gzipSync(enc(text)))
    expect(t.format).toBe('csv.gz')
    expect(t.rows[0]!.cells).toEqual(['0412', 'José Núñez'])
    // A gzip file named .csv is still a gzip file.
    expect((await readTable('renamed.csv', gzipSync(enc(text)))).rows).toHaveLength(1)
  })

  it('refuses a truncated gzip stream as TABLE_TRUNCATED', async () => {
    const gz = gzipSync(enc(`Badge,Name\n${Array.from({length: 500}, (_, i) => `${i},Officer ${i}`).join('\n')}\n`))
    const e = await refusal(readTable('cut.csv.gz', gz.subarray(0, Math.floor(gz.length / 2))))
    expect(e.code).toBe('TABLE_TRUNCATED')
  })

  it('reads .xlsx with sheet positions, exact numbers, dates and text badges', async () => {
    const file = path.join(tmp, 'roster.xlsx')
    await writeXlsxFile([
      [{value: 'HR roster'}],
      [null, {value: 'Badge'}, {value: 'Name'}, {value: 'Hire Date'}],
      [null, {value: 13001}, {value: 'Dana Ortiz'}, {value: new Date(Date.UTC(2019, 5, 3)), format: 'yyyy-mm-dd'}],
      [null, {value: '0412', type: String}, {value: 'Marcus Bell'}, null],
    ]).toFile(file)
    const t = await readTable('roster.xlsx', fs.readFileSync(file))
    expect(t.format).toBe('xlsx')
    expect(t.headerRow).toBe(2)
    expect(t.headers).toEqual(['', 'Badge', 'Name', 'Hire Date'])
    expect(t.rows).toEqual([
      {row: 3, cells: ['', '13001', 'Dana Ortiz', '2019-06-03']},
      {row: 4, cells: ['', '0412', 'Marcus Bell', '']},
    ])
  })

  it('.xlsx time and date-time cells keep their time of day (a time-only cell is Excel\'s day 0)', async () => {
    const file = path.join(tmp, 'times.xlsx')
    await writeXlsxFile([
      [{value: 'Date'}, {value: 'Time'}, {value: 'When'}],
      [{value: new Date(Date.UTC(2025, 10, 2)), format: 'yyyy-mm-dd'}, {value: new Date(Date.UTC(1899, 11, 30, 1, 30)), format: 'hh:mm'}, {value: new Date(Date.UTC(2025, 10, 2, 1, 30)), format: 'yyyy-mm-dd hh:mm'}],
      // Serial numbers as a spreadsheet stores them: 0.0625 is 01:30; 45963.5 is noon on 2025-11-02; 0 is midnight.
      [{value: 45963, format: 'mm/dd/yyyy'}, {value: 0, format: 'h:mm AM/PM'}, {value: 45963.5 + 15 / 86_400, format: 'm/d/yy h:mm:ss'}],
    ]).toFile(file)
    const t = await readTable('times.xlsx', fs.readFileSync(file))
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['2025-11-02', '01:30', '2025-11-02 01:30'],
      ['2025-11-02', '00:00', '2025-11-02 12:00:15'],
    ])
  })

  it('reads the named sheet, and refuses an unknown one or a damaged workbook', async () => {
    const file = path.join(tmp, 'two.xlsx')
    await writeXlsxFile([
      {sheet: 'Summary', data: [[{value: 'x'}, {value: 'y'}]]},
      {sheet: 'Officers', data: [[{value: 'Badge'}, {value: 'Name'}], [{value: '7'}, {value: 'A B'}]]},
    ]).toFile(file)
    const bytes = fs.readFileSync(file)
    expect((await readTable('two.xlsx', bytes, {sheet: 'Officers'})).rows[0]!.cells).toEqual(['7', 'A B'])
    expect((await refusal(readTable('two.xlsx', bytes, {sheet: 'Nope'}))).code).toBe('NO_SUCH_SHEET')
    expect((await refusal(readTable('bad.xlsx', Buffer.concat([bytes.subarray(0, 4), Buffer.from('garbage')])))).code).toBe('XLSX_INVALID')
  })

  it('refuses an old .xls workbook with what to do', async () => {
    const e = await refusal(readTable('old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))
    expect(e.code).toBe('XLS_UNSUPPORTED')
    expect(e.hint).toMatch(/xlsx/)
  })
})

describe('readTable: encodings and damaged cells', () => {
  it('reads Windows-1252 and UTF-16 (Excel "Unicode text")', async () => {
    const cp1252 = new Uint8Array([...enc('Badge,Name\n1,Jos'), 0xe9, 0x0a])
    expect((await readTable('w.csv', cp1252)).rows[0]!.cells[1]).toBe('José')
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Badge\tName\r\n1\tNguyễn\r\n', 'utf16le')])
    expect((await readTable('u.txt', utf16)).rows[0]!.cells).toEqual(['1', 'Nguyễn'])
  })

  it('points at a stray non-UTF-8 byte in a UTF-8 CSV', async () => {
    const bytes = new Uint8Array([...enc('Badge,Name\n1,José\n2,Ren'), 0xe9, 0x0a])
    const e = await refusal(readTable('mixed.csv', bytes))
    expect(e.code).toBe('CSV_ENCODING')
    expect(e.pos).toEqual({file: 'mixed.csv', line: 3, column: 6})
  })

  it('reports a NUL or control character at FILE:ROW:COLUMN and refuses one in the header', async () => {
    const t = await readTable('n.csv', enc('Badge,Name\n1,Dana\u0000 Ortiz\n2,Ok\n3,Bidi\u202Eevil\n'))
    expect(t.problems.map(formatTableProblem)).toEqual([
      'n.csv:2:2: error CONTROL_CHARACTER cell holds a NUL byte (at character 5), which no name, badge or date contains',
      'n.csv:4:2: error CONTROL_CHARACTER cell holds the control character U+202E (at character 5), which no name, badge or date contains',
    ])
    const e = await refusal(readTable('h.csv', enc('Badge,Na\u0007me\n1,x\n')))
    expect(e.code).toBe('CONTROL_CHARACTER')
    expect(e.pos).toEqual({file: 'h.csv', line: 1, column: 2})
  })
})

describe('readTable: truncation', () => {
  it('refuses a file whose last row is short', async () => {
    const e = await refusal(readTable('t.csv', enc('Badge,Name,Rank\n1,Dana Ortiz,Officer\n2,Te\n')))
    expect(e.code).toBe('TABLE_TRUNCATED')
    expect(e.pos).toEqual({file: 't.csv', line: 3})
    expect(e.message).toContain('2 of 3 columns')
  })

  it('refuses a file without a final newline while rows lack columns', async () => {
    const e = await refusal(readTable('t.csv', enc('Badge,Name,Rank\n1,Dana\n2,Marcus Bell,Sergeant')))
    expect(e.code).toBe('TABLE_TRUNCATED')
    expect(e.message).toMatch(/does not end with a line break and row 2/)
  })

  it('refuses a file cut inside a quoted cell', async () => {
    expect((await refusal(readTable('q.csv', enc('Badge,Name\n1,"Te')))).code).toBe('TABLE_TRUNCATED')
  })

  it('accepts a complete file without a final newline', async () => {
    expect((await readTable('ok.csv', enc('Badge,Name\n1,Dana Ortiz'))).rows).toHaveLength(1)
  })
})

describe('columns', () => {
  it('ranks synonyms and takes --map as field=Header or Header=field', () => {
    expect(recognizeColumns(['Employee ID', 'Badge', 'Name'], FIELDS)).toEqual({badge: 1, name: 2})
    const choices = parseColumnChoices(['badge=STAR/BADGE', 'Officer=name'], FIELDS)
    expect(recognizeColumns(['STAR/BADGE', 'Officer', 'Status'], FIELDS, choices)).toEqual({badge: 0, name: 1, status: 2})
  })

  it('refuses equally good columns, unknown columns and maps naming no field', () => {
    expect(() => recognizeColumns(['Badge', 'Badge No', 'Name'], FIELDS)).toThrow(expect.objectContaining({code: 'AMBIGUOUS_COLUMN'}))
    expect(() => recognizeColumns(['Badge', 'Name'], FIELDS, parseColumnChoices(['badge=Star'], FIELDS))).toThrow(expect.objectContaining({code: 'UNKNOWN_COLUMN'}))
    expect(() => parseColumnChoices(['Star=Badge #'], FIELDS)).toThrow(expect.objectContaining({code: 'BAD_MAP'}))
    // A misspelt field is named, not buried in the list of every field.
    expect(() => parseColumnChoices(['bagde=Star'], FIELDS)).toThrow(expect.objectContaining({code: 'BAD_MAP', message: '--map bagde=Star: expected FIELD=COLUMN (did you mean "badge"?)'}))
  })
})

describe('readRows', () => {
  const parse = (r: import('../../src/core/tabular/index.js').RowReader) => {
    const badge = r.get('badge')!
    if (!/^\d+$/.test(badge)) return r.problem('badge', 'BAD_BADGE', `badge "${badge}" is not digits`)
    const status = r.get('status')
    if (status !== undefined && !['active', 'separated'].includes(status)) r.problem('status', 'UNKNOWN_STATUS', `unknown status "${status}"`)
    return {badge, name: r.get('name'), status}
  }

  it('repairs spreadsheet whole numbers with one notice, maps values, filters rows and collects problems', async () => {
    const rows = Array.from({length: 300}, (_, i) => `${13000 + i}.0,Officer ${i},${i % 3 === 0 ? 'N' : 'Y'}`)
    const t = await readTable('hr.csv', enc(`Star,Name,Status\n${rows.join('\n')}\nx1,Bad Badge,Y\n5,Odd Status,Q\n`))
    const r = readRows(t, {fields: FIELDS, values: parseValueMaps(['status:Y=active,N=separated']), where: ['Name!=Officer 1']}, parse)
    expect(r.items).toHaveLength(299)
    expect(r.items[0]).toEqual({row: 2, value: {badge: '13000', name: 'Officer 0', status: 'separated'}})
    expect(r.filtered).toBe(1)
    expect(r.notices).toEqual([expect.objectContaining({code: 'SPREADSHEET_NUMBERS', message: expect.stringMatching(/^299 badge values were written as spreadsheet numbers \(e\.g\. 13000\.0\) and read as whole numbers \(13000\)/)})])
    expect(r.problems.map(formatTableProblem)).toEqual(['hr.csv:302:1: error BAD_BADGE badge "x1" is not digits', 'hr.csv:303:3: error UNKNOWN_STATUS unknown status "Q"'])
    expect(r.skipped).toEqual([302, 303])
    expect(strictRefusal('hr.csv', r.problems, true)?.code).toBe('CSV_INVALID')
    expect(strictRefusal('hr.csv', r.problems, false)).toBeUndefined()
  })

  it('--where keeps only matching rows, comparing raw values case-insensitively', async () => {
    const t = await readTable('w.csv', enc('Badge,Name,Status,Unit Type\n1,A A,Y,Sworn\n2,B B,Y,civilian\n3,C C,N,SWORN\n'))
    const r = readRows(t, {fields: FIELDS, where: ['status=y', 'Unit Type=sworn'], values: parseValueMaps(['status:Y=active,N=separated'])}, parse)
    expect(r.items.map((i) => i.value.badge)).toEqual(['1'])
    expect(r.filtered).toBe(2)
    expect(() => readRows(t, {fields: FIELDS, where: ['Nope=1']}, parse)).toThrow(expect.objectContaining({code: 'UNKNOWN_COLUMN'}))
  })

  it('skips a row whose unquoted comma shifted its cells, and a row split by a line break', async () => {
    const t = await readTable('s.csv', enc('Badge,Name,Status\n1,Ortiz, Dana,active\n2\n3,C C,active\n'))
    const r = readRows(t, {fields: FIELDS}, parse)
    expect(r.items.map((i) => i.row)).toEqual([4])
    expect(r.problems.map((p) => [p.row, p.code])).toEqual([[2, 'EXTRA_CELLS'], [3, 'SHORT_ROW']])
  })

  it('leaves rows with control characters out', async () => {
    const t = await readTable('c.csv', enc('Badge,Name\n1,Te\u0000st\n2,Fine\n'))
    const r = readRows(t, {fields: FIELDS}, parse)
    expect(r.items.map((i) => i.value.badge)).toEqual(['2'])
    expect(r.skipped).toEqual([2])
  })

  it('reads value maps from a YAML file', async () => {
    const file = path.join(tmp, 'values.yaml')
    fs.writeFileSync(file, 'status: {Y: active, N: separated, 1: active}\n')
    const maps = await readValueMapFile(file)
    expect(Object.fromEntries(maps.get('status')!)).toEqual({y: 'active', n: 'separated', 1: 'active'})
    expect(() => parseValueMaps(['status=Y'])).toThrow(expect.objectContaining({code: 'BAD_VALUE_MAP'}))
  })
})

describe('skipped-rows report', () => {
  it('lists each problem next to the row as exported, and is written privately', async () => {
    const t = await readTable('r.csv', enc('Badge,Name,row\n1,=Evil,a\n'))
    const problems = [{code: 'FORMULA_NAME', file: 'r.csv', row: 2, column: 2, message: 'bad name'}]
    expect(skippedReportCsv(t, problems)).toBe('row,column,code,severity,message,hint,Badge,Name,row (3)\r\n2,2,FORMULA_NAME,error,bad name,,1,\'=Evil,a\r\n')
    const file = path.join(tmp, 'out', 'skipped.csv')
    writeSkippedReport(file, t, problems)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  })
})
