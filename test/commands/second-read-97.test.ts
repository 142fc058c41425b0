/**
 * Second reader, helper-97: an attacker who wants a name, a birth date or any text typed into a
 * referral or consent to reach a log (the CI gate, --json, error messages, git history). Each test
 * is named for its attack and runs the built CLI against a temporary git repository.
 */
import fs from 'node:fs'
import path from 'node:path'
import {crc32} from 'node:zlib'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'
import {committedReferralSite} from '../support/referral-site.js'
import {EXAMPLE_DAY} from '../support/example-site.js'

afterAll(cleanupTemp)
const env = testEnv()
const REFERRAL = 'r-2026-11-03-k3f9q2'
const REFERRAL_FILE = `referrals/2026/${REFERRAL}.yaml`
/** Distinctive enough that any appearance is the leak. */
const SECRETS = /quennell|zavorski|1987-06-05/i

/** The referral with a name typed into a field, a free text and a key. */
function hostileReferral(root: string): string {
  return fs
    .readFileSync(path.join(root, REFERRAL_FILE), 'utf8')
    .replace('status: enrolled', 'status: Quennell Zavorski\nnotes: Quennell Zavorski DOB 1987-06-05\nQuennell Zavorski born 1987-06-05: yes')
}

describe('a referral saved into another kind\'s folder (its fields read as that kind\'s)', {timeout: 240_000}, () => {
  it.each(['partners', 'protocols', 'mous', 'rosters', 'trainings'])('in %s/: the CI gate prints none of its values, keys or lines', (folder) => {
    const root = exampleSite(env)
    fs.writeFileSync(path.join(root, folder, `${REFERRAL}.yaml`), hostileReferral(root))
    const runs = [
      ['validate', '--as-of', EXAMPLE_DAY],
      ['validate', '--as-of', EXAMPLE_DAY, '--json'],
      ['validate', '--as-of', EXAMPLE_DAY, '--format', 'github'],
      ['validate', '--as-of', EXAMPLE_DAY, '--format', 'junit'],
      ['validate', '--as-of', EXAMPLE_DAY, '--since', 'HEAD', '--format', 'github'],
    ]
    for (const args of runs) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, args.join(' ')).toBe(1)
      // It is reported (the file is no partner, protocol…), where it is.
      expect(r.stdout + r.stderr, args.join(' ')).toContain(`${folder}/${REFERRAL}.yaml`)
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(SECRETS)
    }
  })

  it.each(['partners', 'protocols'])('in %s/, added then changed: lead diff (the pull request\'s summary and --check) prints none of its values or keys', (folder) => {
    const root = exampleSite(env)
    const file = path.join(root, folder, `${REFERRAL}.yaml`)
    fs.writeFileSync(file, hostileReferral(root))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'a file saved in the wrong folder'], env)
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('status: Quennell Zavorski', 'status: Zavorski Quennell').replace('DOB', 'born'))
    git(root, ['commit', '-qam', 'and edited there'], env)
    for (const args of [['diff', 'HEAD~2', 'HEAD~1'], ['diff', 'HEAD~1', 'HEAD'], ['diff', 'HEAD~1', 'HEAD', '--format', 'markdown', '--check'], ['diff', 'HEAD~1', 'HEAD', '--json']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.stdout + r.stderr, args.join(' ')).toContain(REFERRAL)
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(SECRETS)
    }
  })
})

describe('a name typed into a path of another kind\'s folder', {timeout: 120_000}, () => {
  it('partners/Quennell Zavorski 1987-06-05.yaml (a referral saved by name) and a folder so named in protocols/: no output names them', () => {
    const root = exampleSite(env)
    fs.writeFileSync(path.join(root, 'partners', 'Quennell Zavorski 1987-06-05.yaml'), hostileReferral(root))
    fs.mkdirSync(path.join(root, 'protocols', 'Zavorski Quennell'))
    fs.writeFileSync(path.join(root, 'protocols', 'Zavorski Quennell', 'x.yaml'), hostileReferral(root))
    const runs = [['validate', '--as-of', EXAMPLE_DAY], ['validate', '--as-of', EXAMPLE_DAY, '--json'], ['validate', '--as-of', EXAMPLE_DAY, '--format', 'github'], ['validate', '--as-of', EXAMPLE_DAY, '--format', 'junit']]
    for (const args of runs) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stdout + r.stderr, args.join(' ')).toContain('partners/‹file name of 28 characters, not shown›.yaml')
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(SECRETS)
    }
    git(root, ['add', '-A'], env)
    for (const args of [['diff', '--staged'], ['diff', '--staged', '--format', 'markdown', '--check'], ['diff', '--staged', '--json']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.stdout + r.stderr, args.join(' ')).toContain('partners/‹file name of 28 characters, not shown›.yaml')
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(SECRETS)
    }
  })
})

describe('a commit message typed with a change to a referral or consent (git history is forever)', {timeout: 120_000}, () => {
  it.each([
    ['set', REFERRAL, 'status=enrolled', 'notes=called back'],
    ['set', 'c-2026-11-03-p8m2wd', 'revoked=2026-11-20'],
  ])('lead %s %s … -m "Called Quennell Zavorski …" is refused, unechoed, and nothing is written or committed', (...args) => {
    const root = exampleSite(env)
    const head = git(root, ['rev-parse', 'HEAD'], env)
    for (const commit of [[], ['--no-commit']]) {
      const r = runLead([...args, '-m', 'Called Quennell Zavorski at 360-555-0199, DOB 1987-06-05', ...commit], {cwd: root, env})
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/^error MESSAGE_HOLDS_IDENTIFIER the commit message looks like it holds a person's name/m)
      expect(r.stdout + r.stderr).not.toMatch(SECRETS)
      expect(r.stdout + r.stderr).not.toContain('555-0199')
      expect(git(root, ['rev-parse', 'HEAD'], env)).toBe(head)
      expect(git(root, ['status', '--porcelain'], env)).toBe('')
    }
    // A message about the change, not the person, is written as given.
    const ok = runLead([...args, '-m', 'Recorded the call back from the day centre'], {cwd: root, env})
    expect(ok.code, ok.stderr).toBe(0)
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe('Recorded the call back from the day centre')
  })

  it('a partner\'s change may name its staff in the message (no participant record is changed)', () => {
    const root = exampleSite(env)
    const r = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor Police', '-m', 'Renamed at Maria Lopez\'s request'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
  })
})

describe('a police records export the CSV reader cannot read', {timeout: 120_000}, () => {
  const HEADER = 'Report No,Arrest Date,Arrest Time,Offense,Beat,Badge,Age OK,Exclusions,Status,Notes'
  const ROW = 'RD-1,2026-03-09,10:00,TRESP,D1,0412,yes,none,received,'
  it.each([
    ['a quote inside a cell (the parser\'s error quotes the cell)', `${ROW}Quennell "Zavorski" 1987-06-05`, /a quote inside a cell that does not start with one/],
    ['text after a quoted cell\'s closing quote (the parser\'s error quotes a character of it)', `${ROW}"Z"avorski`, /text right after a quoted cell's closing quote/],
  ])('%s: one line at FILE:LINE, none of the cell', (_, row, what) => {
    const root = committedReferralSite(env)
    fs.writeFileSync(path.join(root, 'arrests.csv'), `${HEADER}\n${row}\n`)
    for (const json of [[], ['--json']]) {
      const r = runLead(['import', 'referrals', 'arrests.csv', '--set', 'pathway=arrest_diversion', '--set', 'referrer.agency=harbor-pd', '--value', 'charges:TRESP=RCW 2', ...json], {cwd: root, env})
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/^arrests\.csv:2:\d+: error CSV_SYNTAX arrests\.csv cannot be read as CSV/m)
      expect(r.stderr).toMatch(what)
      expect(r.stdout + r.stderr).not.toMatch(/quennell|zavorski|1987-06-05|"Z"|avorski/i)
    }
  })
})

/** A zip of these files, stored (no compression): enough of a workbook for the reader to open. */
function storedZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text)
    const nameBytes = Buffer.from(name)
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const entry = Buffer.alloc(46)
    entry.writeUInt32LE(0x02014b50, 0)
    entry.writeUInt16LE(20, 4)
    entry.writeUInt16LE(20, 6)
    entry.writeUInt32LE(crc, 16)
    entry.writeUInt32LE(data.length, 20)
    entry.writeUInt32LE(data.length, 24)
    entry.writeUInt16LE(nameBytes.length, 28)
    entry.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, data)
    central.push(entry, nameBytes)
    offset += 30 + nameBytes.length + data.length
  }
  const size = central.reduce((n, b) => n + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(files).length, 8)
  end.writeUInt16LE(Object.keys(files).length, 10)
  end.writeUInt32LE(size, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, ...central, end])
}

describe('an Excel export the workbook reader cannot read', {timeout: 120_000}, () => {
  it('a cell whose reference holds text (the reader\'s error repeats the cell\'s tag): one line, none of it', () => {
    const root = committedReferralSite(env)
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
    const rels = 'http://schemas.openxmlformats.org/package/2006/relationships'
    const officeRels = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
    fs.writeFileSync(
      path.join(root, 'arrests.xlsx'),
      storedZip({
        '[Content_Types].xml': `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
        '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="${rels}"><Relationship Id="rId1" Type="${officeRels}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
        'xl/workbook.xml': `<?xml version="1.0"?><workbook xmlns="${main}" xmlns:r="${officeRels}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="${rels}"><Relationship Id="rId1" Type="${officeRels}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
        'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><worksheet xmlns="${main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Report No</t></is></c></row><row r="2"><c r="Quennell Zavorski 1987-06-05" t="n"><v>1</v></c></row></sheetData></worksheet>`,
      }),
    )
    for (const json of [[], ['--json']]) {
      const r = runLead(['import', 'referrals', 'arrests.xlsx', '--set', 'pathway=arrest_diversion', ...json], {cwd: root, env})
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/^arrests\.xlsx: error XLSX_INVALID arrests\.xlsx cannot be read as an Excel workbook/m)
      expect(r.stdout + r.stderr).not.toMatch(SECRETS)
    }
  })
})
