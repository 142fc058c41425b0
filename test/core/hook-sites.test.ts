/**
 * The hooks lead writes for a repository's sites (git/pre-commit-hook.ts, git/hook-install.ts): the
 * sites a hook names are read back as written, whatever their folder names hold, and each script
 * is one the shell reads; a hook an earlier lead wrote is read by its -C folder.
 */
import {spawnSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {commitMsgHook, preCommitHook} from '../../src/core/git/pre-commit-hook.js'
import {hookSites} from '../../src/core/git/hook-install.js'

const cmd = {node: '/usr/bin/node', run: "/opt/lead's/bin/run.js", siteDir: 'a', version: '1.0.0'}
const shellReads = (script: string) => spawnSync('sh', ['-n'], {input: script, encoding: 'utf8'})

describe('the sites a hook of lead checks', () => {
  const odd = ['a', "sites/o'hare site", 'sites/$(touch x)', 'b;c', '.']
  it.each([[['a']], [odd]])('names %j and reads them back, in scripts the shell reads', (sites) => {
    for (const script of [preCommitHook({...cmd, sites}), commitMsgHook({...cmd, sites})]) {
      expect(hookSites(script)).toEqual(sites)
      const read = shellReads(script)
      expect(read.stderr).toBe('')
      expect(read.status).toBe(0)
    }
  })

  it('checks each site in turn only when there are several (one keeps its single exec)', () => {
    expect(preCommitHook({...cmd, sites: ['a']})).toContain("set -- validate --staged -C a\n")
    expect(preCommitHook({...cmd, sites: ['a']})).not.toContain('for LEAD_SITE')
    const both = preCommitHook({...cmd, sites: ['a', "o'hare"]})
    expect(both).toContain(`for LEAD_SITE in a 'o'\\''hare'; do`)
    expect(both).toContain('set -- validate --staged -C "$LEAD_SITE"')
    expect(both).toContain('lead_run "$@" || exit $?')
  })

  it('reads the -C folder of a hook an earlier lead wrote, quoted or not', () => {
    const earlier = (dir: string) => `#!/bin/sh\n# lead pre-commit hook\n# lead runs with -C in the site folder.\nset -- validate --staged -C ${dir}\n`
    expect(hookSites(earlier('sites/harbor'))).toEqual(['sites/harbor'])
    expect(hookSites(earlier(`'my '\\''site'`))).toEqual(["my 'site"])
    expect(hookSites('#!/bin/sh\necho no site here\n')).toBeUndefined()
  })

  it('takes a sites line edited into something else as no line: an earlier hook\'s -C folder, else none', () => {
    const broken = (sites: string[]) => preCommitHook({...cmd, sites}).replace(/^# lead checks the sites: .*$/m, '# lead checks the sites: {oops')
    expect(hookSites(broken(['harbor']))).toEqual(['harbor'])
    expect(hookSites(broken(['a', 'b']))).toBeUndefined()
  })
})
