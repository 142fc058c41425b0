/**
 * A second reader's attacks on the days kept between runs (clock/zone-days.ts): what a later run
 * takes from .git/lead/zone-days.json must be what Intl answers on this machine, as it is then.
 * Each "run" is a fresh copy of the clock modules (vi.resetModules), as a new process would load.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, afterEach, describe, expect, it, vi} from 'vitest'
import {cleanupTemp, tempDir} from '../support/cli.js'

afterAll(cleanupTemp)

/** The clock modules as a new process loads them. */
async function newProcess() {
  vi.resetModules()
  const dates = await import('../../src/core/clock/dates.js')
  const facts = await import('../../src/core/clock/zone-facts.js')
  return {...dates, ...facts}
}

const daysFile = (gitDir: string) => path.join(gitDir, 'lead', 'zone-days.json')
const noon = (day: string) => Date.parse(`${day}T12:00:00Z`)
const tzBefore = process.env.TZ
const setTz = (tz: string | undefined) => {
  if (tz === undefined) delete process.env.TZ
  else process.env.TZ = tz
}

describe('zone-days, attacked', () => {
  afterEach(() => setTz(tzBefore))

  it("a process whose TZ changes after it read the file keeps no day of the new zone under the old zone's fingerprint", async () => {
    const gitDir = tempDir('lead-zone-days-')
    setTz('UTC')
    let run = await newProcess()
    run.keepZoneFactsIn(gitDir)
    run.zoneOffsetMinutes(noon('2033-01-10'), 'Europe/Berlin') // the file is read, under UTC's fingerprint
    setTz('Asia/Kolkata') // as a test that tries sites in several zones does
    expect(run.zoneOffsetMinutes(noon('2033-01-11'))).toBe(330) // the machine's zone, asked of Intl now
    await run.flushZoneFacts()
    // The next process, on UTC again: Intl says 0 for that day.
    setTz('UTC')
    run = await newProcess()
    run.keepZoneFactsIn(gitDir)
    expect(run.zoneOffsetMinutes(noon('2033-01-11'))).toBe(0)
    expect(run.localDate(new Date('2033-01-11T20:00:00Z'))).toBe('2033-01-11')
  })

  it("a process whose TZ changes after it first asked the machine's zone answers (and keeps) the new zone's offsets", async () => {
    const gitDir = tempDir('lead-zone-days-')
    setTz('UTC')
    let run = await newProcess()
    run.keepZoneFactsIn(gitDir)
    expect(run.zoneOffsetMinutes(noon('2033-02-10'))).toBe(0)
    setTz('Asia/Kolkata')
    run.keepZoneFactsIn(undefined) // the next site of the same process
    run.keepZoneFactsIn(gitDir)
    expect(run.zoneOffsetMinutes(noon('2033-02-11'))).toBe(330)
    await run.flushZoneFacts()
    run = await newProcess()
    run.keepZoneFactsIn(gitDir)
    expect(run.zoneOffsetMinutes(noon('2033-02-11'))).toBe(330)
  })

  it("the same for today's offset and the machine's zone kept in zone-facts.json", async () => {
    const gitDir = tempDir('lead-zone-facts-')
    vi.useFakeTimers({now: Date.parse('2033-06-10T20:00:00Z'), toFake: ['Date']})
    try {
      setTz('UTC')
      let run = await newProcess()
      run.keepZoneFactsIn(gitDir)
      run.isTimeZone('Europe/Berlin') // the file is read, under UTC's fingerprint
      setTz('Asia/Kolkata')
      expect(run.today()).toBe('2033-06-11')
      expect(run.machineClock().timeZone).toBe('Asia/Calcutta')
      await run.flushZoneFacts()
      setTz('UTC')
      run = await newProcess()
      run.keepZoneFactsIn(gitDir)
      expect(run.today()).toBe('2033-06-10')
      expect(run.machineClock().timeZone).toBe('UTC')
    } finally {
      vi.useRealTimers()
    }
  })

  it('a planted file is believed within ±23:59 (a private .git/lead file, like the hooks beside it), and nothing outside that', async () => {
    const gitDir = tempDir('lead-zone-days-')
    let run = await newProcess()
    run.keepZoneFactsIn(gitDir)
    const day = Math.floor(noon('2033-03-10') / 86_400_000)
    const fingerprint = run.machineFingerprint()
    fs.mkdirSync(path.join(gitDir, 'lead'), {recursive: true})
    const plant = (offsets: Record<string, unknown>) => fs.writeFileSync(daysFile(gitDir), JSON.stringify({fingerprint, offsets}))
    // Believed: a local date a day off. Whoever can write .git/lead can write .git/hooks too.
    plant({[`Europe/Berlin|${day}`]: -1439})
    run = await newProcess()
    run.keepZoneFactsIn(gitDir)
    expect(run.localDate(new Date(noon('2033-03-10')), 'Europe/Berlin')).toBe('2033-03-09')
    // Not believed: what Intl never answers.
    for (const bad of [1440, -1440, 60.5, '60', true, [60], {}, 1e400]) {
      plant({[`Europe/Berlin|${day}`]: bad, ['__proto__']: 60})
      run = await newProcess()
      run.keepZoneFactsIn(gitDir)
      expect(run.zoneOffsetMinutes(noon('2033-03-10'), 'Europe/Berlin'), JSON.stringify(bad)).toBe(60)
    }
  })

  it('a zone-days.json that is a link is neither read nor written through', async () => {
    const gitDir = tempDir('lead-zone-days-')
    let run = await newProcess()
    const day = Math.floor(noon('2033-04-10') / 86_400_000)
    const elsewhere = path.join(tempDir('lead-elsewhere-'), 'target.json')
    const planted = JSON.stringify({fingerprint: run.machineFingerprint(), offsets: {[`Europe/Berlin|${day}`]: 600}})
    fs.writeFileSync(elsewhere, planted)
    fs.mkdirSync(path.join(gitDir, 'lead'), {recursive: true})
    fs.symlinkSync(elsewhere, daysFile(gitDir))
    run = await newProcess()
    run.keepZoneFactsIn(gitDir)
    expect(run.zoneOffsetMinutes(noon('2033-04-10'), 'Europe/Berlin')).toBe(120)
    await run.flushZoneFacts()
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe(planted)
    expect(fs.lstatSync(daysFile(gitDir)).isFile()).toBe(true) // replaced by a private file of its own
    expect(fs.statSync(daysFile(gitDir)).mode & 0o777).toBe(0o600)
  })

  it("many sites in one process: a site's file holds only the days asked while it was the site, and only zone names and day numbers", async () => {
    const [a, b] = [tempDir('lead-zone-days-a-'), tempDir('lead-zone-days-b-')]
    const run = await newProcess()
    run.keepZoneFactsIn(a)
    run.zoneOffsetMinutes(noon('2033-05-10'), 'America/Los_Angeles')
    await run.flushZoneFacts()
    run.keepZoneFactsIn(b)
    run.zoneOffsetMinutes(noon('2033-05-11'), 'Asia/Tokyo')
    run.keepZoneFactsIn(a) // moved back before b's write: b's is not written into a's
    run.zoneOffsetMinutes(noon('2033-05-12'), 'America/Los_Angeles')
    await run.flushZoneFacts()
    const keys = (gitDir: string) => (fs.existsSync(daysFile(gitDir)) ? Object.keys((JSON.parse(fs.readFileSync(daysFile(gitDir), 'utf8')) as {offsets: object}).offsets) : [])
    const day = (d: string) => Math.floor(noon(d) / 86_400_000)
    expect(keys(a).sort()).toEqual([`America/Los_Angeles|${day('2033-05-10')}`, `America/Los_Angeles|${day('2033-05-12')}`])
    expect(keys(b).filter((k) => !k.startsWith('Asia/Tokyo|'))).toEqual([])
    for (const gitDir of [a, b].filter((d) => fs.existsSync(daysFile(d)))) {
      const text = fs.readFileSync(daysFile(gitDir), 'utf8')
      const kept = JSON.parse(text) as {fingerprint: string; offsets: Record<string, unknown>}
      expect(Object.keys(kept).sort()).toEqual(['fingerprint', 'offsets'])
      for (const [k, v] of Object.entries(kept.offsets)) {
        expect(k).toMatch(/^[A-Za-z_/+-]*\|-?\d+$/)
        expect(v === null || Number.isInteger(v)).toBe(true)
      }
    }
  })
})
