/**
 * What an operating system or an editor leaves beside records: each as the .gitignore line that
 * ignores it (lead init's .gitignore has them all: site-layout.ts) and a test of a file's name.
 * PII_UNCHECKED_FILE's hint names the line a site made before it was there still lacks
 * (site-files.ts), and a name that is one of them exactly, never typed by a person, is printed
 * as it is (privacy/file-names.ts). Imports nothing: every error's output may load it.
 */
/**
 * The temporary file lead writes a record to before renaming it into place (atomic-write.ts):
 * there for a moment, unless the write was cut off (a crash, a power cut), when it holds the
 * record's new text under a hidden name, which `git add -A` would take.
 */
export const LEAD_TEMP = /^\..+\.[0-9a-f]{12}\.tmp$/

export const LEFT_BESIDE_RECORDS: ReadonlyArray<{line: string; matches: (name: string) => boolean; by?: string}> = [
  {line: '.*.tmp', matches: (n) => LEAD_TEMP.test(n), by: 'a lead write that was cut off (a crash, a power cut)'},
  {line: '.DS_Store', matches: (n) => n === '.DS_Store'},
  {line: '._*', matches: (n) => n.startsWith('._')},
  {line: 'Thumbs.db', matches: (n) => n === 'Thumbs.db'},
  {line: 'desktop.ini', matches: (n) => n === 'desktop.ini'},
  {line: '*~', matches: (n) => n.endsWith('~')},
  {line: '\\#*#', matches: (n) => n.length > 1 && n.startsWith('#') && n.endsWith('#')},
  {line: '.#*', matches: (n) => n.startsWith('.#')},
  {line: '*.swp', matches: (n) => n.endsWith('.swp')},
  {line: '*.orig', matches: (n) => n.endsWith('.orig')},
]

/** The file names of that list that are whole names, not patterns (.DS_Store, Thumbs.db). */
export const FIXED_NAMES_LEFT_BESIDE: ReadonlySet<string> = new Set(LEFT_BESIDE_RECORDS.map((l) => l.line).filter((l) => !/[*?[\\]/.test(l)))
