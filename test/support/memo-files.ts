/**
 * A derived-results file (records/derived-memo.ts: checked lines, the cache version first, then
 * each result's key, a tab and its value) rewritten as lead would write it with each value changed:
 * what a stale result looks like, for tests that must see it computed again.
 */
import fs from 'node:fs'
import {checkedLine} from '../../src/core/records/checked-lines.js'

/** The sum and the space before each line's payload (checked-lines.ts). */
const SUM = 28

export function tamperMemos(file: string, change: (value: any) => void): void {
  const [head, ...memos] = fs.readFileSync(file, 'latin1').split('\n').slice(0, -1).map((line) => line.slice(SUM))
  const lines = memos.map((payload) => {
    const tab = payload.indexOf('\t')
    const value = JSON.parse(payload.slice(tab + 1)) as unknown
    change(value)
    return checkedLine(`${payload.slice(0, tab)}\t${JSON.stringify(value)}`)
  })
  fs.writeFileSync(file, Buffer.concat([checkedLine(head!), ...lines]))
}
