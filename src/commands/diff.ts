import {Args, Flags} from '../cli/oclif.js'
import {reviewRange, resolveRange} from '../core/review/site-review.js'
import {acceptedCodes} from '../core/review/accepted-findings.js'
import {readPolicyBase} from '../core/review/base-policy.js'
import {LeadCommand} from '../cli/lead-command.js'
import {diffJson, renderDiffMarkdown, renderDiffText} from '../cli/render/site-diff.js'

export default class Diff extends LeadCommand {
  static override summary = 'Show what changed in the records between two revisions, in meaning rather than lines.'
  static override description = `Compares the site's records at BASE and HEAD: each record added, removed, renamed or changed, with field-level changes (lists matched by their key — charge code, exclusion id, officer badge — not by position). Protocol changes come first, in the terms the field needs: divertible charges, exclusions, intake deadline, coverage hours, off-hours phone and pathways; a new protocol version is compared with the version it supersedes.

Default: HEAD against the working tree. BASE alone compares BASE with the working tree; BASE HEAD or BASE..HEAD compares two revisions; BASE...HEAD compares HEAD with the point where it branched from BASE (what a pull request changes). --staged compares with the index instead of the working tree.

The review rules run on every diff and come first: a change to the gate itself (a CI workflow, the site's package.json, package-lock.json or .npmrc, CODEOWNERS) is a GATE_CHANGED error; a change to lead.yaml's policy (rules:, privacy:, time zone) is a POLICY_CHANGED finding, an error when it loosens — the change is judged by BASE's policy, never by the one it brings; a protocol adopted, or whose effective range moves, names how many recorded referrals it re-judges, and re-judging any (or taking effect before the change) is PROTOCOL_RETROACTIVE; an adopted protocol whose charges, exclusions or deadlines changed in place (instead of in a new version), and any change to a superseded protocol, are errors. With --check, review errors make the exit status 1; --accept lets a maintainer accept GATE_CHANGED, POLICY_CHANGED or PROTOCOL_RETROACTIVE for one change.`

  static override examples = [
    {description: 'What you changed since the last commit', command: '<%= config.bin %> diff'},
    {description: 'What a branch changes, for a pull request', command: '<%= config.bin %> diff main...HEAD'},
    {description: 'The job summary of a GitHub Actions run', command: '<%= config.bin %> diff origin/main...HEAD --format markdown >> "$GITHUB_STEP_SUMMARY"'},
    {description: 'Fail when an adopted protocol was edited in place', command: '<%= config.bin %> diff main...HEAD --check'},
    {description: 'What is staged for the next commit', command: '<%= config.bin %> diff --staged'},
    {description: 'A policy change a maintainer reviewed and accepted', command: '<%= config.bin %> diff origin/main...HEAD --check --accept POLICY_CHANGED'},
  ]

  static override args = {
    base: Args.string({description: 'The revision to compare from (default HEAD); also BASE..HEAD or BASE...HEAD.', required: false}),
    head: Args.string({description: 'The revision to compare to (default: the working tree).', required: false}),
  }

  static override flags = {
    format: Flags.string({char: 'f', description: 'Output format.', options: ['text', 'markdown', 'json'], default: 'text'}),
    check: Flags.boolean({description: 'Exit 1 when the review rules find an error.'}),
    staged: Flags.boolean({description: 'Compare with the index (what is staged) instead of the working tree.', aliases: ['cached']}),
    cache: Flags.boolean({description: 'Reuse parse results of unchanged files (cached in .git/lead/).', default: true, allowNo: true}),
    'policy-from': Flags.string({description: 'Judge by the policy of this revision instead of BASE\'s (or the change\'s own where stricter).', helpValue: 'REV'}),
    accept: Flags.string({description: 'Review findings a maintainer accepted for this change: GATE_CHANGED, POLICY_CHANGED, PROTOCOL_RETROACTIVE (reported as warnings).', helpValue: 'CODE', multiple: true, delimiter: ',', env: 'LEAD_ACCEPT'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Diff)
    const format = flags.json ? 'json' : flags.format
    const site = this.openSite(flags.dir)
    const revs = [args.base, args.head].filter((r): r is string => r !== undefined)
    const accept = acceptedCodes(flags.accept)
    const range = await resolveRange(site.root, revs, {staged: flags.staged})
    const policyFrom = flags['policy-from'] === undefined ? undefined : await readPolicyBase(site.root, flags['policy-from'])
    const review = await reviewRange(site.root, range, {cache: flags.cache, accept, policyFrom})

    if (format === 'json') this.printJson(diffJson(review))
    else if (format === 'markdown') this.out(renderDiffMarkdown(review))
    else this.out(renderDiffText(review, {check: flags.check}))

    if (flags.check && review.review.some((d) => d.severity === 'error')) process.exitCode = 1
  }
}
