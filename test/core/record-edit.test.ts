import fs from 'node:fs'
import path from 'node:path'
import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'
import {parseAssignment, parseFieldPath} from '../../src/core/records/field-assignments.js'
import {editRecordText, newRecordText} from '../../src/core/records/record-edit.js'
import {loadSchema} from '../../src/core/schemas/schema-registry.js'
import {EXAMPLE_SITE, REPO_ROOT} from '../support/cli.js'
import {LeadError} from '../../src/core/errors.js'

const partner = loadSchema('partner')
const referral = loadSchema('referral')

const text = `# Harbor PD: our biggest referrer.

id: harbor-pd   # never change
name: Harbor Police Department
type: law_enforcement
contacts:
  - name: Lt. Renee Alvarado   # liaison
    phone: "+1-360-555-0142"
# trailing note
`

describe('editing a record in place', () => {
  it('changes one value and keeps comments, order and the rest byte for byte', () => {
    const out = editRecordText(text, [parseAssignment(partner, 'name=Harbor City PD')])
    expect(out.text).toBe(text.replace('name: Harbor Police Department', 'name: Harbor City PD'))
    expect(out.changed).toEqual(['name'])
  })
  it('keeps the comment on the changed line and quotes values a YAML 1.1 reader would mistype', () => {
    const out = editRecordText(text, [parseAssignment(partner, 'contacts[0].name=no'), parseAssignment(partner, 'notes=12:30')])
    // The changed line keeps its comment (yaml writes one space before it); other lines are untouched.
    expect(out.text).toContain('  - name: "no" # liaison')
    expect(out.text).toContain('id: harbor-pd   # never change')
    expect(out.text).toContain('notes: "12:30"')
    expect(parse(out.text).contacts[0].name).toBe('no')
  })
  it('appends to lists and adds nested maps', () => {
    const out = editRecordText(text, [parseAssignment(partner, 'contacts[].name=Sgt. Marcus Bell'), parseAssignment(partner, 'contacts[1].phone=0412')])
    const data = parse(out.text)
    expect(data.contacts[1]).toEqual({name: 'Sgt. Marcus Bell', phone: '0412'})
    expect(out.text).toContain('phone: "0412"')
    expect(out.text.startsWith('# Harbor PD: our biggest referrer.\n\nid: harbor-pd   # never change\n')).toBe(true)
  })
  it('removes fields and list items with unset', () => {
    const out = editRecordText(text, [], [parseFieldPath('contacts[0].phone')])
    expect(out.text).not.toContain('555-0142')
    expect(out.text).toContain('# trailing note')
    expect(editRecordText(text, [], [parseFieldPath('website')]).changed).toEqual([])
  })
  it('changes only the edited line of a record with hand-folded paragraphs', () => {
    const mou = fs.readFileSync(path.join(EXAMPLE_SITE, 'mous/2026-harbor-lead-mou.yaml'), 'utf8')
    const out = editRecordText(mou, [parseAssignment(loadSchema('mou'), 'status=expired')]).text
    const before = mou.split('\n')
    const after = out.split('\n')
    expect(after).toHaveLength(before.length)
    const differing = before.map((l, i) => (l === after[i] ? -1 : i)).filter((i) => i >= 0)
    expect(differing).toHaveLength(1)
    expect(after[differing[0]!]).toBe('status: expired')
  })
  it('edits every example record touching only the changed line', () => {
    const files: string[] = []
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, {withFileTypes: true})) {
        const p = path.join(d, e.name)
        if (e.isDirectory()) walk(p)
        else if (p.endsWith('.yaml') && !p.endsWith('lead.yaml')) files.push(p)
      }
    }
    walk(EXAMPLE_SITE)
    let identical = 0
    for (const f of files) {
      const t = fs.readFileSync(f, 'utf8')
      const out = editRecordText(t, [{text: 'id', steps: [{key: 'id'}], value: 'changed-id'}]).text
      const a = t.split('\n')
      const b = out.split('\n')
      if (a.length === b.length && a.filter((l, i) => l !== b[i]).length === 1) identical++
    }
    expect(identical).toBe(files.length)
  })
})

describe('a new record', () => {
  it('orders fields as the schema does and quotes ambiguous text', () => {
    const t = newRecordText(referral, {status: 'received', id: 'r-2026-11-27-abc123', referrer: {badge: '0412', agency: 'harbor-pd'}, received: '2026-11-27T06:42:00-08:00', participant: 'P-7K2D9Q', pathway: 'arrest_diversion', notes: 'no'}, 'header line')
    expect(t.split('\n').slice(0, 4)).toEqual(['# header line', '', 'id: r-2026-11-27-abc123', 'pathway: arrest_diversion'])
    expect(t).toContain('badge: "0412"')
    expect(t).toContain('received: "2026-11-27T06:42:00-08:00"')
    expect(t).toContain('notes: "no"')
    expect(t.indexOf('referrer')).toBeLessThan(t.indexOf('participant'))
  })
})

describe('splicing edits into hand-written files', () => {
  it('keeps every edit of every example record meaning what the edited document means', () => {
    const files: string[] = []
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, {withFileTypes: true})) {
        const p = path.join(d, e.name)
        if (e.isDirectory()) walk(p)
        else if (p.endsWith('.yaml') && !p.endsWith('lead.yaml')) files.push(p)
      }
    }
    walk(EXAMPLE_SITE)
    let checked = 0
    for (const f of files) {
      const t = fs.readFileSync(f, 'utf8')
      const data = parse(t) as Record<string, unknown>
      const keys = Object.keys(data)
      // Set the last field, add a new one, and drop the second: the edit reaches across the file.
      const edits = [
        {text: 'x', steps: [{key: keys[keys.length - 1]!}], value: 'changed value'},
        {text: 'y', steps: [{key: 'zz_added'}], value: {nested: ['a', 'no']}},
      ]
      const out = editRecordText(t, edits, [[{key: keys[1]!}]]).text
      const expected = {...data, [keys[keys.length - 1]!]: 'changed value', zz_added: {nested: ['a', 'no']}}
      delete (expected as Record<string, unknown>)[keys[1]!]
      expect(parse(out), f).toEqual(expected)
      expect(out.startsWith(t.split('\n')[0]!), f).toBe(true)
      checked++
    }
    expect(checked).toBe(files.length)
  })
})

describe('a file the yaml Document cannot take a field edit in', () => {
  const where = {file: 'referrals/2026/r-2026-11-03-k3f9q2.yaml', conceal: true}
  const codeOf = (t: string, assignments: string[], unsets: string[] = []): string => {
    try {
      editRecordText(t, assignments.map((a) => parseAssignment(referral, a)), unsets.map((u) => parseFieldPath(u, 'referral')), where)
      return 'ok'
    } catch (error) {
      // Anything but lead's own error reaches a person as INTERNAL, "a bug in lead".
      if (!(error instanceof LeadError)) throw new Error(`${JSON.stringify(t.slice(0, 60))}: ${(error as Error).message}`)
      return error.code
    }
  }

  it('every file of the YAML test suite and the invalid fixtures gives an edit or one of lead\'s errors, never the library\'s', () => {
    const dirs = [path.join(REPO_ROOT, 'fixtures', 'yaml-test-suite'), path.join(REPO_ROOT, 'fixtures', 'invalid')]
    const codes = new Set<string>()
    let files = 0
    for (const dir of dirs) {
      for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
        const t = fs.readFileSync(path.join(dir, name), 'utf8')
        for (const [assignments, unsets] of [[['notes=x'], []], [['handoff.method=phone', 'charges[]=RCW 9A.52.080'], ['quantity']]] as const) codes.add(codeOf(t, [...assignments], [...unsets]))
        files++
      }
    }
    expect(files).toBeGreaterThan(400)
    // The corpus reaches each refusal as well as plain edits.
    for (const code of ['ok', 'YAML_SYNTAX', 'NOT_A_RECORD', 'YAML_ANCHOR']) expect(codes).toContain(code)
  })

  it('a list or a lone value is NOT_A_RECORD at its position, with none of its text', () => {
    for (const t of ['- Marisol Quintanilla\n- b\n', 'Marisol Quintanilla\n']) {
      let caught: LeadError | undefined
      try {
        editRecordText(t, [parseAssignment(referral, 'notes=x')], [], where)
      } catch (error) {
        caught = error as LeadError
      }
      expect(caught).toBeInstanceOf(LeadError)
      expect(caught).toMatchObject({code: 'NOT_A_RECORD', exit: 2, pos: {file: where.file, line: 1, column: 1}})
      expect(`${caught!.message} ${caught!.hint}`).not.toMatch(/Marisol|Quintanilla/)
    }
  })

  it('an alias bomb is refused as lead validate refuses it (YAML_ANCHOR)', () => {
    expect(codeOf(fs.readFileSync(path.join(REPO_ROOT, 'fixtures', 'invalid', 'alias-bomb.yaml'), 'utf8'), ['handoff.method=phone'])).toBe('YAML_ANCHOR')
  })

  it('a field inside a value or a list is NOT_A_MAP; inside an empty field, the field becomes a map and keeps its comment', () => {
    expect(codeOf('id: x\nhandoff: phone\n', ['handoff.method=phone'])).toBe('NOT_A_MAP')
    expect(codeOf('id: x\nhandoff: [1]\n', ['handoff.method=phone'])).toBe('NOT_A_MAP')
    expect(editRecordText('id: x\nhandoff:\nnotes: y\n', [parseAssignment(referral, 'handoff.method=phone')]).text).toBe('id: x\nhandoff:\n  method: phone\nnotes: y\n')
    expect(editRecordText('id: x\nhandoff: ~ # later\n', [parseAssignment(referral, 'handoff.method=phone')]).text).toBe('id: x\nhandoff:\n  method: phone\n  # later\n')
  })
})
