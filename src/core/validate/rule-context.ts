/**
 * What a cross-record rule sees, and how it reports. Rules run over records that passed their
 * schema, so they may rely on the schema's shapes; references are resolved against every record
 * that could be read, so one broken file does not make others look dangling.
 */
import type {Diagnostic, Severity} from '../errors.js'
import type {Kind} from '../records/kinds.js'
import type {RecordData, SiteRecord, SiteRecords} from '../records/load.js'
import type {DataPath, PathTarget} from '../records/yaml-source.js'
import type {Site} from '../site.js'
import type {IsoDate} from '../clock/dates.js'

export interface ReportOptions {
  severity?: Severity
  target?: PathTarget
}

export class RuleContext {
  readonly site: Site
  readonly records: SiteRecords
  /** The date time-dependent rules judge against (today in the site's time zone, or --as-of). */
  readonly asOf: IsoDate
  readonly diagnostics: Diagnostic[] = []
  private readonly validSet: Set<SiteRecord>

  constructor(site: Site, records: SiteRecords, valid: Set<SiteRecord>, asOf: IsoDate) {
    this.site = site
    this.records = records
    this.validSet = valid
    this.asOf = asOf
  }

  /** Records of a kind that passed their schema, with their data typed as the caller expects. */
  valid<T = RecordData>(kind: Kind): Array<{record: SiteRecord; data: T}> {
    const out: Array<{record: SiteRecord; data: T}> = []
    for (const record of this.records.records) {
      if (record.kind === kind && this.validSet.has(record)) out.push({record, data: record.data as T})
    }
    return out
  }

  isValid(record: SiteRecord): boolean {
    return this.validSet.has(record)
  }

  report(record: SiteRecord, path: DataPath, code: string, message: string, hint?: string, options: ReportOptions = {}): void {
    const pos = record.source.locate(path, options.target ?? 'value')
    this.diagnostics.push({code, severity: options.severity ?? 'error', message, hint, file: record.file, line: pos.line, column: pos.column, path})
  }
}

export interface Rule {
  /** A short name for documentation and debugging. */
  name: string
  run(ctx: RuleContext): void
}
