import {describe, expect, it} from 'vitest'
import {LeadError, type Diagnostic} from '../../src/core/errors.js'
import {findingHint, PathConcealer, shownSitePath} from '../../src/core/privacy/file-names.js'
import {shownDiagnostics, shownError} from '../../src/core/privacy/shown-findings.js'

const TYPED = ['Jane Doe', '1984-03-02', 'Maria Lopez', 'Bob Ray']
const noneTyped = (text: string) => {
  for (const t of TYPED) expect(text).not.toContain(t)
}

const finding = (file: string, message: string, extra: Partial<Diagnostic> = {}): Diagnostic => ({code: 'X', severity: 'error', file, line: 4, column: 1, message, ...extra})

describe('shownSitePath', () => {
  it('prints paths of legal IDs and of other folders as they are (the same string)', () => {
    for (const p of ['referrals/2026/r-2026-11-03-k3f9q2.yaml', 'consents/c-2025-06-10-5el0oe.yaml', 'meetings/2026/owg-2026-12-01.yaml', 'partners/harbor-pd.yaml', 'lead.yaml', 'referrals/', 'notes/Jane Doe.yaml', 'consents/.DS_Store', 'referrals/2026/Thumbs.db', 'consents/.gitkeep', 'referrals/.keep']) {
      expect(shownSitePath(p)).toBe(p)
    }
  })

  // Each path and how it is printed.
  const concealed = (cases: Array<[string, string]>) => {
    for (const [file, shown] of cases) expect(shownSitePath(file), file).toBe(shown)
  }

  it('conceals a typed file name of a participant folder, keeping the folder and the extension', () => {
    concealed([
      ['referrals/2026/Maria Lopez.yaml', 'referrals/2026/‹file name of 11 characters, not shown›.yaml'],
      ['consents/Jane Doe 1984-03-02.yaml', 'consents/‹file name of 19 characters, not shown›.yaml'],
      ['consents/Jane Doe 1984-03-02.yml', 'consents/‹file name of 19 characters, not shown›.yml'],
      ['meetings/2026/Jane Doe case.yaml', 'meetings/2026/‹file name of 13 characters, not shown›.yaml'],
    ])
  })

  it('conceals a file name of any record folder that is not a legal ID: a referral saved as a partner under a typed name', () => {
    concealed([
      ['partners/Harbor PD.yaml', 'partners/‹file name of 9 characters, not shown›.yaml'],
      ['partners/Jane Doe 1984-03-02.yaml', 'partners/‹file name of 19 characters, not shown›.yaml'],
      ['rosters/Maria Lopez.yml', 'rosters/‹file name of 11 characters, not shown›.yml'],
    ])
  })

  it('conceals an ID of the wrong kind, in the wrong case, or without an extension, and a folder that is not a year', () => {
    concealed([
      ['referrals/2026/c-2026-11-03-k3f9q2.yaml', 'referrals/2026/‹file name of 19 characters, not shown›.yaml'],
      ['consents/C-2025-06-10-5EL0OE.yaml', 'consents/‹file name of 19 characters, not shown›.yaml'],
      ['consents/Jane Doe', 'consents/‹file name of 8 characters, not shown›'],
      // An operating system's whole name is shown, not a name it was given with a pattern.
      ['consents/._Jane Doe.pdf', 'consents/‹file name of 14 characters, not shown›'],
      ['referrals/Bob Ray/r-2026-11-03-k3f9q2.yaml', 'referrals/‹folder name of 7 characters, not shown›/r-2026-11-03-k3f9q2.yaml'],
      // Four digits are a year only as a folder of a kind filed by year: as a file's name (a year
      // folder's own path cannot be told from one), or a folder of consents, they may end an SSN.
      ['consents/6789', 'consents/‹file name of 4 characters, not shown›'],
      ['referrals/2026/1984', 'referrals/2026/‹file name of 4 characters, not shown›'],
      ['referrals/4821', 'referrals/‹file name of 4 characters, not shown›'],
      ['consents/4821/c-2025-06-10-5el0oe.yaml', 'consents/‹folder name of 4 characters, not shown›/c-2025-06-10-5el0oe.yaml'],
    ])
  })

  it('says how to find a concealed file: the nearest folder printed whole', () => {
    expect(findingHint('referrals/2026/Maria Lopez.yaml')).toBe("the file's name is not shown: `git status referrals/2026` or `ls referrals/2026` lists it")
    expect(findingHint('referrals/Bob Ray/r-2026-11-03-k3f9q2.yaml')).toContain('`ls referrals`')
    expect(findingHint('referrals/2026/r-2026-11-03-k3f9q2.yaml')).toBeUndefined()
  })
})

describe('PathConcealer', () => {
  it('conceals a known path whole, as a file name, and as the ID alone in its own findings only', () => {
    const c = new PathConcealer(['referrals/2026/Maria Lopez.yaml', 'referrals/2026/r-2026-11-03-k3f9q2.yaml'])
    const mask = '‹file name of 11 characters, not shown›'
    expect(c.text('see referrals/2026/Maria Lopez.yaml:4:1')).toBe(`see referrals/2026/${mask}.yaml:4:1`)
    expect(c.text('the file name "Maria Lopez.yaml"')).toBe(`the file name "${mask}.yaml"`)
    expect(c.text('referral Maria Lopez is also defined', ['referrals/2026/Maria Lopez.yaml'])).toBe(`referral ${mask} is also defined`)
    // Elsewhere a name alone is likely a word of lead's: left (a file named `new.yaml` must not garble `lead new`).
    expect(new PathConcealer(['referrals/2026/new.yaml']).text('run lead new referral')).toBe('run lead new referral')
    expect(new PathConcealer(['referrals/2026/new.yaml']).text('run lead new referral', ['referrals/2026/new.yaml'])).toBe('run lead ‹file name of 3 characters, not shown› referral')
  })

  it('conceals a participant path a text mentions without knowing it, and leaves legal ones and sentences about folders', () => {
    const c = new PathConcealer([])
    expect(c.text("ENOENT: open '/srv/site/consents/Jane Doe 1984-03-02.yaml'")).toBe("ENOENT: open '/srv/site/consents/‹file name of 19 characters, not shown›.yaml'")
    expect(c.text('referrals/2026/r-2026-11-03-k3f9q2.yaml and referrals/2026/Maria Lopez.yaml differ')).toBe('referrals/2026/r-2026-11-03-k3f9q2.yaml and referrals/2026/‹file name of 11 characters, not shown›.yaml differ')
    for (const t of ['referrals belong in referrals/<year>/<id>.yaml', 'r-2026-01-05-abcdef belongs in referrals/2026/, not referrals/2025/', 'consents belong directly in consents/', 'git mv referrals/2025/r-2026-01-05-abcdef.yaml referrals/2026/r-2026-01-05-abcdef.yaml']) {
      expect(c.text(t)).toBe(t)
    }
  })

  it('never conceals a mask again', () => {
    const c = new PathConcealer(['consents/shown.yaml'])
    const once = c.text('consents/shown.yaml and consents/Jane Doe.yaml')
    expect(once).toBe('consents/‹file name of 5 characters, not shown›.yaml and consents/‹file name of 8 characters, not shown›.yaml')
    expect(c.text(once)).toBe(once)
  })
})

describe('shownDiagnostics', () => {
  it('returns the same list when no path is concealed', () => {
    const ds = [finding('referrals/2026/r-2026-11-03-k3f9q2.yaml', 'referral r-2026-11-03-k3f9q2 is fine'), finding('partners/harbor-pd.yaml', 'x')]
    expect(shownDiagnostics(ds)).toBe(ds)
  })

  it('conceals the file, message, hint, excerpt and related files of every finding', () => {
    const ds = [
      finding('consents/Jane Doe 1984-03-02.yaml', 'id "c-2025-06-10-5el0oe" does not match the file name "Jane Doe 1984-03-02.yaml"', {hint: 'set id: Jane Doe 1984-03-02', excerpt: 'id: Jane Doe 1984-03-02'}),
      finding('referrals/2026/r-2026-11-03-k3f9q2.yaml', 'same file as referrals/2026/Maria Lopez.yaml', {related: ['referrals/2026/Maria Lopez.yaml']}),
      finding('referrals/2026/Maria Lopez.yaml', 'referral Maria Lopez is also in referrals/2025/Maria Lopez.yaml'),
      finding('referrals/Bob Ray/r-2026-11-03-k3f9q2.yaml', 'YAML file in the wrong place: referrals/Bob Ray is not a year folder'),
    ]
    const shown = shownDiagnostics(ds)
    noneTyped(JSON.stringify(shown))
    expect(shown[0]!.file).toBe('consents/‹file name of 19 characters, not shown›.yaml')
    expect(shown[1]!.related).toEqual(['referrals/2026/‹file name of 11 characters, not shown›.yaml'])
    expect(shown[3]!.message).toBe('YAML file in the wrong place: referrals/‹folder name of 7 characters, not shown› is not a year folder')
    expect(ds[0]!.file).toBe('consents/Jane Doe 1984-03-02.yaml') // the findings themselves are left as they are
  })
})

describe('shownError', () => {
  it('conceals the position, message, hint and details of a refusal, and says how to find the file', () => {
    const error = new LeadError('COMMIT_INVALID', 'the working tree differs from HEAD in 2 other files (consents/Jane Doe 1984-03-02.yaml, consents/c-2026-12-01-abcdef.yaml)', {
      hint: 'referrals/2026/r-2026-11-03-k3f9q2.yaml:9:10: CONSENT_MISSING …',
      pos: {file: 'referrals/2026/Maria Lopez.yaml', line: 2, column: 3},
      details: {uncommitted: ['consents/Jane Doe 1984-03-02.yaml', 'consents/c-2026-12-01-abcdef.yaml'], diagnostics: [{file: 'referrals/2026/Maria Lopez.yaml', message: 'referral Maria Lopez'}]},
    })
    const shown = shownError(error)
    noneTyped(JSON.stringify({m: shown.message, h: shown.hint, p: shown.pos, d: shown.details}))
    expect(shown.code).toBe('COMMIT_INVALID')
    expect(shown.pos).toEqual({file: 'referrals/2026/‹file name of 11 characters, not shown›.yaml', line: 2, column: 3})
    expect(shown.hint).toContain('`ls referrals/2026`')
    expect((shown.details as {uncommitted: string[]}).uncommitted[1]).toBe('consents/c-2026-12-01-abcdef.yaml')
  })

  it('takes a message that starts with a path for no path (a refusal of a case collision)', () => {
    const message = 'referrals/2026/R-2026-12-02-ABCDEF.yaml and referrals/2026/r-2026-12-02-abcdef.yaml are the same file on macOS and Windows'
    const error = new LeadError('INVALID_CHANGE', 'the change was not written: it would leave 1 error', {
      hint: `referrals/2026/r-2026-12-02-abcdef.yaml:3:1: CASE_COLLISION ${message}`,
      details: {diagnostics: [{file: 'referrals/2026/r-2026-12-02-abcdef.yaml', message}]},
    })
    const shown = shownError(error)
    const said = 'referrals/2026/‹file name of 19 characters, not shown›.yaml and referrals/2026/r-2026-12-02-abcdef.yaml are the same file on macOS and Windows'
    expect(shown.hint).toBe(`referrals/2026/r-2026-12-02-abcdef.yaml:3:1: CASE_COLLISION ${said}`)
    expect((shown.details as {diagnostics: Array<{message: string}>}).diagnostics[0]!.message).toBe(said)
  })

  it('conceals the ID a path it mentions implies (the record named by its file name)', () => {
    const shown = shownError(new LeadError('BAD_PATH', 'refusing to write referrals/2026/Maria Lopez.yaml: not the file of referral Maria Lopez'))
    expect(shown.message).toBe('refusing to write referrals/2026/‹file name of 11 characters, not shown›.yaml: not the file of referral ‹file name of 11 characters, not shown›')
  })

  it('returns the error itself when it names no concealed path', () => {
    const error = new LeadError('NOT_FOUND', 'no referral r-2026-11-03-k3f9q2 (referrals/2026/r-2026-11-03-k3f9q2.yaml)', {details: {files: ['partners/a.yaml']}})
    expect(shownError(error)).toBe(error)
  })
})
