import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {commentsOf, lexedComments} from '../../src/core/records/yaml-comments.js'
import {parseRecordText} from '../../src/core/records/record-parse.js'
import {libraryText, newRecordText} from '../../src/core/records/record-edit.js'
import {MEETING_HEADER, PARTICIPANT_HEADER} from '../../src/core/records/record-headers.js'
import {loadSchema} from '../../src/core/schemas/schema-registry.js'
import {scanComments} from '../../src/core/privacy/record-scan.js'

describe('a record text\'s comments', () => {
  it('are told from a # inside a quoted, plain or block scalar, and placed at their #', () => {
    const text = [
      'id: r-2026-11-30-abc123',
      'notes: "room #4, not a comment"',
      'handoff: {case_manager: a#b} # after a flow map',
      'evidence: |',
      '  # inside a block scalar',
      '  more',
      '# Maria Lopez 555-0134',
      'charges: [A, # in a flow list',
      '  B]',
      '',
    ].join('\n')
    expect(commentsOf(text)).toEqual([
      {line: 3, column: 30, text: ' after a flow map'},
      {line: 7, column: 1, text: ' Maria Lopez 555-0134'},
      {line: 8, column: 14, text: ' in a flow list'},
    ])
    for (const c of commentsOf(text)!) expect(text.split('\n')[c.line - 1]!.slice(c.column - 1)).toBe(`#${c.text}`)
    expect(commentsOf('id: r-1\nnotes: none\n')).toBeUndefined()
    expect(commentsOf('id: pcg-2026-02-11\nconcerns: pcg-2026-02-11#1\n')).toBeUndefined()
  })

  it('come with a participant record\'s parse, whichever way it is read, and only a participant record\'s', () => {
    const text = 'id: r-2026-11-30-abc123\n# called 555-0134\nnotes: x\n'
    for (const shortcuts of ['default', 'never'] as const) {
      expect(parseRecordText('r.yaml', text, {conceal: true, shortcuts}).comments).toEqual([{line: 2, column: 1, text: ' called 555-0134'}])
      expect(parseRecordText('r.yaml', text, {shortcuts}).comments).toBeUndefined()
    }
    // No value read: the privacy rule scans such a text line by line instead.
    expect(parseRecordText('r.yaml', 'a: [\n# 555-0134\n', {conceal: true}).comments).toBeUndefined()
  })

  it('leave out lead\'s own header, which every record lead makes opens with: its cache entry stays a short code', () => {
    for (const header of [PARTICIPANT_HEADER, MEETING_HEADER]) {
      // Fixed text: nothing to find in it, whatever the site allows.
      expect(scanComments([{line: 1, column: 1, text: ` ${header}`}])).toEqual([])
      const data = {id: 'r-2026-11-30-abc123', participant: 'P-3KB6VQ', notes: 'a: b'}
      for (const text of [newRecordText(loadSchema('referral'), data, header), libraryText(data, header)]) {
        expect(text.startsWith(`# ${header}\n`), text).toBe(true)
        expect(parseRecordText('r.yaml', text, {conceal: true}).comments).toBeUndefined()
        // Any other comment is kept.
        expect(parseRecordText('r.yaml', `${text}# 555-0134\n`, {conceal: true}).comments).toEqual([{line: text.split('\n').length, column: 1, text: ' 555-0134'}])
      }
    }
  })

  it('are placed where every input of the YAML test suite and every example record holds them, read without the lexer as with it', () => {
    const corpus = path.join(import.meta.dirname, '../../fixtures/yaml-test-suite')
    const example = path.join(import.meta.dirname, '../../fixtures/example-site')
    const files = [corpus, example].flatMap((dir) => fs.readdirSync(dir, {recursive: true}).map((name) => path.join(dir, String(name)))).filter((f) => /\.ya?ml$/.test(f) && fs.statSync(f).isFile())
    let checked = 0
    let header = 0
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8')
      const lines = text.split('\n')
      const found = commentsOf(text)
      const lexed = lexedComments(text)
      expect(found ?? [], file).toEqual(lexed)
      for (const c of found ?? []) {
        expect(lines[c.line - 1]!.slice(c.column - 1), file).toBe(`#${c.text}`)
        checked++
      }
      if (found && !/(?:^|[^\p{L}\p{N}_-])#/mu.test(text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n'))) header++
    }
    expect(checked).toBeGreaterThan(200)
    // The header-only way is taken (lead's templates): it must agree with the lexer there too.
    expect(header).toBeGreaterThan(20)
  })
})

describe('the comments a cache entry keeps', () => {
  it('are those the scan may find something in under some allowance: a site\'s template header is not kept', async () => {
    const {keptComments} = await import('../../src/core/records/kept-comments.js')
    // The scan sets the test when it is loaded (validation always loads it).
    await import('../../src/core/privacy/record-scan.js')
    const header = {line: 1, column: 1, text: ' A referral made from the Harbor intake form, reviewed monthly.'}
    const phone = {line: 9, column: 1, text: ' called back on 555-0134'}
    const staff = {line: 10, column: 1, text: ' handed to Marisol Vega'}
    expect(keptComments([header])).toBeUndefined()
    // A staff name passes only under the site's allowance, so it is kept for the scan to judge.
    expect(keptComments([header, phone, staff])).toEqual([phone, staff])
    expect(keptComments(undefined)).toBeUndefined()
  })
})
