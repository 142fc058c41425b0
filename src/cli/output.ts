/**
 * Where a command writes, and whether in colour: the same for a command run through oclif
 * (cli/lead-command.ts) and for the lines bin/run.js runs without it (cli/early-start.ts), whose
 * output must be byte for byte the same.
 */
import chalk from 'chalk'
import {colorEnabled} from './interactive.js'

export interface Output {
  /** --json: one JSON document on stdout, and no talk on stderr. */
  readonly json: boolean
  /** Data for the user: tables, reports. */
  out(text: string): void
  /** Talk: progress and confirmations, on stderr so stdout stays data. Silent under --json. */
  say(text: string): void
  printJson(value: unknown): void
}

export function output(json: boolean): Output {
  return {
    json,
    out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    say: (text) => void (json || process.stderr.write(text.endsWith('\n') ? text : `${text}\n`)),
    printJson: (value) => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  }
}

/** chalk's level for this run: none unless colorEnabled says so (NO_COLOR, FORCE_COLOR, a terminal). */
export function chooseColor(): void {
  chalk.level = colorEnabled(process.stdout) ? chalk.level || 1 : 0
}
