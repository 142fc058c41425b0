// The runs lead's chunks are cut for (scripts/bundle.mjs): the everyday lines, each with the files
// of lead's it loads by path (bin/run.js, oclif) or by `import()`, as tsc writes them in dist/.
// Their static imports are found by the bundler; what is listed here is what the code decides
// while it runs (a memo found or not, the line bin/run.js gives to oclif).
//
// The build puts modules that these runs load alike (every run that loads one loads the others)
// into one chunk, and checks that each run then loads exactly the modules it loaded unbundled: a
// warm `lead status` loads ~10 files where it loaded ~50 modules, and never the validation engine.
// A list here that no longer says what its run loads costs speed, not correctness;
// test/commands/bundle.test.ts runs each line on the example site and fails until it is fixed.
//
// `site`: the state of the example site the line runs on — `warm` (run once before), `cold` (no
// parse cache), `changed` (warm, then one referral edited), `written` (warm, then one referral
// changed by `lead set`: the validation of the new state remembered, so no rule is loaded); none:
// run outside a site. `{referral}`
// in a line is the ID of one of its referrals, `{file}` a file holding that referral without its id.

/** What bin/run.js loads for every line. */
const START = ['cli/global-flags.js', 'cli/git-prefetch.js', 'cli/early-start.js']
/** A line bin/run.js gives to oclif (cli/fast-start.ts). */
const OCLIF = [...START, 'cli/fast-start.js']
/** A run over a site: its output, git's answer (started by bin/run.js) and the cache's files. */
const SITE = ['cli/output.js', 'core/records/git-file-state.js', 'core/records/cache-files.js']
/** Reading the records (no memo answered). */
const READ = ['core/records/load.js']
const VALIDATION = ['core/validate/site-validation.js']
/** Listing the site from the last validation's basis (derived/site-loader.ts), when status is computed. */
const BASIS = ['core/validate/delta-basis.js']

export const RUNS = [
  {name: 'version', line: ['--version'], loads: OCLIF},
  {name: 'help', line: ['--help'], loads: [...OCLIF, 'cli/help.js']},
  {name: 'status', line: ['status'], site: 'warm', loads: [...START, ...SITE, 'cli/everyday/status.js']},
  {name: 'status-cold', line: ['status'], site: 'cold', loads: [...START, ...SITE, 'cli/everyday/status.js', ...READ, ...BASIS, 'core/referrals/site-data.js', 'core/referrals/status-of-site.js', ...VALIDATION]},
  // Right after a write: the status before it carried through the write's note (referrals/status-carry.ts), the validation's counts from its memo (no record, rule or privacy scan loaded).
  {name: 'status-written', line: ['status'], site: 'written', loads: [...START, ...SITE, 'cli/everyday/status.js', 'core/referrals/status-carry.js']},
  {name: 'validate', line: ['validate'], site: 'warm', loads: [...START, ...SITE, 'cli/everyday/validate.js']},
  {name: 'validate-cold', line: ['validate'], site: 'cold', loads: [...START, ...SITE, 'cli/everyday/validate.js', ...READ, ...VALIDATION]},
  {name: 'validate-changed', line: ['validate'], site: 'changed', loads: [...START, ...SITE, 'cli/everyday/validate.js', ...READ, ...VALIDATION]},
  {name: 'list', line: ['list', 'referral', '--limit', '5'], site: 'warm', loads: [...START, ...SITE, 'cli/everyday/list.js']},
  {name: 'list-cold', line: ['list', 'referral', '--limit', '5'], site: 'cold', loads: [...START, ...SITE, 'cli/everyday/list.js', ...READ]},
  {name: 'report', line: ['report', 'referrals', '--by', 'hour'], site: 'warm', loads: [...START, ...SITE, 'cli/everyday/report-referrals.js']},
  {name: 'report-cold', line: ['report', 'referrals', '--by', 'hour'], site: 'cold', loads: [...START, ...SITE, 'cli/everyday/report-referrals.js', ...READ, 'core/referrals/site-data.js', 'core/referrals/volume.js', 'core/referrals/volume-facts.js']},
  {name: 'set', line: ['set', '{referral}', 'notes=called back'], site: 'warm', loads: [...START, ...SITE, 'cli/early-set.js', 'cli/everyday/set.js', ...READ, ...VALIDATION, 'core/records/site-lock.js', 'core/git/site-repo.js']},
  // A referral entered whole from a file (`{file}`: the example site's first referral of 2026 with its id left out).
  {name: 'new', line: ['new', 'referral', '--file', '{file}'], site: 'warm', loads: [...START, ...SITE, 'cli/early-new.js', 'cli/everyday/new.js', ...READ, ...VALIDATION, 'core/records/site-lock.js', 'core/git/site-repo.js']},
  // A thread of a cold read of many records (records/load.ts), a module graph of its own.
  {name: 'parse-worker', loads: ['core/records/parse-worker.js']},
]
