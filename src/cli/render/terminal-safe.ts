/**
 * Record text shown on a terminal or in a CI log must not act there: an escape sequence can clear
 * the screen or retitle the window, a newline can forge a `::error` workflow command on its own
 * line, and bidi controls can reorder what a reader sees. They are shown as \uXXXX instead.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => (c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
}
