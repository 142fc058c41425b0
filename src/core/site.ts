/**
 * A site is a git repository of LEAD records with `lead.yaml` at its root.
 * This module finds it and reads its configuration.
 */
import fs from 'node:fs'
import path from 'node:path'
import {stateError, type Diagnostic, LeadError, ExitCode} from './errors.js'
import {CONFIG_FILE, CONFIG_MAX_BYTES} from './records/kinds.js'
import {readCapped} from './records/bounded-read.js'
import {parseRecordBytes} from './records/record-parse.js'
import {formatBytes} from './text/byte-size.js'
import type {YamlSource} from './records/yaml-source.js'
import {findSiteRoot} from './site-root.js'
import {findGitDir} from './git-dir.js'
import {keepZoneFactsIn} from './clock/zone-facts.js'

export {findSiteRoot} from './site-root.js'

export interface Course {
  id: string
  name: string
  /** Months a completed course counts, or `never` for a certification that does not expire. */
  valid_months: number | 'never'
  kind?: string
}

export interface SiteConfig {
  site: {name: string; jurisdiction?: string; timezone?: string}
  referral_phone?: string
  courses: Course[]
  privacy?: {
    min_cell?: number
    /** The districts and catchment ids referrals may name: the only ones ever printed from them. */
    districts?: string[]
    catchments?: string[]
    /** Terms the identifier scan lets pass wherever they stand (case-insensitive, whole words). */
    allow_terms?: string[]
    /** Fields the identifier scan skips entirely (a warning on every run). */
    allow_identifiers?: string[]
    [setting: string]: unknown
  }
  /** Printed forms: fallback fonts for scripts DejaVu Sans lacks. */
  forms?: {fonts?: string[]}
  rules?: Record<string, 'error' | 'warning' | 'off'>
  schema_version?: number
}

export interface Site {
  root: string
  /** The parsed lead.yaml; fields may be missing when the file is invalid (validate reports why). */
  /** The settings records are judged by: lead.yaml's, or with a base's policy where it is stricter (see core/policy). */
  config: SiteConfig
  /** lead.yaml as written (its own checks report on this). */
  configData: unknown
  configSource?: YamlSource
  configDiagnostics: Diagnostic[]
}

export interface OpenSiteOptions {
  /** --dir / LEAD_DIR: the site root (or a folder inside it). */
  dir?: string
  cwd?: string
}

export function openSite(options: OpenSiteOptions = {}): Site {
  const start = path.resolve(options.cwd ?? process.cwd(), options.dir ?? '.')
  if (options.dir !== undefined && !fs.existsSync(start)) {
    throw stateError('NOT_A_SITE', `${options.dir} does not exist`, 'check the --dir / LEAD_DIR path, or create a site with `lead init DIR`')
  }
  const root = findSiteRoot(start)
  if (!root) {
    throw stateError('NOT_A_SITE', `no lead.yaml in ${start} or any folder above it`, 'run lead inside a site, point at one with --dir/-C or LEAD_DIR, or create one with `lead init DIR`')
  }
  // What Intl said about zones is kept beside the site's other caches (clock/zone-facts.ts).
  keepZoneFactsIn(findGitDir(root)?.gitDir)
  return readSite(root)
}

export function readSite(root: string): Site {
  const file = path.join(root, CONFIG_FILE)
  let bytes: Buffer
  try {
    // Never through a link: a site could point lead.yaml at .git/config or ~/.ssh and have it printed.
    if (!fs.lstatSync(file).isFile()) {
      throw stateError('SYMLINK', `${CONFIG_FILE} is not a regular file (a symbolic link?)`, `replace it with the site configuration itself: lead never reads through links`)
    }
    bytes = readConfigBytes(file)
  } catch (error) {
    if (error instanceof LeadError) throw error
    throw new LeadError('IO_ERROR', `cannot read ${CONFIG_FILE}: ${(error as Error).message}`, {exit: ExitCode.io})
  }
  return siteFromConfigBytes(root, bytes)
}

/** lead.yaml's bytes, refused unread when it is over its cap. */
export function readConfigBytes(file: string): Buffer {
  const read = readCapped(file, CONFIG_MAX_BYTES, {noFollow: true})
  if (read.bytes === undefined) throw stateError('FILE_TOO_LARGE', `${CONFIG_FILE} is ${formatBytes(read.size)}, over the ${formatBytes(CONFIG_MAX_BYTES)} limit`, `check that ${CONFIG_FILE} is the site configuration`)
  return read.bytes
}

/** A site whose lead.yaml comes from elsewhere than the working tree (the git index, a revision). */
export function siteFromConfigBytes(root: string, bytes: Uint8Array): Site {
  const parsed = parseRecordBytes(CONFIG_FILE, bytes, {maxBytes: CONFIG_MAX_BYTES})
  return {root, config: configFromData(root, parsed.data), configData: parsed.data, configSource: parsed.source, configDiagnostics: parsed.diagnostics}
}

/** lead.yaml's data as a SiteConfig, with the fields every command relies on present. */
export function configFromData(root: string, data: unknown): SiteConfig {
  const obj = (data && typeof data === 'object' && !Array.isArray(data) ? data : {}) as Partial<SiteConfig>
  return {
    ...obj,
    site: obj.site && typeof obj.site === 'object' ? obj.site : {name: path.basename(root)},
    courses: Array.isArray(obj.courses) ? obj.courses : [],
  }
}

/** Site-relative, forward-slash path of an absolute path inside the site (undefined if outside). */
export function siteRelative(site: {root: string}, abs: string): string | undefined {
  const rel = path.relative(site.root, path.resolve(site.root, abs))
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined
  return rel.split(path.sep).join('/')
}
