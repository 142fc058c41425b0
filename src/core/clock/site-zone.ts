/**
 * The site's IANA time zone from lead.yaml. Reports and `lead referral check` need the real one:
 * a name Intl does not know stops them (exit 1) rather than silently using this machine's zone,
 * which would move referrals across days, protocols and deadlines. Validation reports the same
 * problem as BAD_TIMEZONE and goes on with `validSiteTimeZone`.
 */
import {isTimeZone, today, type IsoDate} from './dates.js'
import {LeadError} from '../errors.js'
import type {Site} from '../site.js'

/** The site's time zone, undefined when lead.yaml sets none; throws BAD_TIMEZONE (exit 1) when it is not one. */
export function siteTimeZone(site: Site): string | undefined {
  const tz = site.config.site.timezone
  if (tz === undefined || tz === '') return undefined
  if (isTimeZone(tz)) return tz
  const pos = site.configSource?.locate(['site', 'timezone'])
  throw new LeadError('BAD_TIMEZONE', `lead.yaml site.timezone "${tz}" is not a time zone; dates would be computed in this machine's zone instead`, {
    hint: 'set site.timezone in lead.yaml to an IANA name such as America/Los_Angeles (`lead validate` points at it)',
    pos: {file: 'lead.yaml', line: pos?.line, column: pos?.column},
  })
}

/** For validation, which reports a bad zone as a finding and goes on: the zone, or undefined. */
export function validSiteTimeZone(site: Site): string | undefined {
  const tz = site.config.site.timezone
  return tz && isTimeZone(tz) ? tz : undefined
}

export function siteToday(site: Site): IsoDate {
  return today(siteTimeZone(site))
}
