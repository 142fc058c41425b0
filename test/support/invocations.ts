/**
 * Checking the command lines lead prints and documents: a shell-word reader that says what bash
 * would do with a pasted line (characters it would expand or redirect unless quoted), and a
 * checker of `lead …` invocations against the built CLI's manifest (command, flags, values).
 */
import fs from 'node:fs'
import path from 'node:path'
import {REPO_ROOT} from './cli.js'

export interface ShellLine {
  /** The commands of the line (split at unquoted |, ||, && and ;), each as its words after quote removal. */
  commands: string[][]
  /** Redirections (`> file`, `>> "$GITHUB_STEP_SUMMARY"`, `<<'EOF'`): operator and target. */
  redirects: string[]
  /** Characters bash would treat specially inside a word, unquoted, with what they would do. */
  hazards: string[]
}

const GLOB = new Set(['*', '?', '['])
const SPECIAL: Record<string, string> = {'>': 'redirect output', '<': 'redirect input', '|': 'pipe into another command', ';': 'end the command', '&': 'run it in the background', '(': 'start a subshell', ')': 'end a subshell', $: 'expand a variable', '`': 'run a command', '!': 'expand history', '{': 'expand braces', '\\': 'escape the next character'}

/**
 * Read a line as bash would: quotes removed, words split, operators (pipes, &&, ||, ;) and
 * redirections standing between words taken as the person meant them. What bash would do to a
 * character inside a word (a glob, a redirection glued to a value as in received>=2026-11-01, an
 * unquoted $) is a hazard: the line does not paste as written.
 */
export function readShellLine(line: string): ShellLine {
  const commands: string[][] = [[]]
  const redirects: string[] = []
  const hazards: string[] = []
  let word: string | undefined
  let redirect: string | undefined
  const end = () => {
    if (word === undefined) return
    if (redirect) redirects.push(`${redirect} ${word}`)
    else commands[commands.length - 1]!.push(word)
    word = undefined
    redirect = undefined
  }
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (c === "'") {
      const close = line.indexOf("'", i + 1)
      if (close === -1) {
        hazards.push(`an unclosed ' at column ${i + 1}`)
        break
      }
      word = (word ?? '') + line.slice(i + 1, close)
      i = close
    } else if (c === '"') {
      let j = i + 1
      let text = ''
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length) {
          text += line[j + 1]
          j += 2
          continue
        }
        if (line[j] === '`') hazards.push('a ` inside "…" would run a command')
        text += line[j]
        j++
      }
      if (j >= line.length) {
        hazards.push(`an unclosed " at column ${i + 1}`)
        break
      }
      word = (word ?? '') + text
      i = j
    } else if (c === ' ' || c === '\t') {
      end()
    } else if (word === undefined && (c === '>' || c === '<' || (c === '2' && line[i + 1] === '>'))) {
      // A redirection between words: its target is the next word.
      const m = /^(2?>>?|<<-?|<)(&\d)?/.exec(line.slice(i))!
      i += m[0].length - 1
      if (!m[2]) redirect = m[1]
    } else if (word === undefined && (line.startsWith('&&', i) || line.startsWith('||', i))) {
      commands.push([])
      i++
    } else if (word === undefined && (c === '|' || c === ';')) {
      commands.push([])
    } else if (c === '~' && word === undefined) {
      word = '~'
    } else if (GLOB.has(c)) {
      hazards.push(`an unquoted ${c} would be read as a file pattern (quote the word: '${wordAround(line, i)}')`)
      word = (word ?? '') + c
    } else if (Object.hasOwn(SPECIAL, c) || ((c === '&' || c === '|') && word !== undefined)) {
      hazards.push(`an unquoted ${c} would ${SPECIAL[c]} (quote the word: '${wordAround(line, i)}')`)
      word = (word ?? '') + c
    } else if (c === '#' && word === undefined) {
      break // a comment
    } else {
      word = (word ?? '') + c
    }
  }
  end()
  return {commands: commands.filter((c) => c.length > 0), redirects, hazards}
}

function wordAround(line: string, i: number): string {
  let a = i
  let b = i
  while (a > 0 && line[a - 1] !== ' ') a--
  while (b < line.length && line[b] !== ' ') b++
  return line.slice(a, b)
}

interface ManifestFlag {
  name: string
  char?: string
  type: 'boolean' | 'option'
  allowNo?: boolean
  options?: string[]
}

interface ManifestCommand {
  id: string
  flags: Record<string, ManifestFlag>
  args: Record<string, {required?: boolean}>
  strict?: boolean
  examples?: Array<string | {command: string; description?: string}>
}

let manifest: Record<string, ManifestCommand> | undefined

/** The built CLI's commands (oclif.manifest.json, written by npm run build). */
export function commands(): Record<string, ManifestCommand> {
  manifest ??= (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, ManifestCommand>}).commands
  return manifest
}

/** Commands from plugins lead ships (help, autocomplete) that have no manifest entry of ours. */
const PLUGIN_COMMANDS = new Set(['help', 'autocomplete', 'autocomplete:script'])

/**
 * Why `argv` (the words after `lead`) would not parse: an unknown command, flag or flag value, a
 * missing value, too many arguments. Undefined when it is a valid invocation.
 */
export function invocationProblem(argv: readonly string[]): string | undefined {
  const all = commands()
  // Global flags before the command are moved after it (bin/run.js).
  const globals: string[] = []
  let i = 0
  while (i < argv.length && (argv[i] === '--json' || argv[i] === '-C' || argv[i] === '--dir' || /^(--dir=|-C)./.test(argv[i]!))) {
    const takesNext = argv[i] === '-C' || argv[i] === '--dir'
    globals.push(argv[i]!, ...(takesNext ? [argv[i + 1]!] : []))
    i += takesNext ? 2 : 1
  }
  const rest = [...argv.slice(i), ...globals]
  if (rest.length === 0 || rest[0] === '--help' || rest[0] === '--version') return undefined
  let id: string | undefined
  let n = 0
  for (let k = 1; k <= rest.length && !rest[k - 1]!.startsWith('-'); k++) {
    const candidate = rest.slice(0, k).join(':')
    if (all[candidate] || PLUGIN_COMMANDS.has(candidate)) {
      id = candidate
      n = k
    }
  }
  if (!id) return `no command "${rest.filter((w) => !w.startsWith('-')).slice(0, 2).join(' ')}"`
  if (PLUGIN_COMMANDS.has(id)) return undefined
  const command = all[id]!
  const flags = Object.values(command.flags)
  const positional: string[] = []
  const words = rest.slice(n)
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!
    if (w === '--help' || w === '-h') continue
    if (w === '--') {
      positional.push(...words.slice(k + 1))
      break
    }
    if (w.startsWith('--')) {
      const [name, value] = w.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
      const flag = flags.find((f) => f.name === name) ?? (name.startsWith('no-') ? flags.find((f) => f.name === name.slice(3) && f.allowNo) : undefined)
      if (!flag) return `${id.replaceAll(':', ' ')} has no flag --${name}`
      if (flag.type === 'boolean') {
        if (value !== undefined) return `--${name} takes no value`
        continue
      }
      const v = value ?? words[++k]
      if (v === undefined) return `--${name} needs a value`
      if (flag.options && !flag.options.includes(v)) return `--${name} ${v}: not one of ${flag.options.join(', ')}`
      continue
    }
    if (/^-[A-Za-z]/.test(w)) {
      const flag = flags.find((f) => f.char === w[1])
      if (!flag) return `${id.replaceAll(':', ' ')} has no flag ${w.slice(0, 2)}`
      if (flag.type === 'option') {
        const v = w.length > 2 ? w.slice(2).replace(/^=/, '') : words[++k]
        if (v === undefined) return `${w} needs a value`
        if (flag.options && !flag.options.includes(v)) return `${w} ${v}: not one of ${flag.options.join(', ')}`
      }
      continue
    }
    positional.push(w)
  }
  const args = Object.values(command.args ?? {})
  if (command.strict !== false && positional.length > args.length) return `${id.replaceAll(':', ' ')} takes ${args.length} argument${args.length === 1 ? '' : 's'}, given ${positional.length}: ${positional.join(' ')}`
  const required = args.filter((a) => a.required).length
  if (positional.length < required) return `${id.replaceAll(':', ' ')} needs ${required} argument${required === 1 ? '' : 's'}`
  return undefined
}

/** Every `lead …` command of a shell line, as argv after `lead`, and the line's hazards. */
export function leadInvocations(line: string): {invocations: string[][]; hazards: string[]} {
  const read = readShellLine(line)
  // `EDITOR=nano lead edit …`: assignments before the command word set its environment.
  const words = read.commands.map((c) => c.slice(c.findIndex((w) => !/^[A-Za-z_]\w*=/.test(w))))
  return {invocations: words.filter((c) => c[0] === 'lead').map((c) => c.slice(1)), hazards: read.hazards}
}
