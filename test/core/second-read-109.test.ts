/**
 * A second reader's attacks on the site listed from the last validation's basis when git's state
 * differs from the linked one only by files git lists as changed (basis-listing.ts
 * listingFromBasis, GitFileState.listingBase): a load or validation listed so must give what one
 * without any cache gives (`cache: false`: the folders walked, every file read).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {loadRecords, type SiteRecords} from '../../src/core/records/load.js'
import {derivedResult} from '../../src/core/records/state-memo.js'
import {gitFileState, type GitFileState} from '../../src/core/records/git-file-state.js'
import {basisListings, listingFromBasis} from '../../src/core/validate/basis-listing.js'
import {validateSite} from '../../src/core/validate/site-validation.js'
import {cleanupTemp, exampleSite, git, runLead, testEnv, useGitEnv} from '../support/cli.js'
import {NOTES_REFERRAL, setNotes} from '../support/set-notes.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const AS_OF = '2026-11-27'
const REFERRAL = NOTES_REFERRAL

/** Each record's file, kind, ID, content hash and data, and every finding of the load. */
async function loaded(root: string, how: 'basis' | 'git' | 'none') {
  const site = readSite(root)
  const options = how === 'none' ? {cache: false} : {git: await gitFileState(root), ...(how === 'basis' ? {listing: (g: GitFileState) => listingFromBasis(root, g)} : {})}
  const records = await loadRecords(site, {saveCache: false, ...options})
  return {records: records.records.map((r) => `${r.file} ${r.kind} ${r.id} ${r.hash} ${JSON.stringify(r.data)}`).sort(), diagnostics: records.diagnostics.map((d) => `${d.file} ${d.code} ${d.line}:${d.column} ${d.message}`).sort()}
}

const findings = async (root: string, cache: boolean) => (await validateSite(readSite(root), {asOf: AS_OF, ...(cache ? {} : {cache: false})})).diagnostics.map((d) => `${d.code} ${d.file} ${d.line} ${d.message}`)

/** Whether a load listed from the basis gives what a load without cache gives; and whether it was listed from the basis. */
async function sameAsNoCache(root: string): Promise<boolean> {
  const before = basisListings.count
  const fromBasis = await loaded(root, 'basis')
  const cold = await loaded(root, 'none')
  // Only what differs, either way (a whole site's records make an unreadable failure).
  const only = (a: string[], b: string[]) => a.filter((x) => !b.includes(x)).map((x) => x.slice(0, 300))
  expect({records: only(fromBasis.records, cold.records), diagnostics: only(fromBasis.diagnostics, cold.diagnostics)}).toEqual({records: only(cold.records, fromBasis.records), diagnostics: only(cold.diagnostics, fromBasis.diagnostics)})
  expect(await findings(root, true)).toEqual(await findings(root, false))
  return basisListings.count > before
}

const file = (root: string, rel: string) => path.join(root, rel)
const edit = (root: string, rel: string, f: (s: string) => string) => fs.writeFileSync(file(root, rel), f(fs.readFileSync(file(root, rel), 'utf8')))
const commitAll = (root: string, message: string) => {
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-qm', message], env)
}
const status = (root: string) => git(root, ['status', '--porcelain', '--untracked-files=all'], env)

describe('attributes that convert content', () => {
  it('ident given to the records by a tracked .gitattributes in a site folder edited after the link', async () => {
    const root = exampleSite(env)
    edit(root, REFERRAL.file, (s) => s.replace(/\nnotes:.*\n/, '\nnotes: "$Id$"\n'))
    fs.writeFileSync(file(root, 'referrals/.gitattributes'), '# none\n')
    commitAll(root, 'a notes with an ident')
    await findings(root, true) // links the basis
    fs.writeFileSync(file(root, 'referrals/.gitattributes'), '*.yaml ident\n')
    edit(root, REFERRAL.file, (s) => s.replace('notes: "$Id$"', 'notes: "$Id: " } $"'))
    // Added (git's clean filter takes `$Id: …$` back to `$Id$`): the same blob, the entry's stat now the file's.
    git(root, ['add', REFERRAL.file], env)
    expect(status(root)).toBe(' M referrals/.gitattributes\n')
    await sameAsNoCache(root)
  })

  it('ident in a tracked .gitattributes deleted from the working tree or made a link (git reads the index\'s then)', async () => {
    for (const [rel, linked] of [['referrals/.gitattributes', false], ['.gitattributes', false], ['referrals/.gitattributes', true]] as const) {
      const root = exampleSite(env)
      edit(root, REFERRAL.file, (s) => s.replace(/\nnotes:.*\n/, '\nnotes: "$Id$"\n'))
      commitAll(root, 'a notes with an ident')
      fs.writeFileSync(file(root, rel), '*.yaml ident\n')
      commitAll(root, 'ident')
      await findings(root, true) // the blob's parse cached
      fs.rmSync(file(root, rel))
      if (linked) {
        fs.writeFileSync(file(root, 'empty'), '')
        fs.symlinkSync('../empty', file(root, rel))
      }
      edit(root, REFERRAL.file, (s) => s.replace('notes: "$Id$"', 'notes: "$Id: " } $"'))
      git(root, ['add', REFERRAL.file], env)
      if (!linked) expect(status(root)).toBe(` D ${rel}\n`)
      await findings(root, true)
      expect(await loaded(root, 'git')).toEqual(await loaded(root, 'none'))
      await sameAsNoCache(root)
    }
  })

  it('ident in a .gitattributes committed before the link (the exact digest)', async () => {
    const root = exampleSite(env)
    edit(root, REFERRAL.file, (s) => s.replace(/\nnotes:.*\n/, '\nnotes: "$Id$"\n'))
    commitAll(root, 'a notes with an ident')
    fs.writeFileSync(file(root, 'referrals/.gitattributes'), '*.yaml ident\n')
    commitAll(root, 'ident')
    await findings(root, true)
    edit(root, REFERRAL.file, (s) => s.replace('notes: "$Id$"', 'notes: "$Id: " } $"'))
    git(root, ['add', REFERRAL.file], env)
    expect(status(root)).toBe('')
    await sameAsNoCache(root)
  })
})

const OTHER = 'referrals/2026/r-2026-01-17-wvy892.yaml'
/** An edit by hand that makes an error (the referral's status no longer one of its values). */
const breakIt = (root: string, rel = REFERRAL.file) => edit(root, rel, (s) => s.replace(/\nstatus: .*\n/, '\nstatus: not-a-status\n'))
/** The link written (a validation with the cache), then `change`: a load and a validation give what one without cache gives. */
async function afterLink(root: string, change: () => void | Promise<void>): Promise<boolean> {
  await findings(root, true)
  await change()
  return sameAsNoCache(root)
}

describe('git states that differ from the linked one', () => {
  it('an entry made assume-unchanged or skip-worktree after the link, then edited', async () => {
    for (const flag of ['--assume-unchanged', '--skip-worktree']) {
      const root = exampleSite(env)
      await afterLink(root, () => {
        git(root, ['update-index', flag, REFERRAL.file], env)
        breakIt(root)
      })
      breakIt(root, OTHER)
      await sameAsNoCache(root)
    }
  })

  it('a hand edit stashed and popped', async () => {
    const root = exampleSite(env)
    breakIt(root)
    expect(await afterLink(root, () => void git(root, ['stash', '-q'], env))).toBe(true)
    await afterLink(root, () => void git(root, ['stash', 'pop', '-q'], env))
    await afterLink(root, () => breakIt(root, OTHER))
  })

  it('a hand edit reverted with git checkout, or committed outside lead', async () => {
    const root = exampleSite(env)
    breakIt(root)
    await afterLink(root, () => void git(root, ['checkout', '--', REFERRAL.file], env))
    breakIt(root)
    await afterLink(root, () => commitAll(root, 'by hand'))
    await afterLink(root, () => breakIt(root, OTHER))
  })

  it('git reset --soft and --mixed after the link', async () => {
    const root = exampleSite(env)
    breakIt(root)
    commitAll(root, 'an error')
    await afterLink(root, () => void git(root, ['reset', '-q', '--soft', 'HEAD~1'], env))
    await afterLink(root, () => breakIt(root, OTHER))
    await afterLink(root, () => void git(root, ['reset', '-q', '--mixed', 'HEAD'], env))
  })

  it('a mode changed (core.filemode), a changed file given another record\'s content, a case-only rename', async () => {
    const root = exampleSite(env)
    breakIt(root)
    await afterLink(root, () => fs.chmodSync(file(root, OTHER), 0o755))
    await afterLink(root, () => fs.copyFileSync(file(root, 'referrals/2026/r-2026-01-27-eem7iq.yaml'), file(root, REFERRAL.file)))
    await afterLink(root, () => fs.renameSync(file(root, OTHER), file(root, OTHER.replace('wvy892', 'WVY892'))))
  })

  it('a changed file replaced by a folder of records, or by a link to another record', async () => {
    const root = exampleSite(env)
    breakIt(root)
    await afterLink(root, () => {
      fs.rmSync(file(root, REFERRAL.file))
      fs.symlinkSync('r-2026-01-27-eem7iq.yaml', file(root, REFERRAL.file))
    })
    await afterLink(root, () => {
      fs.rmSync(file(root, REFERRAL.file))
      fs.mkdirSync(file(root, REFERRAL.file))
      fs.copyFileSync(file(root, OTHER), file(root, `${REFERRAL.file}/${path.basename(OTHER)}`))
    })
  })

  it('a tracked file that is no record made a link (git lists it as changed: a type change)', async () => {
    for (const [rel, target] of [['referrals/2026/.gitkeep', '..'], ['referrals/notes.txt', '2026'], ['referrals/2026/notes.txt', 'r-2026-01-27-eem7iq.yaml'], ['mous/notes.txt', '../referrals']]) {
      const root = exampleSite(env)
      fs.writeFileSync(file(root, rel!), 'a note\n')
      commitAll(root, 'a file that is no record')
      breakIt(root)
      await afterLink(root, () => {
        fs.rmSync(file(root, rel!))
        fs.symlinkSync(target!, file(root, rel!))
      })
    }
  })

  it('a tracked file that is no record made a link before the link, then made a file again', async () => {
    for (const [rel, target] of [['referrals/2026/.gitkeep', '..'], ['referrals/notes.txt', '2026']]) {
      const root = exampleSite(env)
      fs.writeFileSync(file(root, rel!), 'a note\n')
      commitAll(root, 'a file that is no record')
      breakIt(root)
      fs.rmSync(file(root, rel!))
      fs.symlinkSync(target!, file(root, rel!))
      await afterLink(root, () => void git(root, ['checkout', '--', rel!], env))
    }
  })

  it('a record added with intent to add (git add -N), and a record renamed by hand', async () => {
    const root = exampleSite(env)
    breakIt(root)
    const added = 'referrals/2026/r-2026-01-08-zz0001.yaml'
    await afterLink(root, () => {
      fs.writeFileSync(file(root, added), fs.readFileSync(file(root, OTHER), 'utf8').replace('r-2026-01-17-wvy892', 'r-2026-01-08-zz0001'))
      git(root, ['add', '-N', added], env)
    })
    await afterLink(root, () => fs.renameSync(file(root, OTHER), file(root, OTHER.replace('wvy892', 'wvy893'))))
  })

  it('ident given in .git/info/attributes after the link', async () => {
    const root = exampleSite(env)
    edit(root, REFERRAL.file, (s) => s.replace(/\nnotes:.*\n/, '\nnotes: "$Id$"\n'))
    commitAll(root, 'a notes with an ident')
    breakIt(root, OTHER)
    await afterLink(root, () => {
      fs.mkdirSync(file(root, '.git/info'), {recursive: true})
      fs.writeFileSync(file(root, '.git/info/attributes'), '*.yaml ident\n')
      edit(root, REFERRAL.file, (s) => s.replace('notes: "$Id$"', 'notes: "$Id: " } $"'))
      git(root, ['add', REFERRAL.file], env)
    })
  })
})

describe('a site in a folder of a larger repository', () => {
  it('changes outside the site\'s folder, committed or not', async () => {
    const site = exampleSite(env)
    const top = path.join(path.dirname(site), 'outer')
    fs.mkdirSync(top)
    fs.renameSync(path.join(site, '.git'), path.join(top, '.git'))
    fs.renameSync(site, path.join(top, 'site'))
    const root = path.join(top, 'site')
    fs.writeFileSync(path.join(top, 'README.md'), 'outer\n')
    git(top, ['add', '-A'], env)
    git(top, ['commit', '-qm', 'moved into a folder'], env)
    breakIt(root)
    await afterLink(root, () => fs.writeFileSync(path.join(top, 'README.md'), 'outer, edited\n'))
    await afterLink(root, () => fs.writeFileSync(path.join(top, 'untracked.yaml'), 'x: 1\n'))
    await afterLink(root, () => {
      git(top, ['add', '-A'], env)
      git(top, ['commit', '-qm', 'outside'], env)
    })
    await afterLink(root, () => fs.writeFileSync(path.join(top, '.gitattributes'), '*.yaml ident\n'))
    await afterLink(root, () => breakIt(root, OTHER))
  })
})

describe('a link a write left', () => {
  it('while another record was edited by hand: then reverted, edited again, the written record edited by hand', async () => {
    const root = exampleSite(env)
    breakIt(root, OTHER)
    await findings(root, true)
    await setNotes(root, 'beside an edit', AS_OF)
    expect(status(root)).toBe(` M ${OTHER}\n`)
    expect(await sameAsNoCache(root)).toBe(true)
    await afterLink(root, () => void git(root, ['checkout', '--', OTHER], env))
    await setNotes(root, 'again', AS_OF)
    await afterLink(root, () => edit(root, OTHER, (s) => s.replace(/\nstatus: .*\n/, '\nstatus: also-not-a-status\n')))
    await setNotes(root, 'and again', AS_OF)
    breakIt(root)
    expect(await sameAsNoCache(root)).toBe(true)
  })

  it('of a written record a hand edit undid before the write (its line in git\'s list before the commit)', async () => {
    const root = exampleSite(env)
    await findings(root, true)
    breakIt(root)
    // The write refuses or writes over the edit: either way, what follows lists as a load without cache.
    await setNotes(root, 'over an edit', AS_OF).catch(() => undefined)
    await sameAsNoCache(root)
    await afterLink(root, () => breakIt(root, OTHER))
  })
})

describe('the built CLI, warm and with .git/lead deleted', () => {
  const COMMANDS = [['validate', '--json'], ['status', '--json'], ['list', 'referral', '--json']]
  /** Each command's exit code and output, warm (as the runs before left .git/lead), then cold (none): the same. */
  function sameCold(root: string): void {
    const run = () => COMMANDS.map((args) => {
      const r = runLead(args, {cwd: root, env})
      return {args: args.join(' '), code: r.code, stdout: r.stdout}
    })
    const warm = run()
    fs.rmSync(file(root, '.git/lead'), {recursive: true, force: true})
    expect(warm).toEqual(run())
  }

  it('a hand edit after a validation, and ident given by an edited .gitattributes', () => {
    const root = exampleSite(env)
    edit(root, REFERRAL.file, (s) => s.replace(/\nnotes:.*\n/, '\nnotes: "$Id$"\n'))
    fs.writeFileSync(file(root, 'referrals/.gitattributes'), '# none\n')
    commitAll(root, 'a notes with an ident')
    sameCold(root)
    breakIt(root, OTHER)
    sameCold(root)
    fs.writeFileSync(file(root, 'referrals/.gitattributes'), '*.yaml ident\n')
    edit(root, REFERRAL.file, (s) => s.replace('notes: "$Id$"', 'notes: "$Id: " } $"'))
    git(root, ['add', REFERRAL.file], env)
    sameCold(root)
    runLead(['validate'], {cwd: root, env})
    sameCold(root)
  })

  it('core.autocrlf set after a validation, a record given CRLF line ends and added (the same blob)', () => {
    const root = exampleSite(env)
    breakIt(root, OTHER)
    sameCold(root)
    git(root, ['config', 'core.autocrlf', 'true'], env)
    edit(root, REFERRAL.file, (s) => s.replace(/\n/g, '\r\n'))
    git(root, ['add', REFERRAL.file], env)
    expect(status(root)).toBe(` M ${OTHER}\n`)
    sameCold(root)
  })
})

describe('a file edited while a validation reads the site', () => {
  it('between git\'s digest and the read: the findings and the basis link name the digest of what was read, or nothing', async () => {
    const root = exampleSite(env)
    breakIt(root)
    const broken = fs.readFileSync(file(root, REFERRAL.file), 'utf8')
    let once = true
    // Read after the digest was worked out: the load reads the file as it is by then.
    const prepare = async () => {
      if (once) fs.writeFileSync(file(root, REFERRAL.file), broken.replace('status: not-a-status', 'status: enrolled'))
      once = false
    }
    await validateSite(readSite(root), {asOf: AS_OF, prepare})
    fs.writeFileSync(file(root, REFERRAL.file), broken)
    await sameAsNoCache(root)
  })

  it('a result derived from the records (status, a report) is not remembered for the digest of other content', async () => {
    const root = exampleSite(env)
    breakIt(root)
    const broken = fs.readFileSync(file(root, REFERRAL.file), 'utf8')
    const site = readSite(root)
    const git = await gitFileState(root)
    const wrong = (records: SiteRecords) => records.records.filter((r) => (r.data as {status?: string} | undefined)?.status === 'not-a-status').length
    // The digest is worked out first; the file saved before the load reads it.
    const load = async () => {
      fs.writeFileSync(file(root, REFERRAL.file), broken.replace('status: not-a-status', 'status: enrolled'))
      return loadRecords(site, {saveCache: false, git})
    }
    expect(await derivedResult(site, 'second-read-109', [], wrong, {git: git!, load})).toBe(0)
    fs.writeFileSync(file(root, REFERRAL.file), broken)
    expect(await derivedResult(readSite(root), 'second-read-109', [], wrong, {git: (await gitFileState(root))!})).toBe(1)
  })
})
