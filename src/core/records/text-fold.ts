/**
 * How the yaml library wraps a long text over several lines, plain or in double quotes: its
 * foldFlowLines in 'flow' and 'quoted' mode, restated for what lead's layout holds (no tabs, line
 * breaks or escapes in the text), so that scalar-edit.ts can tell without loading the library
 * whether a wrapped value is the library's own wrapping and write a long new value as it would.
 * test/core/plain-fold.test.ts compares it with the library's output on generated texts, widths
 * and indentations.
 */

/**
 * `text` as the library writes it (plain, or double-quoted: `text` holds the quotes): its lines,
 * the first after `key: ` (or `- `), the rest `indent` spaces in. `indentAtStart` is the column the
 * library counts the first line from: the key's length + 2 for a map value (it does not count the
 * map's own indentation), undefined for a list item. `lineWidth` 0 wraps nothing; lead's layouts
 * use minContentWidth 0. Undefined for quoted text the library would break inside a word (with an
 * escaped line end), which is not written here.
 */
export function foldText(text: string, indent: number, indentAtStart: number | undefined, lineWidth: number, quoted = false): string[] | undefined {
  if (!lineWidth || lineWidth < 0) return [text]
  const endStep = Math.max(1, 1 + lineWidth - indent)
  if (text.length <= endStep) return [text]
  const folds: number[] = []
  let end = lineWidth - indent
  if (indentAtStart !== undefined) {
    if (indentAtStart > lineWidth - 2) folds.push(0)
    else end = lineWidth - indentAtStart
  }
  let split: number | undefined
  let prev: string | undefined
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (ch === ' ' && prev !== undefined && prev !== ' ') {
      // A space between two other characters may become a line break.
      const next = text[i + 1]
      if (next !== undefined && next !== ' ') split = i
    }
    if (i >= end) {
      if (split) {
        folds.push(split)
        end = split + endStep
        split = undefined
      } else if (quoted) return undefined
    }
    prev = ch
  }
  if (folds.length === 0) return [text]
  // A fold at 0 puts the whole text on the next line (the key is too wide): the first line is empty.
  const lines = folds[0] === 0 ? [''] : [text.slice(0, folds[0])]
  for (let k = 0; k < folds.length; k++) {
    const from = folds[k] === 0 ? 0 : folds[k]! + 1
    lines.push(text.slice(from, folds[k + 1] ?? text.length))
  }
  return lines
}
