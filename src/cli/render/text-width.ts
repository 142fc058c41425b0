/** Display width of text in a terminal: combining marks take no column, most CJK and emoji take two. */
const COMBINING = /\p{M}/u
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1FAFF}\u{20000}-\u{3FFFD}]/u
// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;]*m/g

export function textWidth(text: string): number {
  let width = 0
  for (const ch of text.replace(ANSI, '')) {
    if (COMBINING.test(ch)) continue
    width += WIDE.test(ch) ? 2 : 1
  }
  return width
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)))
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - textWidth(text))) + text
}

/** Cut to a width, marking the cut with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (textWidth(text) <= width) return text
  let out = ''
  for (const ch of text) {
    if (textWidth(out + ch) > width - 1) break
    out += ch
  }
  return `${out}…`
}
