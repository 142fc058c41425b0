/**
 * Global flags before the command: `lead -C site validate`, `lead --json status`, `lead --dir=x
 * list partner`. oclif reads flags only after the command's words, so bin/run.js moves these
 * there before oclif sees them, and `-h` there is --help. Anything else before the command is left
 * for oclif to judge.
 */
const VALUE_FLAGS = new Set(['-C', '--dir'])
const BOOLEAN_FLAGS = new Set(['--json'])
const HELP_FLAGS = new Set(['--help', '-h'])

export function hoistGlobalFlags(argv: readonly string[]): string[] {
  const moved: string[] = []
  let help = false
  let i = 0
  while (i < argv.length) {
    const a = argv[i]!
    if (HELP_FLAGS.has(a)) {
      help = true
      i += 1
    } else if (BOOLEAN_FLAGS.has(a)) {
      moved.push(a)
      i += 1
    } else if (VALUE_FLAGS.has(a) && i + 1 < argv.length) {
      moved.push(a, argv[i + 1]!)
      i += 2
    } else if (/^--dir=./.test(a) || /^-C./.test(a)) {
      moved.push(a.startsWith('-C') && !a.startsWith('-C=') ? `--dir=${a.slice(2)}` : a.replace(/^-C=/, '--dir='))
      i += 1
    } else {
      break
    }
  }
  const rest = argv.slice(i)
  // `lead -h status`, `lead -C site --help`: the help of the command named after (or the root
  // help), whatever the site. oclif knows only --help, and before the command read `-h` as the
  // name of a command; after the command `-h` stays an unknown flag, as lead's commands have none.
  if (help) return ['--help', ...rest]
  if (moved.length > 0 && rest[0] === '--version') return rest
  // Nothing but global flags, or another flag first: leave the line for oclif to judge.
  if (moved.length === 0 || rest.length === 0 || rest[0]!.startsWith('-')) return [...argv]
  const end = rest.indexOf('--')
  return end === -1 ? [...rest, ...moved] : [...rest.slice(0, end), ...moved, ...rest.slice(end)]
}
