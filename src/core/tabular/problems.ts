/**
 * A problem with one cell of an imported table, reported as `FILE:ROW:COLUMN` (1-based; the row is
 * the line of a CSV or the row of a sheet). Errors skip their row (or, under --strict, refuse the
 * file); warnings are shown and the row is kept.
 */

export interface TableProblem {
  code: string
  file: string
  row: number
  column: number
  message: string
  hint?: string
  /** Absent means error. */
  severity?: 'error' | 'warning'
}

export function formatTableProblem(p: TableProblem): string {
  return `${p.file}:${p.row}:${p.column}: ${p.severity ?? 'error'} ${p.code} ${p.message}`
}

export const isError = (p: TableProblem): boolean => (p.severity ?? 'error') === 'error'

/**
 * Characters no name, badge or date holds and that hide or reorder text: C0 and C1 controls (tab,
 * CR and LF aside: a quoted cell may wrap) and the bidirectional embedding, override and isolate
 * controls (U+202A–U+202E, U+2066–U+2069), which can make a printed name read differently.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u

export function controlCharacterProblems(file: string, row: number, cells: readonly string[]): TableProblem[] {
  const problems: TableProblem[] = []
  cells.forEach((cell, i) => {
    const m = CONTROL.exec(cell)
    if (!m) return
    const code = m[0].codePointAt(0)!
    const name = code === 0 ? 'a NUL byte' : `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`
    problems.push({code: 'CONTROL_CHARACTER', file, row, column: i + 1, message: `cell holds ${name} (at character ${m.index + 1}), which no name, badge or date contains`, hint: 'the export is damaged or was edited by a program that inserted it: correct the cell and export again'})
  })
  return problems
}

/** Problems in file order, errors before warnings on the same cell. */
export function sortProblems<T extends TableProblem>(problems: T[]): T[] {
  return problems.sort((a, b) => a.row - b.row || a.column - b.column || Number(isError(b)) - Number(isError(a)))
}
