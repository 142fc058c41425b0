/**
 * Built once per test run: a committed example site that `exampleSite()` copies (~40 ms) instead of
 * spawning `lead init --example` in every test (~0.5 s each). Tests get a fresh copy, never this one.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {TestProject} from 'vitest/node'
import {initExampleSite} from './example-site.js'

declare module 'vitest' {
  export interface ProvidedContext {
    exampleSiteTemplate: string
  }
}

export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-template-'))
  project.provide('exampleSiteTemplate', initExampleSite(path.join(dir, 'site')))
  return () => fs.rmSync(dir, {recursive: true, force: true})
}
