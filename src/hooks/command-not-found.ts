/**
 * A mistyped command gets one line naming the closest command and exit 2 — never a prompt, so a
 * typo in a script or CI job fails fast instead of waiting for an answer.
 */
import type {Hook} from '@oclif/core'
import {closest} from '../core/text/suggest.js'

const hook: Hook<'command_not_found'> = async function (opts) {
  const ids = opts.config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases])
  const spaced = (id: string) => id.replaceAll(':', ' ')
  // oclif joins the words it could not match (`lsit referral` → "lsit:referral"): the first word is
  // the mistyped command and the rest are its arguments, unless the first word is a topic.
  const [first = '', ...rest] = opts.id.split(':')
  const topLevel = ids.filter((id) => !id.includes(':'))
  const guess = opts.config.findTopic(first) ? closest(opts.id, ids) : (closest(first, topLevel) ?? closest(opts.id, ids))
  const shown = guess && !guess.includes(':') && guess !== opts.id ? [guess, ...rest].join(':') : guess
  const suggestion = shown ? ` (did you mean "${opts.config.bin} ${spaced(shown)}"?)` : ''
  process.stderr.write(`error UNKNOWN_COMMAND "${spaced(opts.id)}" is not a ${opts.config.bin} command${suggestion}\n`)
  process.stderr.write(`  hint: run \`${opts.config.bin} --help\` for the list of commands\n`)
  process.exit(2)
}

export default hook
