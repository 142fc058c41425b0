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

/**
 * XML 1.0 allows tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000 up. Anything else (C0
 * controls, U+FFFE, U+FFFF, a lone surrogate) makes the whole report unreadable to a JUnit
 * consumer, so it is written as visible \uXXXX text, as are the C1 and bidi controls a dashboard
 * would act on. Line breaks stay.
 */
// eslint-disable-next-line no-control-regex
const XML_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

export function xmlSafe(text: string): string {
  return text.replace(XML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
