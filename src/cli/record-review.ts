/**
 * The step before `lead new`'s last question: the site's rules have judged the answers (with the
 * new record in memory), and each error they found is shown and the answer it is about asked
 * again. An error lead cannot tie to one answer (it is about another record, or the record as a
 * whole) lets the person pick the answer to change, or stop with the answers kept.
 */
import {chalk} from './render/colors.js'
import type {Diagnostic} from '../core/errors.js'
import {shownDiagnostics} from '../core/privacy/shown-findings.js'
import type {JsonSchema} from '../core/schemas/schema-registry.js'
import {resolveRef} from '../core/schemas/schema-outline.js'
import type {Prompter} from './prompter.js'

const context = {output: process.stderr}

export type ReviewOutcome = 'again' | 'stop'

/** Answers already asked again once: rejected a second time, the person chooses what to do. */
const askedAgain = new WeakMap<Prompter, Set<string>>()

export async function reviewProblems(prompter: Prompter, problems: readonly Diagnostic[], file: string): Promise<ReviewOutcome> {
  process.stderr.write(chalk.bold(`\nThe ${prompter.req.kind} would not be accepted yet:\n`))
  const shown = shownDiagnostics(problems)
  problems.forEach((found, i) => {
    const d = shown[i]!
    const where = found.file === file ? fieldOf(prompter.req.schema, d.path) ?? 'this record' : d.file
    process.stderr.write(`  ${chalk.red('✖')} ${where}: ${d.code} ${d.message}\n${d.hint ? chalk.dim(`    hint: ${d.hint}\n`) : ''}`)
  })
  const asked = askedAgain.get(prompter) ?? new Set<string>()
  askedAgain.set(prompter, asked)
  const fields = [...new Set(problems.filter((d) => d.file === file).map((d) => fieldOf(prompter.req.schema, d.path)).filter((f): f is string => f !== undefined && !asked.has(f)))]
  for (const field of fields) {
    asked.add(field)
    process.stderr.write(chalk.dim(`  Asking ${field} again:\n`))
    await prompter.askAgain(field)
  }
  if (fields.length > 0) return 'again'
  const choice = await prompter.q.select({
    message: 'What now?',
    choices: [
      ...prompter.answeredFields().map((f) => ({value: f, name: `Change ${f}`})),
      {value: '\u0000stop', name: 'Stop here (your answers are kept, nothing is written)'},
    ],
    pageSize: 12,
  }, context)
  if (choice === '\u0000stop') return 'stop'
  await prompter.askAgain(choice)
  return 'again'
}

/**
 * The answer a finding is about, as a dot path prompts can ask: the deepest field the schema
 * knows, stopping at a list (the list is asked again whole). Undefined for the record as a whole.
 */
export function fieldOf(schema: JsonSchema, path: Diagnostic['path']): string | undefined {
  const keys: string[] = []
  let node = resolveRef(schema, schema)
  for (const step of path ?? []) {
    if (typeof step !== 'string') break
    const props = (node.properties ?? {}) as Record<string, JsonSchema>
    if (!Object.hasOwn(props, step)) break
    keys.push(step)
    node = resolveRef(schema, props[step]!)
    if (node.type === 'array') break
  }
  return keys.length > 0 ? keys.join('.') : undefined
}
