import {describe, expect, it} from 'vitest'
import type {Diagnostic} from '../../src/core/errors.js'
import {prioritised, renderGithubAnnotations, renderJobSummary, SUMMARY_BYTES} from '../../src/cli/render/github-actions.js'

const d = (file: string, severity: Diagnostic['severity'], code = 'X', line = 1): Diagnostic => ({file, severity, code, message: `${code} in ${file}`, line, column: 1})

describe('GitHub annotations', () => {
  it('puts errors first, then the changed files, keeping file order otherwise', () => {
    const all = [d('a.yaml', 'warning'), d('b.yaml', 'error'), d('c.yaml', 'warning'), d('d.yaml', 'error')]
    expect(prioritised(all, new Set(['c.yaml', 'd.yaml'])).map((x) => x.file)).toEqual(['d.yaml', 'b.yaml', 'c.yaml', 'a.yaml'])
    expect(prioritised(all).map((x) => x.file)).toEqual(['b.yaml', 'd.yaml', 'a.yaml', 'c.yaml'])
  })

  it('annotates at most 10 errors and 10 warnings, logs the rest as plain lines, escapes properties', () => {
    const all = [...Array.from({length: 15}, (_, i) => d(`w${i}.yaml`, 'warning')), ...Array.from({length: 12}, (_, i) => d(`e,${i}:x.yaml`, 'error'))]
    const out = renderGithubAnnotations({diagnostics: all, errors: 12, warnings: 15, files: 27}, 'done', {prefix: 'site/'})
    const lines = out.split('\n')
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(10)
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(10)
    expect(lines[0]).toBe('::error file=site/e%2C0%3Ax.yaml,line=1,col=1,title=X::X in e,0:x.yaml')
    expect(out).toContain('::notice title=lead::7 more findings not annotated')
    expect(lines.filter((l) => /^site\/.*: (error|warning) X /.test(l))).toHaveLength(7)
    expect(lines.at(-1)).toBe('done')
  })
})

describe('the job summary', () => {
  it('counts per code and lists every finding, errors and changed files first, in a Markdown-safe way', () => {
    const md = renderJobSummary({diagnostics: [d('a.yaml', 'warning', 'W'), {...d('b|c.yaml', 'error', 'E'), message: 'bad <b>value</b> | here', hint: 'fix it'}], errors: 1, warnings: 1, files: 2}, 'lead validate', {changed: new Set(['a.yaml'])})
    expect(md).toContain('**1 error, 1 warning** in 2 files checked.')
    expect(md).toMatch(/\| `E` \| error \| 1 \| 1 \|\n\| `W` \| warning \| 1 \| 1 \|/)
    expect(md).toContain('| ❌ | `b\\|c.yaml:1:1` | `E` | bad &lt;b&gt;value&lt;/b&gt; \\| here<br>*fix it* |')
    expect(md).toContain('| ⚠️ | `a.yaml:1:1` (changed) | `W` |')
  })

  it('stays within its size budget and says how many findings it left out', () => {
    const many = Array.from({length: 20_000}, (_, i) => ({...d(`partners/p${i}.yaml`, 'error', 'UNKNOWN_FIELD', i), message: 'x'.repeat(60)}))
    const md = renderJobSummary({diagnostics: many, errors: many.length, warnings: 0, files: many.length}, 'lead validate')
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_BYTES)
    expect(md).toMatch(/… and [\d,]+ more findings not listed here/)
    expect(md).toContain('| `UNKNOWN_FIELD` | error | 20000 | 20000 |')
  })

  it('says so when there is nothing to report', () => {
    expect(renderJobSummary({diagnostics: [], errors: 0, warnings: 0, files: 3}, 'lead validate')).toContain('✅ 3 files checked: no findings.')
  })
})
