import {Args, Flags} from '../cli/oclif.js'
import {usageError} from '../core/errors.js'
import {isTimeZone, zoneAbbreviationNote} from '../core/clock/dates.js'
import {dateFlag} from '../cli/date-flag.js'
import {initSite, machineTimeZone, titleFromFolder} from '../core/site-init.js'
import {SLUG_PATTERN} from '../core/records/kinds.js'
import {loadSchema} from '../core/schemas/schema-registry.js'
import {parseLeadSource} from '../core/install/lead-source.js'
import {runningLead} from '../core/install/running-lead.js'
import {normalizePhone} from '../core/text/phone.js'
import {closest} from '../core/text/suggest.js'
import {canPrompt} from '../cli/interactive.js'
import {leadInvocation, pathFor, userCwd} from '../cli/invocation.js'
import {LeadCommand} from '../cli/lead-command.js'

const unique = (list: string[] | undefined) => (list ? [...new Set(list)] : undefined)
/** A CODEOWNERS owner: @user, @org/team (GitHub's name rules) or an e-mail address. */
const CODE_OWNER = /^(?:@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?|[^\s@]+@[^\s@/]+\.[^\s@/]+)$/

export default class Init extends LeadCommand {
  static override summary = 'Create a new site: a git repository with the folder layout, lead.yaml and CI wiring.'
  static override description = `Creates DIR (default: the current folder) with lead.yaml, one folder per record kind, the JSON Schemas in .lead/schemas/ (VS Code validates records as you type through .vscode/settings.json), a .gitignore for lead's local state, a GitHub Actions workflow that runs \`lead validate\` and a .github/CODEOWNERS naming who must approve changes to lead.yaml, protocols/, .github/ and the pinned lead (a commented template unless --code-owner is given), then makes one commit.

At a terminal lead asks for the site's name, jurisdiction, time zone and LEAD phone (flags given are not asked). The time zone is --timezone, else this machine's; lead prints which it used, since every referral time and deadline is computed in it.

The site pins lead like any other tool: package.json lists it as a devDependency (from --lead-source; by default where this lead came from: a registry version, a git URL with its commit, or a tarball), and the workflow installs it with npm ci — for a pull request, the lead its base branch pins. When the site pins the lead that is running, lead also writes package-lock.json (no network needed); otherwise run npm install once in the site and commit package-lock.json.

With --example the site holds the bundled fictional Harbor County example. It was written for the week of 2026-11-25; every date in it (and the IDs and file names that carry one) is moved forward by the same whole number of weeks to the week of --as-of (default: today), so it reads then as it did when written: weekdays stay, nothing is overdue that was not. --as-of 2026-11-27 (any day up to 2026-12-01) gives it as written, as the guides show it.

A folder that is not empty, or is already a site, is refused (exit 3) and nothing is written. If the first commit could not be made (git did not know who you are yet), the files stay: run \`lead init\` on the folder again to finish it.`

  static override examples = [
    {description: 'A new site; at a terminal lead asks for the rest', command: '<%= config.bin %> init harbor-lead'},
    {description: 'A new site without questions (scripts, CI)', command: "<%= config.bin %> init harbor-lead --name 'Harbor County LEAD' --jurisdiction 'Harbor County, WA' --timezone America/Los_Angeles --phone '(360) 555-0100'"},
    {description: 'A site with its police districts and catchment zones declared', command: '<%= config.bin %> init harbor-lead --name "Harbor County LEAD" --district D1 --district D2 --district North --catchment downtown'},
    {description: "A site filled with the bundled fictional example, to explore (its dates moved to today's week)", command: '<%= config.bin %> init demo --example'},
    {description: 'The example as of a given day (a script or test that needs the same records every day; 2026-11-27 gives it as written)', command: '<%= config.bin %> init demo --example --as-of 2026-11-27'},
    {description: 'A site whose policy, protocols and CI the PCG team must approve', command: '<%= config.bin %> init harbor-lead --code-owner @harbor-county/lead-pcg'},
    {description: "A site that installs lead from your organisation's release tarball", command: "<%= config.bin %> init harbor-lead --lead-source 'https://github.com/your-org/lead/releases/download/v0.1.0/lead-cli-0.1.0.tgz'"},
  ]

  static override args = {dir: Args.string({description: 'Folder to create the site in.', default: '.'})}
  static override flags = {
    example: Flags.boolean({description: "Fill the site with the bundled fictional example records, their dates moved forward by whole weeks so the site reads today as it did in the week it was written (2026-11-25 to 2026-12-01)."}),
    'as-of': Flags.string({description: "With --example: the day the example should read as of, YYYY-MM-DD (default: today in the site's time zone). Any day up to 2026-12-01 gives it as written."}),
    name: Flags.string({description: 'Site name, e.g. "Harbor County LEAD" (default: from the folder name).'}),
    jurisdiction: Flags.string({description: 'Jurisdiction, e.g. "Harbor County, WA".'}),
    'lead-source': Flags.string({description: "Where the site installs lead from: a version of your organisation's registry (0.1.0), a git URL with a commit, a tarball URL or file (default: where this lead came from).", helpValue: 'SPEC'}),
    timezone: Flags.string({description: "IANA time zone of the site (default: this machine's), e.g. America/Los_Angeles."}),
    district: Flags.string({description: 'A police district referrals may name (lead.yaml privacy.districts). Repeatable.', multiple: true}),
    catchment: Flags.string({description: 'A catchment zone id referrals may name (lead.yaml privacy.catchments). Repeatable.', multiple: true}),
    phone: Flags.string({description: 'The LEAD phone officers call, day and night, e.g. "(360) 555-0100" (lead.yaml referral_phone).'}),
    'code-owner': Flags.string({description: 'A GitHub user (@name), team (@org/team) or e-mail address that must approve changes to lead.yaml, protocols/, .github/ and the pinned lead, written to .github/CODEOWNERS. Repeatable (default: a commented template to fill in).', multiple: true, helpValue: 'OWNER'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Init)
    if (flags.timezone && !isTimeZone(flags.timezone)) {
      const guess = closest(flags.timezone, Intl.supportedValuesOf('timeZone'))
      throw usageError('BAD_TIMEZONE', `unknown time zone "${flags.timezone}"${zoneAbbreviationNote(flags.timezone)}${guess ? ` (did you mean "${guess}"?)` : ''}`, 'use an IANA name such as America/Los_Angeles or Europe/Berlin')
    }
    const district = new RegExp(((loadSchema('lead').$defs as Record<string, {pattern: string}>).district!).pattern, 'u')
    for (const d of flags.district ?? []) if (!district.test(d)) throw usageError('BAD_DISTRICT', `--district ${JSON.stringify(d)} is not a district name`, "letters, digits, spaces and . _ - ' characters, starting with a letter or digit, at most 64 (e.g. D1, North, O'Hare)")
    for (const c of flags.catchment ?? []) if (!SLUG_PATTERN.test(c)) throw usageError('BAD_CATCHMENT', `--catchment ${JSON.stringify(c)} is not a catchment id`, 'lowercase letters, digits and hyphens, e.g. downtown')
    const asOf = dateFlag('as-of', flags['as-of'])
    if (asOf !== undefined && !flags.example) throw usageError('AS_OF_WITHOUT_EXAMPLE', '--as-of says which day the example should read as of: it needs --example', 'lead init DIR --example --as-of YYYY-MM-DD, or drop --as-of (a new site has no dates to move)')
    const owners = [...new Set(flags['code-owner'] ?? [])]
    for (const owner of owners) {
      if (!CODE_OWNER.test(owner)) throw usageError('BAD_CODE_OWNER', `--code-owner ${JSON.stringify(owner)} is not a GitHub user, team or e-mail address`, 'e.g. @harbor-county/lead-pcg, @jdoe or pcg@harbor.example.org')
    }
    const running = runningLead()
    const source = flags['lead-source'] === undefined ? running.source : parseLeadSource(flags['lead-source'], running.name)
    if (!source) {
      throw usageError('NO_LEAD_SOURCE', `cannot tell where this lead (${running.root}) was installed from, so the site cannot pin it`, 'give --lead-source: a registry version (0.1.0), a git URL with a commit, or a tarball URL or file')
    }
    let settings = {name: flags.name, jurisdiction: flags.jurisdiction, timezone: flags.timezone, referralPhone: flags.phone === undefined ? undefined : normalizePhone(flags.phone)}
    if (!flags.example && canPrompt() && !this.jsonMode) {
      const {askSiteSettings} = await import('../cli/init-prompts.js')
      settings = {...settings, ...(await askSiteSettings(settings, {name: titleFromFolder(args.dir), timezone: machineTimeZone()}))}
    }
    const result = await initSite({dir: args.dir, example: flags.example, asOf, ...settings, districts: unique(flags.district), catchments: unique(flags.catchment), lead: {source, running}, codeOwners: owners})
    if (this.jsonMode) {
      this.printJson({ok: true, ...result})
      return
    }
    const cwd = userCwd()
    const lead = leadInvocation(cwd)
    const dir = pathFor(cwd, result.root)
    if (result.finished) {
      this.say(`Finished the site in ${result.root}: committed the ${result.files.length} files the first run left uncommitted (commit ${result.commit?.slice(0, 7)}).`)
    } else {
      this.say(`Created ${result.example ? 'the example site' : 'a new site'} in ${result.root} (${result.files.length} files, commit ${result.commit?.slice(0, 7)}).`)
      const moved = result.exampleDates
      if (moved) this.say(moved.weeks === 0 ? `The example's dates are as written (the week of ${moved.asWritten}).` : `The example's dates (and the IDs and file names that carry them) are moved forward ${moved.weeks} week${moved.weeks === 1 ? '' : 's'} from the week of ${moved.asWritten}, so it reads on ${moved.asOf} as it did then.`)
      const from = result.timezoneFrom === 'machine' ? " (this machine's)" : result.timezoneFrom === 'example' ? " (the example's)" : ''
      this.say(`Time zone: ${result.timezone}${from}. Referral times, deadlines and reports use it.`)
      if (result.timezoneFrom === 'machine') this.say(`  If the site keeps another zone (any IANA name, e.g. America/Chicago), change it now: ${lead} -C ${dir} config set site.timezone America/Chicago`)
      this.say(`lead is pinned in package.json as ${running.name}@${source.spec}${source.caveat ? ` (${source.caveat})` : ''}.`)
      if (!result.lockFile) this.say(`Next: cd ${dir} && npm install && git add package-lock.json && git commit -m 'Pin lead'    (CI installs lead from package-lock.json)`)
      if (owners.length === 0) this.say('Next, for reviews: name who must approve policy, protocol and CI changes in .github/CODEOWNERS, and protect the default branch (docs/guides/ci-reviewer.md, "Making the gate binding").')
    }
    this.say(`Next: ${lead} -C ${dir} validate    (a first site, step by step: docs/guides/first-site.md)`)
  }
}
