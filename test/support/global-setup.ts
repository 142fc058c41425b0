/**
 * Built once per test run: a committed example site that `exampleSite()` copies (~40 ms) instead of
 * spawning `lead init --example` in every test (~0.5 s each), and a second one whose parse cache is
 * warm (`exampleSite(env, {warm: true})`: the first command in a copy reads no record cold, ~0.5 s
 * of CPU less). Tests get a fresh copy, never these.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {TestProject} from 'vitest/node'
import {initExampleSite, warmExampleSite} from './example-site.js'

declare module 'vitest' {
  export interface ProvidedContext {
    exampleSiteTemplate: string
    exampleSiteWarmTemplate: string
  }
}

export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-template-'))
  const template = initExampleSite(path.join(dir, 'site'))
  project.provide('exampleSiteTemplate', template)
  project.provide('exampleSiteWarmTemplate', warmExampleSite(template, path.join(dir, 'warm')))
  return () => fs.rmSync(dir, {recursive: true, force: true})
}
