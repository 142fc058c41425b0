// The floor an everyday lead command is measured against (test/bench/cases/everyday.mjs): one Node
// process doing only the work no tool that keeps a site as YAML files in git can skip, on the same
// repository. It asks git what changed (the porcelain status lead asks for), and reads and parses
// one record with the same YAML library; a write then writes it and commits it with git as lead
// does (update-index for a new file, commit --include of the one path). No validation, no
// cross-record rules, no privacy checks, no cache, no lock: what is left of a command's time is
// Node's start, git's own work on this many files and one parse. Usage:
//   node process-floor.mjs status SITE            git's status only (the reading commands)
//   node process-floor.mjs show SITE FILE         one record read and parsed (lead show)
//   node process-floor.mjs changed SITE FILE      git's status, then the changed record parsed
//   node process-floor.mjs set SITE FILE TEXT     git's status, the record's notes set to TEXT, committed
//   node process-floor.mjs new SITE FILE FROM     git's status, FROM's record written as FILE, committed
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {parse, stringify} from 'yaml'

const [mode, site, file, arg] = process.argv.slice(2)
const git = (...args) => execFileSync('git', args, {cwd: site, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024})
const status = () => git('status', '--porcelain=v2', '-z', '--untracked-files=all')
const abs = (rel) => path.resolve(site, rel)
const record = (rel) => parse(fs.readFileSync(abs(rel), 'utf8'))
const commit = (rel, message) => git('commit', '-q', '-m', message, '--include', '--', rel)

if (mode === 'status') {
  console.log(status().split('\0').filter(Boolean).length)
} else if (mode === 'show') {
  console.log(JSON.stringify(record(file)))
} else if (mode === 'changed') {
  status()
  console.log(Object.keys(record(file)).length)
} else if (mode === 'set') {
  status()
  const data = record(file)
  data.notes = arg
  fs.writeFileSync(abs(file), stringify(data))
  commit(file, 'floor: set notes')
} else if (mode === 'new') {
  status()
  const data = record(arg)
  data.id = path.basename(file, '.yaml')
  fs.writeFileSync(abs(file), stringify(data))
  git('update-index', '--add', '--', file)
  commit(file, 'floor: new record')
} else {
  console.error(`process-floor: unknown mode ${mode}`)
  process.exit(2)
}
