/**
 * Where the coverage form gets its figures: the training coverage computation
 * (src/core/training/coverage.ts), when this build of lead has it. The computation is connected
 * through one function that module exports:
 *
 *   coverageFormInput(site: Site, records: SiteRecords, options: {asOf: IsoDate}): CoverageFormInput
 *
 * Until it exists, the coverage form reports that it is not available rather than printing an empty page.
 */
import type {IsoDate} from '../dates.js'
import type {SiteRecords} from '../records/load.js'
import type {Site} from '../site.js'
import type {CoverageFormInput} from './coverage-report.js'

type CoverageModule = {coverageFormInput?: (site: Site, records: SiteRecords, options: {asOf: IsoDate}) => CoverageFormInput | Promise<CoverageFormInput>}

async function coverageModule(): Promise<CoverageModule | undefined> {
  // A computed specifier: the module is optional in this build, and the compiler must not require it.
  const specifier = ['..', 'training', 'coverage.js'].join('/')
  try {
    return (await import(specifier)) as CoverageModule
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    if (e.code === 'ERR_MODULE_NOT_FOUND' && /training[\\/]coverage\.js/.test(e.message)) return undefined
    throw error
  }
}

/** Whether this build can make the coverage form. */
export async function coverageAvailable(): Promise<boolean> {
  return typeof (await coverageModule())?.coverageFormInput === 'function'
}

export async function loadCoverageInput(site: Site, records: SiteRecords, asOf: IsoDate): Promise<CoverageFormInput | undefined> {
  const mod = await coverageModule()
  return mod?.coverageFormInput ? await mod.coverageFormInput(site, records, {asOf}) : undefined
}
