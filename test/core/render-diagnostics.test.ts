import {describe, expect, it} from 'vitest'
import {fails, frameWindow, renderJson, renderJunit, renderText, summaryLine} from '../../src/cli/render/diagnostics.js'
import {renderGithubAnnotations} from '../../src/cli/render/github-actions.js'
import type {Diagnostic} from '../../src/core/errors.js'
import type {ValidationResult} from '../../src/core/validate/site-validation.js'
import {parseJunit} from '../support/junit-xml.js'

const result = (diagnostics: Diagnostic[], files = ['lead.yaml', 'partners/a.yaml', 'partners/b.yaml']): ValidationResult => ({
  ok: !diagnostics.some((d) => d.severity === 'error'),
  errors: diagnostics.filter((d) => d.severity === 'error').length,
  warnings: diagnostics.filter((d) => d.severity === 'warning').length,
  files: files.length,
  records: {partner: files.length - 1, protocol: 0, mou: 0, roster: 0, training: 0, referral: 0, consent: 0},
  checkedFiles: files,
  diagnostics,
})
const finding = (over: Partial<Diagnostic> = {}): Diagnostic => ({code: 'UNKNOWN_FIELD', severity: 'error', message: 'unknown field "nmae"', file: 'partners/a.yaml', line: 2, column: 1, ...over})

const parseXml = (xml: string) => parseJunit(xml)[0]!

describe('code frames', () => {
  it('show the part of a long line around the column, with the caret under it', () => {
    const line = `{id: x, officers: [${Array.from({length: 20_000}, (_, i) => `{badge: "${i}"}`).join(', ')}]}`
    const column = line.indexOf('"15000"') + 1
    const frame = frameWindow(line, column)
    expect(frame.text.length).toBeLessThanOrEqual(122)
    expect(frame.text.startsWith('…') && frame.text.endsWith('…')).toBe(true)
    expect(frame.text.slice(frame.caret)).toMatch(/^"15000"/)
  })

  it('show a short line whole and point at the column', () => {
    expect(frameWindow('nmae: Typo Agency', 1)).toEqual({text: 'nmae: Typo Agency', caret: 0})
    expect(frameWindow('type: law_enforcment', 7)).toEqual({text: 'type: law_enforcment', caret: 6})
  })

  it('count control characters shown as \\uXXXX and wide letters when placing the caret', () => {
    const line = 'name: "a\u0007b 警察 x"'
    const frame = frameWindow(line, line.indexOf('x') + 1)
    expect(frame.text).toBe('name: "a\\u0007b 警察 x"')
    expect(frame.caret).toBe(7 + 1 + 6 + 2 + 4 + 1) // 'name: "', 'a', the bell as \u0007, 'b ', two wide letters, ' '
  })

  it('never cut a surrogate pair at the window edge', () => {
    const line = '😀'.repeat(500)
    for (const column of [1, 101, 202, 555, 999]) {
      const {text} = frameWindow(line, column)
      expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
    }
  })

  it('text output of many findings on one long line stays one bounded frame each', () => {
    const line = 'x'.repeat(200_000)
    const diagnostics = Array.from({length: 2000}, (_, i) => finding({line: 1, column: 1 + i * 100, excerpt: line}))
    const text = renderText(result(diagnostics))
    const longest = Math.max(...text.split('\n').map((l) => l.length))
    expect(longest).toBeLessThan(200)
    expect(text.split('\n').filter((l) => l.endsWith('^'))).toHaveLength(2000)
  })
})

describe('--strict', () => {
  const warningsOnly = result([finding({severity: 'warning', code: 'YAML_AMBIGUOUS', message: 'unquoted value no'})])

  it('is one decision: warnings fail only under --strict, errors always', () => {
    expect(fails(warningsOnly)).toBe(false)
    expect(fails(warningsOnly, true)).toBe(true)
    expect(fails(result([finding()]))).toBe(true)
    expect(fails(result([]), true)).toBe(false)
  })

  it('text summary says the warnings fail', () => {
    expect(summaryLine(warningsOnly)).toBe('✔ 3 files valid, 1 warning')
    expect(renderText(warningsOnly, {strict: true}).split('\n').pop()).toBe('✖ 1 warning in 3 files (--strict: warnings fail)')
  })

  it('JSON ok is false and says strict', () => {
    expect(renderJson(warningsOnly)).toMatchObject({ok: true, strict: false})
    expect(renderJson(warningsOnly, {strict: true})).toMatchObject({ok: false, strict: true, errors: 0, warnings: 1})
  })

  it('JUnit counts the file with warnings as failing', () => {
    const [plain, strict] = parseJunit(renderJunit(warningsOnly), renderJunit(warningsOnly, {strict: true}))
    expect(plain!.failures).toBe('0')
    expect(strict!.failures).toBe('1')
    expect(strict!.failureTexts[0]).toMatch(/^1 warning: unquoted value no\|partners\/a.yaml:2:1: warning YAML_AMBIGUOUS/)
  })

  it('GitHub annotates warnings at the error level', () => {
    expect(renderGithubAnnotations(warningsOnly, '')).toMatch(/^::warning file=partners\/a.yaml,line=2,col=1,title=YAML_AMBIGUOUS::/)
    expect(renderGithubAnnotations(warningsOnly, '', {strict: true})).toMatch(/^::error file=partners\/a.yaml,line=2,col=1,title=YAML_AMBIGUOUS \(warning%2C --strict\)::/)
  })
})

describe('JUnit output', () => {
  // Characters XML 1.0 cannot hold, in messages, hints and file names.
  const hostile = ['\uFFFE', '\uFFFF', '\uD800', 'a\uDC00b', '\u0000', '\u0001', '\u0008', '\u000B', '\u001B[2J', '\u001F', '"<&>\'', '\u202Eevil', 'line\r\nbreak']

  it('is well-formed for every character a record value can hold, and shows it as \\uXXXX', () => {
    const diagnostics = hostile.flatMap((h, i) => [
      finding({line: i + 1, message: `type is the text "${h}"`, hint: `allowed: ${h}`}),
      finding({line: i + 1, severity: 'warning', code: 'YAML_AMBIGUOUS', message: `value ${h}`}),
    ])
    const parsed = parseXml(renderJunit(result([...diagnostics, finding({file: `partners/\uFFFF.yaml`})])))
    expect(parsed.failures).toBe('2')
    const body = parsed.failureTexts.join('\n')
    expect(body).toContain('\\ufffe')
    expect(body).toContain('\\ud800')
    expect(body).toContain('"<&>\'')
    expect(body).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/)
  })

  it('keeps a line break in an attribute', () => {
    const parsed = parseXml(renderJunit(result([finding({message: 'first\nsecond'})])))
    expect(parsed.failureTexts[0]).toMatch(/^1 error: first\nsecond\|/)
  })
})
