/**
 * Dates and times as police records and spreadsheet exports write them (import/export-dates.ts):
 * US month/day/year, a date column stored at midnight beside a time column, 24-hour times without a
 * colon, 24:00 as the end of a day; a two-digit year is recognised and never given a century.
 */
import {describe, expect, it} from 'vitest'
import {dateTimeText, hasTwoDigitYear, isoDateText, joinDateAndTime} from '../../src/core/tabular/export-dates.js'
import {dayOf, exportDayOf} from '../../src/core/import/row-values.js'

describe('export dates', () => {
  it('reads the US month/day/year a spreadsheet shows', () => {
    expect(isoDateText('3/7/2022')).toBe('2022-03-07')
    expect(isoDateText('3/7/2022 14:05')).toBe('2022-03-07 14:05')
    expect(isoDateText('03/07/2022 02:05:00 PM')).toBe('2022-03-07 02:05:00 PM')
    expect(isoDateText('2022-03-07 2:05 PM')).toBe('2022-03-07 2:05 PM')
    expect(isoDateText('13/45/20222')).toBe('13/45/20222')
    expect(isoDateText('2026/3/7 14:05')).toBe('2026-03-07 14:05')
    expect(isoDateText('07-MAR-2026 14:05')).toBe('2026-03-07 14:05')
    expect(isoDateText('7 Sept 2026')).toBe('2026-09-07')
    expect(isoDateText('Mar 7, 2026 2:05 PM')).toBe('2026-03-07 2:05 PM')
    expect(isoDateText('March 7 2026')).toBe('2026-03-07')
    expect(isoDateText('7-Marz-2026')).toBe('7-Marz-2026')
  })

  it('joins a date cell and a time cell as exports write them', () => {
    expect(joinDateAndTime('3/9/2025', '2:30')).toBe('2025-03-09 2:30')
    expect(joinDateAndTime('03/07/2022 12:00:00 AM', '1405')).toBe('2022-03-07 14:05')
    expect(joinDateAndTime('2022-03-07 00:00:00', '930')).toBe('2022-03-07 09:30')
    expect(joinDateAndTime('2025-12-31', '24:00')).toBe('2026-01-01 00:00')
    expect(joinDateAndTime('2/28/2026', '2400')).toBe('2026-03-01 00:00')
    expect(joinDateAndTime('2026-02-30', '24:00')).toBe('2026-02-30 24:00')
    expect(dateTimeText('3/10/2025 24:00')).toBe('2025-03-11 00:00')
  })

  it('the day of a police export\'s date cell written with a time, US or ISO, 24- or 12-hour', () => {
    expect(exportDayOf('3/2/2026 2:30 PM')).toBe('2026-03-02')
    expect(exportDayOf('2026-03-02 9:30')).toBe('2026-03-02')
    expect(exportDayOf('3/2/2026')).toBe('2026-03-02')
    // The consent import reads ISO dates only, as before.
    expect(dayOf('3/2/2026')).toBe('3/2/2026')
    expect(dayOf('2026-03-02 14:30')).toBe('2026-03-02')
  })

  it('knows a two-digit year when it sees one, and reads none', () => {
    expect(hasTwoDigitYear('11/2/25')).toBe(true)
    expect(hasTwoDigitYear('11-02-25 01:30')).toBe(true)
    expect(hasTwoDigitYear('11/2/2025')).toBe(false)
    expect(hasTwoDigitYear('02-NOV-25 01:30')).toBe(true)
    expect(isoDateText('11/2/25')).toBe('11/2/25')
  })
})

describe('roster and attendance dates (parseExportDate)', () => {
  it('reads the same forms, and a moment with an offset on the site\'s day', async () => {
    const {parseExportDate} = await import('../../src/core/training/roster-csv.js')
    expect(parseExportDate('3/7/2022 14:05')).toBe('2022-03-07')
    expect(parseExportDate('07-MAR-2022')).toBe('2022-03-07')
    expect(parseExportDate('2022/3/7')).toBe('2022-03-07')
    expect(parseExportDate('2/30/2022')).toBeUndefined()
    expect(parseExportDate('3/7/22')).toBeUndefined()
    expect(parseExportDate('2026-03-04T02:30:00Z', 'America/Los_Angeles')).toBe('2026-03-03')
    expect(parseExportDate('2026-03-04T00:00:00Z', 'America/Los_Angeles')).toBe('2026-03-04')
  })
})
