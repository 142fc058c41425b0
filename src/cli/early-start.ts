/**
 * The everyday commands' common lines, run by bin/run.js without oclif. A warm `lead status`
 * answers from its memo in 20–30 ms, and loading oclif, its setup and the command class cost
 * 50–75 ms of CPU before that (issue 15, docs/performance.md). For a line this module reads
 * completely — the command's words, its few flags below, the global --json and -C/--dir, each at
 * most once — it runs the command's own body (cli/everyday/), which oclif's command runs too, so
 * the output is the same. With the memo missing the body computes the answer as oclif's run would
 * (and writes the memo): there is nothing to gain from handing that to oclif.
 * Any other line (another flag, --help, `--`, a flag twice, a value that looks like a flag) and any
 * error at all (not a site, a bad date, an unknown kind) is left to oclif, which runs the line from
 * the start and reports as it always has: what the body did before failing is reading, and the
 * cache and memo writes any run may make, and what it printed is held until it has run to its end. LEAD_EARLY=off leaves every line to oclif; so does DEBUG
 * (oclif's debug log, and lead's stack traces, are written on that path).
 * `lead set` of a record and `lead new` without prompts are read and run by cli/early-set.ts and
 * cli/early-new.ts: writes, whose errors from the moment they start writing are reported there,
 * never left to oclif to run the line again (cli/early-write.ts).
 */
import {GROUPINGS, type Grouping} from '../core/referrals/groupings.js'
import type {Output} from './output.js'

/** A line's flags and arguments, as read for one form: `values` by the flag's long name. */
interface Line {
  args: string[]
  values: Map<string, string>
  /** The form's switches given (long names). */
  switches: Set<string>
  json: boolean
}

interface Form {
  /** The command's words, as typed. */
  words: readonly string[]
  /** How many arguments it takes (all required), or up to `upTo` of them. */
  args: number
  upTo?: number
  /** Its flags that take a value (long names); --dir is everyone's. */
  values: readonly string[]
  /** Its flags that take none (long names). */
  switches?: readonly string[]
  /** Variables that would give one of its flags a value this module does not read. */
  env?: readonly string[]
  run(line: Line, dir: string | undefined, io: Output): Promise<void> | undefined
}

const FORMS: readonly Form[] = [
  {
    words: ['status'],
    args: 0,
    values: ['--as-of'],
    run: async (line, dir, io) => (await import('./everyday/status.js')).runStatus({dir, asOf: line.values.get('--as-of')}, io),
  },
  {
    words: ['validate'],
    args: 0,
    values: [],
    env: ['LEAD_ACCEPT'],
    run: async (_, dir, io) => (await import('./everyday/validate.js')).runPlainValidate({dir}, io),
  },
  {
    words: ['report', 'referrals'],
    args: 0,
    values: ['--by'],
    run(line, dir, io) {
      const by = line.values.get('--by') ?? 'month'
      if (!(GROUPINGS as readonly string[]).includes(by)) return undefined
      return import('./everyday/report-referrals.js').then(({runReportReferrals}) => runReportReferrals({dir, by: by as Grouping, format: 'table', neutralize: true, bom: false}, io))
    },
  },
  {
    words: ['show'],
    args: 1,
    upTo: 2,
    values: ['--as-of'],
    run: async (line, dir, io) => (await import('./everyday/show.js')).runShow(line.args, {dir, asOf: line.values.get('--as-of')}, io),
  },
  {
    words: ['list'],
    args: 1,
    values: ['--limit'],
    run(line, dir, io) {
      const limit = limitOf(line)
      if (limit === null) return undefined
      return import('./everyday/list.js').then(({runList}) => runList(line.args[0]!, {dir, limit}, io))
    },
  },
  {
    words: ['referral', 'check'],
    args: 1,
    values: ['--as-of'],
    run: async (line, dir, io) => (await import('./everyday/referral-check.js')).runReferralCheck(line.args[0]!, {dir, asOf: line.values.get('--as-of')}, io),
  },
  {
    words: ['history'],
    args: 1,
    upTo: 2,
    values: ['--limit'],
    switches: ['--patch'],
    run(line, dir, io) {
      const limit = limitOf(line)
      if (limit === null) return undefined
      return import('./everyday/history.js').then(({runHistory}) => runHistory(line.args, {dir, patch: line.switches.has('--patch'), limit}, io))
    },
  },
]

/**
 * The line's --limit as oclif's integer flag with min 1 reads it (undefined: not given); null for
 * a value left to oclif to judge and report (0, leading zeros, a huge number, not a number).
 */
function limitOf(line: Line): number | undefined | null {
  const limit = line.values.get('--limit')
  if (limit === undefined) return undefined
  return /^[1-9]\d{0,8}$/.test(limit) ? Number(limit) : null
}

/**
 * Run the line (global flags already after the command words) if it is one of the forms, and say
 * whether it ran; false means nothing was printed and oclif should run it.
 */
export async function runEarly(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (env.LEAD_EARLY === 'off' || env.DEBUG || env.LEAD_DEBUG) return false
  // A write, whose errors once it has started are its own to report (cli/early-set.ts).
  if (argv[0] === 'set') return (await import('./early-set.js')).runEarlySet(argv.slice(1), env)
  if (argv[0] === 'new') return (await import('./early-new.js')).runEarlyNew(argv.slice(1), env)
  const form = FORMS.find((f) => f.words.every((w, i) => argv[i] === w))
  if (!form || form.env?.some((name) => env[name])) return false
  const line = readLine(argv.slice(form.words.length), form)
  if (!line) return false
  // As oclif reads --dir: the flag, else LEAD_DIR when it is not empty.
  const dir = line.values.get('--dir') ?? (env.LEAD_DIR || undefined)
  try {
    // Loaded for a line read here alone: chalk, which `lead --version` and help never load.
    const {chooseColor, heldOutput, watchOutputStreams} = await import('./output.js')
    chooseColor()
    watchOutputStreams()
    const {io, release} = heldOutput(line.json)
    const ran = form.run(line, dir, io)
    if (!ran) return false
    await ran
    release()
    return true
  } catch {
    return false
  }
}

/** The line's flags and arguments for a form, or undefined when it holds anything else. */
export function readLine(tokens: readonly string[], form: Pick<Form, 'args' | 'upTo' | 'values' | 'switches'>): Line | undefined {
  const most = form.upTo ?? form.args
  const takes = new Set(['--dir', ...form.values])
  const line: Line = {args: [], values: new Map(), switches: new Set(), json: false}
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    if (token === '--json') {
      if (line.json) return undefined
      line.json = true
      continue
    }
    if (form.switches?.includes(token)) {
      if (line.switches.has(token)) return undefined
      line.switches.add(token)
      continue
    }
    if (!token.startsWith('-')) {
      if (line.args.length === most) return undefined
      line.args.push(token)
      continue
    }
    const eq = token.indexOf('=')
    const name = token === '-C' ? '--dir' : eq > 0 ? token.slice(0, eq) : token
    const value = eq > 0 && token !== '-C' ? token.slice(eq + 1) : tokens[++i]
    if (!takes.has(name) || line.values.has(name)) return undefined
    if (value === undefined || value === '' || value.startsWith('-')) return undefined
    line.values.set(name, value)
  }
  return line.args.length >= form.args ? line : undefined
}
