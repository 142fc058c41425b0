/** Whether a person is at a terminal. Decided once; no prompt ever appears in CI or a pipe. */
export function canPrompt(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CI && env.CI !== 'false' && env.CI !== '0') return false
  if (env.LEAD_NO_PROMPT) return false
  return Boolean(process.stdin.isTTY && process.stdout.isTTY)
}

/** NO_COLOR (https://no-color.org) wins over everything; otherwise colour only on a terminal. */
export function colorEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true
  return Boolean(stream.isTTY) && env.TERM !== 'dumb'
}
