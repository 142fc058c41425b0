/** The site's IANA time zone from lead.yaml, when it is one Intl knows (validate reports it otherwise). */
import {isTimeZone, today, type IsoDate} from '../dates.js'
import type {Site} from '../site.js'

export function siteTimeZone(site: Site): string | undefined {
  const tz = site.config.site.timezone
  return tz && isTimeZone(tz) ? tz : undefined
}

export function siteToday(site: Site): IsoDate {
  return today(siteTimeZone(site))
}
