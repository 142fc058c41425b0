/**
 * `lead init` at a terminal: the site's name, jurisdiction, time zone and LEAD phone, each with a
 * sensible default and checked as typed (a time zone Intl does not know gets the closest name; a
 * phone number is normalised). Values given as flags are not asked. Loaded only when prompting.
 */
import {chalk} from './render/colors.js'
import {isTimeZone, zoneAbbreviationNote} from '../core/clock/dates.js'
import {normalizePhone} from '../core/text/phone.js'
import {loadSchema} from '../core/schemas/schema-registry.js'
import {closest} from '../core/text/suggest.js'

export interface SiteAnswers {
  name?: string
  jurisdiction?: string
  timezone?: string
  referralPhone?: string
}

const context = {output: process.stderr}

export async function askSiteSettings(given: SiteAnswers, defaults: {name: string; timezone: string}): Promise<SiteAnswers> {
  const {input} = await import('@inquirer/prompts')
  process.stderr.write(chalk.bold('New LEAD site') + chalk.dim(' (Ctrl-C cancels; nothing is written until the end)\n'))
  const out: SiteAnswers = {...given}
  out.name ??= (await input({message: 'Site name', default: defaults.name, validate: (t) => t.trim() !== '' || 'a name is needed'}, context)).trim()
  if (given.jurisdiction === undefined) {
    const j = (await input({message: `Jurisdiction, e.g. Harbor County, WA ${chalk.dim('(enter to skip)')}`}, context)).trim()
    if (j) out.jurisdiction = j
  }
  if (given.timezone === undefined) {
    const zones = Intl.supportedValuesOf('timeZone')
    out.timezone = (await input({
      message: 'Time zone (referral times, deadlines and reports use it)',
      default: defaults.timezone,
      validate: (t) => isTimeZone(t.trim()) || `unknown time zone${zoneAbbreviationNote(t)}${closest(t.trim(), zones) ? ` (did you mean ${closest(t.trim(), zones)}?)` : ''}; an IANA name such as America/Los_Angeles`,
    }, context)).trim()
  }
  if (given.referralPhone === undefined) {
    const pattern = new RegExp(String((loadSchema('lead').$defs as Record<string, {pattern: string}>).phone!.pattern), 'u')
    const phone = (await input({
      message: `LEAD phone, the number officers call day and night ${chalk.dim('(enter to skip)')}`,
      validate: (t) => t.trim() === '' || pattern.test(normalizePhone(t)) || 'a phone number, e.g. (360) 555-0100 or +1-360-555-0100',
    }, context)).trim()
    if (phone) out.referralPhone = normalizePhone(phone)
  }
  return out
}
