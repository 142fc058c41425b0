/**
 * `lead validate` of the working tree, without a base or the index: its result, and its text and
 * JSON output. Shared by commands/validate.ts and bin/run.js's early path (cli/early-start.ts),
 * which runs `lead validate [--json]` alone and must print the same.
 */
import type {ValidateOptions, ValidationResult} from '../../core/validate/site-validation.js'
import {validateSite} from '../../core/validate/site-findings.js'
import {notCommittedFinding} from '../../core/git/first-commit.js'
import {openSite, type Site} from '../../core/site.js'
import {fails, renderJson, renderText} from '../render/diagnostics.js'
import type {Output} from '../output.js'

/** The working tree's findings, with the warning of a site not committed when it is about the whole site. */
export async function validateWorkingTree(site: Site, options: ValidateOptions): Promise<ValidationResult> {
  const result = await validateSite(site, options)
  const uncommitted = options.only ? undefined : notCommittedFinding(site.root)
  if (uncommitted) {
    result.diagnostics.unshift(uncommitted)
    result.warnings++
  }
  return result
}

/** The findings as JSON or text. */
export function printFindings(result: ValidationResult, format: 'json' | 'text', options: {strict?: boolean; maxErrors?: number}, io: Output): void {
  if (format === 'json') io.printJson(renderJson(result, {strict: options.strict}))
  else io.out(renderText(result, {maxErrors: options.maxErrors, strict: options.strict}))
}

/** `lead validate [--json]`: every file, text or JSON, exit status 1 on errors. */
export async function runPlainValidate(flags: {dir?: string}, io: Output): Promise<void> {
  const site = openSite({dir: flags.dir})
  const result = await validateWorkingTree(site, {cache: true})
  printFindings(result, io.json ? 'json' : 'text', {strict: false}, io)
  if (fails(result, false)) process.exitCode = 1
}
