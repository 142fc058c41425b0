/**
 * The words and flags of an early write's line (cli/early-set.ts, cli/early-new.ts), read only in
 * forms oclif's parser (4.x) reads the same way: a flag's value as the next word or, for the long
 * names, after `=` (never `-xV` or `-x=V`); each flag but the repeatable one at most once; no value
 * empty or starting with `-`; no `--`. As oclif does, the words after the repeatable flag are more
 * of its values until another flag that takes a value comes. Undefined: oclif should read the line.
 */
export interface WriteLine<F extends string> {
  words: string[]
  /** The repeatable flag's values, in order. */
  repeated: string[]
  /** The other flags' values. */
  values: Partial<Record<F, string>>
  commit?: boolean
  json: boolean
}

/** `flags`: each accepted form (`--dir`, `-C`) → its flag; `repeatable`: the one flag given more than once. */
export function readWriteLine<F extends string>(tokens: readonly string[], flags: Readonly<Record<string, F>>, repeatable: F): WriteLine<F> | undefined {
  const line: WriteLine<F> = {words: [], repeated: [], values: {}, json: false}
  // The last flag that took a value: oclif gives the words after the repeatable one to it.
  let current: F | undefined
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    if (!token.startsWith('-')) {
      if (current === repeatable) line.repeated.push(token)
      else line.words.push(token)
      continue
    }
    if (token === '--json') {
      if (line.json) return undefined
      line.json = true
      continue
    }
    if (token === '--commit' || token === '--no-commit') {
      if (line.commit !== undefined) return undefined
      line.commit = token === '--commit'
      continue
    }
    const eq = token.startsWith('--') ? token.indexOf('=') : -1
    const name = eq > 0 ? token.slice(0, eq) : token
    const flag = Object.hasOwn(flags, name) ? flags[name] : undefined
    const value = eq > 0 ? token.slice(eq + 1) : tokens[++i]
    if (!flag || value === undefined || value === '' || value.startsWith('-')) return undefined
    if (flag === repeatable) line.repeated.push(value)
    else if (line.values[flag] !== undefined) return undefined
    else line.values[flag] = value
    current = flag
  }
  return line
}
