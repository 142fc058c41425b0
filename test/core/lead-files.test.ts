/**
 * Where lead's own files are (src/core/lead-files.ts): run from source, the package folder is the
 * repository and there is no build to load files from, so the yaml library, the schema validators
 * and the parse worker come from source (the package, compiled at run time, this thread). The
 * built side is tested on a copy of the build (test/commands/bundle.test.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {BUILD_DIR, buildFile, LEAD_ROOT, leadFile} from '../../src/core/lead-files.js'
import {SCHEMA_DIR} from '../../src/core/schemas/schema-dir.js'
import {EXAMPLE_SITE_DIR} from '../../src/core/site-init.js'
import {REPO_ROOT} from '../support/cli.js'

describe('lead-files', () => {
  it('finds the package folder from source', () => {
    expect(LEAD_ROOT).toBe(path.resolve(REPO_ROOT))
    expect(JSON.parse(fs.readFileSync(leadFile('package.json'), 'utf8')).bin.lead).toBe('./bin/run.js')
    expect(SCHEMA_DIR).toBe(path.join(REPO_ROOT, 'schemas') + path.sep)
    expect(fs.existsSync(`${SCHEMA_DIR}referral.schema.json`)).toBe(true)
    expect(fs.existsSync(path.join(EXAMPLE_SITE_DIR, 'lead.yaml'))).toBe(true)
  })

  it('names no build file when run from source, even with a build beside it', () => {
    expect(BUILD_DIR).toBeUndefined()
    expect(buildFile('core/records/yaml-bundle.cjs')).toBeUndefined()
  })
})
