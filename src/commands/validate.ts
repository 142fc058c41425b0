import {Args, Flags} from '../cli/oclif.js'
import path from 'node:path'
import {countBySeverity, countedFiles, involves, stateError, usageError} from '../core/errors.js'
import {siteRelative} from '../core/site.js'
import {shownSitePath} from '../core/privacy/file-names.js'
// The working tree's validation from site-findings.ts (through cli/everyday/validate.ts), which
// loads the validation engine only when its memo has no answer; --staged, --since and
// --policy-from load theirs when asked for.
import type {ValidationResult} from '../core/validate/site-validation.js'
import type {SinceResult} from '../core/review/incremental-validation.js'
import {acceptedCodes} from '../core/review/accepted-findings.js'
import {LeadCommand} from '../cli/lead-command.js'
import {printFindings, validateWorkingTree} from '../cli/everyday/validate.js'
import {fails, renderJson, renderJunit, summaryLine} from '../cli/render/diagnostics.js'
import {plural} from '../cli/render/words.js'
import {dateFlag} from '../cli/date-flag.js'

export default class Validate extends LeadCommand {
  static override summary = 'Check every record: YAML, schemas, IDs and references.'
  static override description = `Reports every problem with its file, line and column. Given PATHS, reports only the findings about those files, still resolving their references against the whole site: a finding that involves two files (two protocols in force at once, a training's badge missing from a roster, a referral's consent) shows whichever of them you name.

--staged checks exactly what is about to be committed: the files in the git index, not the working tree (the pre-commit hook of \`lead hooks install\` runs this). --since REV reports only the records changed since REV plus the records those changes broke, with the same findings a full run gives for them, and the review rules: a change to lead.yaml's policy, a protocol adopted or moved so that it re-judges recorded referrals, an adopted protocol edited in place, a superseded one changed.

With a base (--since REV, or --policy-from REV for a full run) the records are judged by the base's policy — lead.yaml's rules:, privacy: and time zone, or the change's own where stricter — so a change cannot loosen the rules that judge it; every policy difference is a POLICY_CHANGED finding (an error when it loosens). A change to the gate itself — a CI workflow, the site's package.json, package-lock.json or .npmrc (the lead CI installs), CODEOWNERS — is a GATE_CHANGED error, listed first. --accept lets a maintainer accept GATE_CHANGED, POLICY_CHANGED or PROTOCOL_RETROACTIVE for one change.

Exit status: 0 when there are no errors (warnings allowed unless --strict), 1 when there are errors (or, with --strict, warnings). --strict applies to every format alike: the summary line, JSON "ok", JUnit failures and GitHub annotation levels all count warnings as failures.`

  static override examples = [
    {description: 'Check the whole site', command: '<%= config.bin %> validate'},
    {description: 'Check two files', command: '<%= config.bin %> validate partners/harbor-pd.yaml referrals/2026/r-2026-11-03-k3f9q2.yaml'},
    {description: 'Annotate a pull request in GitHub Actions, every finding in the job summary', command: '<%= config.bin %> validate --format github --summary "$GITHUB_STEP_SUMMARY"'},
    {description: 'Check what is staged for the next commit (as the pre-commit hook does)', command: '<%= config.bin %> validate --staged'},
    {description: 'Check only what this branch changed, with the protocol review rules', command: '<%= config.bin %> validate --since origin/main'},
    {description: 'A JUnit report for a CI dashboard', command: '<%= config.bin %> validate --format junit > lead-report.xml'},
    {description: 'In a pull request: every record, judged by the policy of the branch it enters', command: '<%= config.bin %> validate --format github --policy-from "origin/$GITHUB_BASE_REF"'},
    {description: 'A policy change a maintainer accepted, proposed on its own', command: '<%= config.bin %> validate --since origin/main --accept POLICY_CHANGED'},
  ]

  static override strict = false
  static override args = {paths: Args.string({description: 'Files to report on (default: the whole site).', required: false})}

  static override flags = {
    format: Flags.string({char: 'f', description: 'Output format.', options: ['text', 'json', 'github', 'junit'], default: 'text'}),
    strict: Flags.boolean({description: 'Warnings fail the check too: in the exit status, the summary, JSON "ok", JUnit failures and GitHub annotations.'}),
    'max-errors': Flags.integer({description: 'Show at most N errors (all are still counted).', min: 1}),
    'as-of': Flags.string({description: 'Judge dates (overdue intakes, expiring MOUs) as of this date, YYYY-MM-DD.'}),
    cache: Flags.boolean({description: 'Reuse parse results of unchanged files (cached in .git/lead/).', default: true, allowNo: true}),
    staged: Flags.boolean({description: 'Validate the git index (what is about to be committed) instead of the working tree.'}),
    summary: Flags.string({description: 'Also append a Markdown summary of every finding (counts per code, errors and changed files first) to FILE, e.g. "$GITHUB_STEP_SUMMARY".', helpValue: 'FILE'}),
    since: Flags.string({description: 'Report only records changed since this git revision, and those the changes broke; judge them by its policy; apply the review rules.', helpValue: 'REV'}),
    'policy-from': Flags.string({description: 'Judge every record by the policy (lead.yaml rules:, privacy:, time zone) of this revision, or the site\'s own where stricter, and apply the review rules to what changed since it. With --since: take the policy from here instead.', helpValue: 'REV'}),
    accept: Flags.string({description: 'Review findings a maintainer accepted for this change: GATE_CHANGED, POLICY_CHANGED, PROTOCOL_RETROACTIVE (reported as warnings).', helpValue: 'CODE', multiple: true, delimiter: ',', env: 'LEAD_ACCEPT'}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Validate)
    const format = flags.json ? 'json' : flags.format
    dateFlag('as-of', flags['as-of'])
    const site = this.openSite(flags.dir)
    let only: Set<string> | undefined
    if (argv.length > 0) {
      only = new Set()
      for (const p of argv as string[]) {
        // With -C, paths are relative to that folder (as with git -C); otherwise to the current one.
        const rel = siteRelative(site, path.resolve(flags.dir ?? process.cwd(), p))
        if (!rel) throw usageError('OUTSIDE_SITE', `${p} is not inside the site at ${site.root}`, 'give paths of files inside the site')
        only.add(rel)
      }
    }
    const accept = acceptedCodes(flags.accept)
    let result: ValidationResult | SinceResult
    // A base (--since, or --policy-from for every file) judges by its policy, and reviews what changed since it.
    const base = flags.since ?? flags['policy-from']
    if (base !== undefined) {
      const [{readPolicyBase}, {validateSince}] = await Promise.all([import('../core/review/base-policy.js'), import('../core/review/incremental-validation.js')])
      const policyFrom = flags.since !== undefined && flags['policy-from'] !== undefined ? await readPolicyBase(site.root, flags['policy-from']) : undefined
      result = await validateSince(site.root, base, {staged: flags.staged, asOf: flags['as-of'], cache: flags.cache, policyFrom, accept, allFiles: flags.since === undefined})
    } else if (flags.staged) {
      const [{loadSnapshot}, {validateRecords}] = await Promise.all([import('../core/git/site-snapshot.js'), import('../core/validate/site-validation.js')])
      const staged = await loadSnapshot(site.root, {type: 'index'}, {cache: flags.cache, checkSchemas: true})
      if (!staged.hasConfig) throw stateError('NOT_A_SITE', 'lead.yaml is not in the index', 'stage it with git add lead.yaml (or commit without deleting it)')
      result = validateRecords(staged.site, staged.records, {only, asOf: flags['as-of']})
      staged.records.cache?.save() // with what validation learned (schema results)
    } else {
      result = await validateWorkingTree(site, {only, asOf: flags['as-of'], cache: flags.cache})
    }
    if (only && 'since' in result) {
      const keep = only
      // A gate or policy change is about every file: it is never filtered away.
      result.diagnostics = result.diagnostics.filter((d) => involves(d, keep) || d.code === 'POLICY_CHANGED' || d.code === 'GATE_CHANGED')
      Object.assign(result, countBySeverity(result.diagnostics))
      result.ok = result.errors === 0
      result.checkedFiles = result.checkedFiles.filter((f) => keep.has(f))
      result.files = countedFiles(result.checkedFiles, result.diagnostics)
    }
    if (only && !('since' in result)) {
      const known = new Set(result.checkedFiles)
      const missing = [...only].filter((f) => !known.has(f))
      if (missing.length > 0) throw usageError('NOT_A_RECORD_FILE', `${missing.join(', ')}: not a record file of this site`, 'give paths like partners/harbor-pd.yaml (see `lead schema list` for the folders)', {files: missing})
      result.checkedFiles = result.checkedFiles.filter((f) => only!.has(f))
      result.files = result.checkedFiles.length
    }

    if ('since' in result && format !== 'json') {
      const scope = flags.since === undefined ? 'every file, as a change' : result.configChanged ? 'lead.yaml changed, so every file' : `${plural(result.changedFiles.length, 'changed file')}${result.affectedFiles.length > 0 ? ` and ${plural(result.affectedFiles.length, 'file')} they affect` : ''}`
      this.say(`Checking ${scope} since ${result.since.rev} (${result.since.commit.slice(0, 7)})${flags.staged ? ' as staged' : ''}.`)
      const judgedBy = result.policy
      if (flags['policy-from'] !== undefined || judgedBy.changes.length > 0) this.say(`Judged by the policy of ${judgedBy.base}${judgedBy.changes.length > 0 ? `, or this site's where stricter (${plural(judgedBy.changes.length, 'policy setting')} changed)` : ''}.`)
    }
    const strict = flags.strict
    const changed = 'since' in result ? new Set(result.changedFiles) : undefined
    // Annotations and summaries need paths from the repository's top, not always the site's folder.
    const prefix = format === 'github' || flags.summary ? await repoPrefix(site.root) : ''
    if (format === 'json' && 'since' in result) {
      const [{policyJson}, {gateJson}] = await Promise.all([import('../core/review/base-policy.js'), import('../core/review/gate-change.js')])
      this.printJson({...(renderJson(result, {strict}) as object), since: result.since, changed_files: result.changedFiles.map(shownSitePath), affected_files: result.affectedFiles.map(shownSitePath), removed_files: result.removedFiles.map(shownSitePath), config_changed: result.configChanged, policy: policyJson(result.policy), gate: gateJson(result.gate)})
    }
    // The GitHub Actions renderers are loaded for their format or --summary alone (a CI job's).
    else if (format === 'github') this.out((await import('../cli/render/github-actions.js')).renderGithubAnnotations(result, summaryLine(result, strict), {prefix, changed, strict}))
    else if (format === 'junit') this.out(renderJunit(result, {strict}))
    else printFindings(result, format === 'json' ? 'json' : 'text', {maxErrors: flags['max-errors'], strict}, this.io)

    if (flags.summary) {
      const title = 'since' in result ? `lead validate: changes since ${result.since.rev}` : 'lead validate'
      const [{appendSummary}, {renderJobSummary}] = await Promise.all([import('../cli/job-summary.js'), import('../cli/render/github-actions.js')])
      appendSummary(flags.summary, renderJobSummary(result, title, {prefix, changed}))
    }

    if (fails(result, strict)) process.exitCode = 1
  }
}


async function repoPrefix(root: string): Promise<string> {
  const {SiteRepo} = await import('../core/git/site-repo.js')
  return new SiteRepo(root).prefix()
}
