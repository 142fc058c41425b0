import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {ADJUSTABLE_CODES, DEFAULT_WARNING_CODES, FIXED_CODES, KNOWN_CODES, overrideProblem} from '../../src/core/diagnostic-codes.js'

const SRC = new URL('../../src/core/', import.meta.url).pathname
/** Where findings are made: every code literal there must be a known diagnostic code. */
const FINDING_SOURCES = ['validate', 'review/review-rules.ts', 'review/protocol-adoption.ts', 'review/base-policy.ts', 'referrals/eligibility.ts', 'privacy', 'records/yaml-source.ts', 'records/site-files.ts', 'records/read-job.ts']
/** Code-like literals in those files that are not diagnostics: the yaml library's own error codes, and the refusal of a commit message (an error, privacy/message-scan.ts). */
const NOT_DIAGNOSTICS = new Set(['BAD_INDENT', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'MISSING_CHAR', 'MULTIPLE_DOCS', 'NON_STRING_KEY', 'RESOURCE_EXHAUSTION', 'TAB_AS_INDENT', 'MESSAGE_HOLDS_IDENTIFIER', 'MESSAGE_REPEATS_RECORD'])

function files(rel: string): string[] {
  const abs = path.join(SRC, rel)
  if (fs.statSync(abs).isFile()) return [abs]
  return fs.readdirSync(abs, {recursive: true, encoding: 'utf8'}).filter((f) => f.endsWith('.ts')).map((f) => path.join(abs, f))
}

describe('diagnostic codes', () => {
  it('every code a rule can report is registered (so lead.yaml can name it)', () => {
    const found = new Set<string>()
    for (const f of FINDING_SOURCES.flatMap(files)) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) found.add(m[1]!)
    }
    const unregistered = [...found].filter((c) => !KNOWN_CODES.has(c) && !NOT_DIAGNOSTICS.has(c))
    expect(unregistered).toEqual([])
    expect(found.size).toBeGreaterThan(60)
  })

  it('knows which codes are warnings by default (the policy review words a re-grading by it)', () => {
    const warnings = new Set<string>()
    for (const f of FINDING_SOURCES.flatMap(files)) {
      for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
        if (!/severity: 'warning'/.test(line) || /severity: 'error'|severity: o\b/.test(line)) continue
        for (const m of line.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) warnings.add(m[1]!)
      }
    }
    expect(warnings.size).toBeGreaterThan(10)
    expect([...warnings].filter((c) => !DEFAULT_WARNING_CODES.has(c))).toEqual([])
  })

  it('no code is both fixed and adjustable', () => {
    expect([...FIXED_CODES].filter((c) => ADJUSTABLE_CODES.has(c))).toEqual([])
  })

  it('says why a re-grading cannot be honoured', () => {
    expect(overrideProblem('MOU_EXPIRING', 'off')).toBeUndefined()
    expect(overrideProblem('PII_NAME', 'warning')).toBeUndefined()
    expect(overrideProblem('PII_NAME', 'off')).toEqual({kind: 'never-off', code: 'PII_NAME'})
    expect(overrideProblem('YAML_SYNTAX', 'off')).toEqual({kind: 'fixed', code: 'YAML_SYNTAX'})
    expect(overrideProblem('MOU_EXPIRNG', 'off')).toEqual({kind: 'unknown', code: 'MOU_EXPIRNG'})
  })
})
