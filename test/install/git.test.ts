/**
 * lead installed from a git URL, as `npm install git+https://…#commit` does for a site: npm
 * clones the commit, installs lead's development tools in a temporary copy and runs its
 * `prepare` script (the build), then installs the result. Slow (minutes): it builds lead.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, git, REPO_ROOT, tempDir, testEnv} from '../support/cli.js'
import {npm} from '../support/install.js'

afterAll(cleanupTemp, 600_000)

describe('lead from a git URL', () => {
  it('builds on install (prepare) and runs', () => {
    const env = testEnv()
    const clone = path.join(tempDir('lead-clone-'), 'lead')
    git(path.dirname(clone), ['clone', '--quiet', '--no-hardlinks', REPO_ROOT, clone], env)
    const commit = git(clone, ['rev-parse', 'HEAD'], env).trim()
    const consumer = tempDir('lead-git-consumer-')
    // npm 11 runs a git dependency's prepare only for packages the project allows.
    fs.writeFileSync(path.join(consumer, 'package.json'), `${JSON.stringify({name: 'site', private: true, allowScripts: {'lead-cli': true}})}\n`)
    npm(['install', '--save-dev', `git+file://${clone}#${commit}`], consumer, env, 900_000)
    const installed = path.join(consumer, 'node_modules', 'lead-cli')
    for (const f of ['dist/commands/validate.js', 'oclif.manifest.json']) expect(fs.existsSync(path.join(installed, f)), f).toBe(true)
    expect(fs.existsSync(path.join(installed, 'src'))).toBe(false)
    const r = spawnSync(process.execPath, [path.join(installed, 'bin/run.js'), '--version'], {env, encoding: 'utf8'})
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^lead-cli\/0\.1\.0 /)
    const pkg = JSON.parse(fs.readFileSync(path.join(consumer, 'package.json'), 'utf8'))
    expect(pkg.devDependencies['lead-cli']).toBe(`git+file://${clone}#${commit}`)
  }, 900_000)
})
