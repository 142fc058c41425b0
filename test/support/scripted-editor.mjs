// A stand-in for $EDITOR in tests: edits the file it is given as EDIT_MODE says, and logs each
// buffer it was shown to EDIT_LOG (one JSON line per round) so tests can check what the user saw.
import fs from 'node:fs'

const file = process.argv[2]
const mode = process.env.EDIT_MODE
const log = process.env.EDIT_LOG
const text = fs.readFileSync(file, 'utf8')
const round = log && fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length + 1 : 1
if (log) fs.appendFileSync(log, `${JSON.stringify(text)}\n`)

let out = text
if (mode === 'rename') out = text.replace(/^name: .*$/m, 'name: Harbor City Police Department')
else if (mode === 'invalid-then-fix') out = round === 1 ? text.replace(/^type: .*$/m, 'type: polise  # my note') : text.replace('type: polise', 'type: law_enforcement')
else if (mode === 'invalid-then-unchanged') out = round === 1 ? text.replace(/^type: .*$/m, 'type: polise  # my note') : text
else if (mode === 'rename-while-locked') {
  // Another lead command starts writing while the user is in the editor.
  out = text.replace(/^name: .*$/m, 'name: Renamed While Locked')
  fs.writeFileSync(process.env.LOCK_FILE, JSON.stringify({pid: Number(process.env.LOCK_PID), host: (await import('node:os')).hostname(), since: new Date().toISOString()}))
} else if (mode === 'empty') out = '# nothing left\n'
else if (mode === 'unchanged') out = text
fs.writeFileSync(file, out)
