/** Plain text tables for terminals and pipes: aligned columns, numbers to the right, no borders. */
import {chalk} from './colors.js'
import {terminalSafe} from './terminal-safe.js'
import {padEnd, padStart, textWidth, truncate} from './text-width.js'

export interface Column {
  header: string
  align?: 'left' | 'right'
  /** Longest a cell may be before it is cut (default 48). */
  max?: number
}

export function renderTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.min(c.max ?? 48, Math.max(textWidth(c.header), ...rows.map((r) => textWidth(r[i] ?? '')))))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const text = truncate(terminalSafe(cell), widths[i]!)
        return columns[i]!.align === 'right' ? padStart(text, widths[i]!) : padEnd(text, widths[i]!)
      })
      .join('  ')
      .trimEnd()
  const head = chalk.bold(line(columns.map((c) => c.header)))
  return [head, ...rows.map(line)].join('\n')
}

/** A horizontal bar for percentages and counts in reports. */
export function bar(fraction: number, width = 20): string {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0))
  const eighths = Math.round(f * width * 8)
  const full = Math.floor(eighths / 8)
  const partial = eighths % 8
  const blocks = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉']
  return ('█'.repeat(full) + blocks[partial]).padEnd(width, ' ')
}
