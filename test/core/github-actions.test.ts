import {describe, expect, it} from 'vitest'
import type {Diagnostic} from '../../src/core/errors.js'
import {prioritised, renderGithubAnnotations, renderJobSummary, SUMMARY_BYTES, workflowSafe} from '../../src/cli/render/github-actions.js'
import {renderDiffMarkdown} from '../../src/cli/render/site-diff.js'
import type {SiteReview} from '../../src/core/review/site-review.js'

const d = (file: string, severity: Diagnostic['severity'], code = 'X', line = 1): Diagnostic => ({file, severity, code, message: `${code} in ${file}`, line, column: 1})

describe('GitHub annotations', () => {
  it('puts errors first, then the changed files, keeping file order otherwise', () => {
    const all = [d('a.yaml', 'warning'), d('b.yaml', 'error'), d('c.yaml', 'warning'), d('d.yaml', 'error')]
    expect(prioritised(all, new Set(['c.yaml', 'd.yaml'])).map((x) => x.file)).toEqual(['d.yaml', 'b.yaml', 'c.yaml', 'a.yaml'])
    expect(prioritised(all).map((x) => x.file)).toEqual(['b.yaml', 'd.yaml', 'a.yaml', 'c.yaml'])
  })

  it('puts a change to the gate before every other error; accepted (a warning), it goes with the warnings', () => {
    const gate = d('.github/workflows/lead.yml', 'error', 'GATE_CHANGED')
    const all = [d('b.yaml', 'error'), d('c.yaml', 'warning'), gate, {...gate, file: 'package.json', severity: 'warning' as const}]
    expect(prioritised(all, new Set(['b.yaml'])).map((x) => x.file)).toEqual(['.github/workflows/lead.yml', 'b.yaml', 'c.yaml', 'package.json'])
  })

  it('names files from the repository top, also those above the site folder', () => {
    const out = renderGithubAnnotations({diagnostics: [d('../../.github/workflows/lead.yml', 'error', 'GATE_CHANGED'), d('package.json', 'error', 'GATE_CHANGED')], errors: 2, warnings: 0, files: 0}, 'done', {prefix: 'sites/harbor/'})
    expect(out.split('\n').slice(0, 2)).toEqual([
      '::error file=.github/workflows/lead.yml,line=1,col=1,title=GATE_CHANGED::GATE_CHANGED in ../../.github/workflows/lead.yml',
      '::error file=sites/harbor/package.json,line=1,col=1,title=GATE_CHANGED::GATE_CHANGED in package.json',
    ])
  })

  it('no text from a file name or a record forms a workflow command, in annotations or plain lines', () => {
    // the runner reads `::cmd::` at a line's start (after spaces) and `##[cmd]` anywhere
    const hostile = [
      {...d('::add-mask::partners/a.yaml', 'error', 'E'), message: 'x ##[stop-commands]token'},
      {...d('  ::warning file=x::forged.yaml', 'error', 'E'), message: '##[add-mask]secret'},
    ]
    const many = [...Array.from({length: 10}, (_, i) => d(`e${i}.yaml`, 'error', 'E')), ...hostile]
    const out = renderGithubAnnotations({diagnostics: many, errors: 12, warnings: 0, files: 12}, 'done', {})
    const lines = out.split('\n')
    const commands = lines.filter((l) => /^\s*::/.test(l))
    // 10 annotations and the notice; the two hostile findings are plain lines that are not commands
    expect(commands).toHaveLength(11)
    for (const l of commands) expect(l).toMatch(/^::(error file=e\d\.yaml,|notice title=lead::)/)
    expect(out).not.toContain('##[')
    expect(lines).toContain('\\u003a:add-mask::partners/a.yaml:1:1: error E x #\\u0023[stop-commands]token')
    expect(workflowSafe('  ::error::x')).toBe('  \\u003a:error::x')
    // A site full of findings: all but the annotated are plain lines, however many.
    const flood = Array.from({length: 250_000}, (_, i) => d(`r${i}.yaml`, 'warning', 'W'))
    expect(renderGithubAnnotations({diagnostics: flood, errors: 0, warnings: flood.length, files: flood.length}, 'done', {}).split('\n').length).toBeGreaterThan(249_000)
    expect(workflowSafe('a :: b')).toBe('a :: b')
    // inside an annotation the data cannot end it early or open another
    const one = renderGithubAnnotations({diagnostics: [{...d('a.yaml', 'error', 'E'), message: 'line\n::error::forged ##[group]'}], errors: 1, warnings: 0, files: 1}, 'done', {})
    expect(one.split('\n')[0]).toBe('::error file=a.yaml,line=1,col=1,title=E::line%0A::error::forged #\\u0023[group]')
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

describe('the Markdown diff (the pull request\'s job summary)', () => {
  const source = {type: 'commit', commit: 'a'.repeat(40)}
  const review = (over: Partial<SiteReview>): SiteReview =>
    ({range: {base: source, head: source}, base: {label: 'main'}, head: {label: 'pr'}, diff: {records: [], counts: {added: 0, removed: 0, changed: 0, renamed: 0}}, decisions: [], protocols: [], gate: [], review: [], ...over}) as unknown as SiteReview

  it('leads with the gate in its caution box', () => {
    const md = renderDiffMarkdown(review({review: [{...d('package.json', 'error', 'GATE_CHANGED'), message: 'package.json changed (devDependencies.lead-cli: 0.1.0 → 0.2.0): it pins the lead CI installs'}]}))
    expect(md).toContain('> [!CAUTION]\n> 1 review error: this change alters the gate itself')
    expect(md).toContain('| ❌ | `package.json:1` | `GATE_CHANGED` package.json changed (devDependencies.lead-cli: 0.1.0 → 0.2.0)')
  })

  it('stays within GitHub\'s summary limit whatever the change holds, whole lines only, and closes a folded table', () => {
    const big = 'x'.repeat(190)
    const changes = Array.from({length: 100}, (_, i) => ({change: 'changed', path: `f${i}`, segments: [{field: `f${i}`}], old: big, new: big, at: [], atOld: []}))
    const records = Array.from({length: 60}, (_, i) => ({status: 'changed', kind: 'partner', id: `p${i}`, file: `partners/p${i}.yaml`, changes}))
    const md = renderDiffMarkdown(review({diff: {records, counts: {added: 0, removed: 0, changed: 60, renamed: 0}}} as unknown as Partial<SiteReview>))
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_BYTES)
    expect(md).toMatch(/the rest is not shown \(a job summary has a size limit\): run `lead diff` locally/)
    expect(md.match(/<details>/g)!.length).toBe(md.match(/<\/details>/g)!.length)
    for (const line of md.split('\n').filter((l) => l.startsWith('| `f'))) expect(line).toMatch(/ \|$/)
    // a small diff is whole
    const small = renderDiffMarkdown(review({diff: {records: records.slice(0, 1), counts: {added: 0, removed: 0, changed: 1, renamed: 0}}} as unknown as Partial<SiteReview>))
    expect(small).not.toContain('the rest is not shown')
    expect(small.match(/^\| `f\d+` \|/gm)).toHaveLength(100)
  })
})
