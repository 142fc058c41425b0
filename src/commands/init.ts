import {Args, Flags} from '@oclif/core'
import {usageError} from '../core/errors.js'
import {isTimeZone} from '../core/clock/dates.js'
import {initSite} from '../core/site-init.js'
import {LeadCommand} from '../cli/lead-command.js'
import {shellQuote} from '../core/git/site-repo.js'
import {SLUG_PATTERN} from '../core/records/kinds.js'
import {loadSchema} from '../core/schemas/schema-registry.js'
import {parseLeadSource} from '../core/install/lead-source.js'
import {runningLead} from '../core/install/running-lead.js'

const unique = (list: string[] | undefined) => (list ? [...new Set(list)] : undefined)
/** A CODEOWNERS owner: @user, @org/team (GitHub's name rules) or an e-mail address. */
const CODE_OWNER = /^(?:@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?|[^\s@]+@[^\s@/]+\.[^\s@/]+)$/

export default class Init extends LeadCommand {
  static override summary = 'Create a new site: a git repository with the folder layout, lead.yaml and CI wiring.'
  static override description = `Creates DIR (default: the current folder) with lead.yaml, one folder per record kind, the JSON Schemas in .lead/schemas/ (VS Code validates records as you type through .vscode/settings.json), a .gitignore for lead's local state, a GitHub Actions workflow that runs \`lead validate\` and a .github/CODEOWNERS naming who must approve changes to lead.yaml, protocols/, .github/ and the pinned lead (a commented template unless --code-owner is given), then makes one commit.

The site pins lead like any other tool: package.json lists it as a devDependency (from --lead-source; by default where this lead came from: a registry version, a git URL with its commit, or a tarball), and the workflow installs it with npm ci — for a pull request, the lead its base branch pins. When the site pins the lead that is running, lead also writes package-lock.json (no network needed); otherwise run npm install once in the site and commit package-lock.json.

A folder that is not empty, or is already a site, is refused (exit 3) and nothing is written.`

  static override examples = [
    {description: 'A new, empty site', command: '<%= config.bin %> init harbor-lead --name "Harbor County LEAD" --timezone America/Los_Angeles'},
    {description: 'A site with its police districts and catchment zones declared', command: '<%= config.bin %> init harbor-lead --name "Harbor County LEAD" --district D1 --district D2 --district North --catchment downtown'},
    {description: 'A site filled with the bundled fictional example, to explore', command: '<%= config.bin %> init demo --example'},
    {description: 'A site whose policy, protocols and CI the PCG team must approve', command: '<%= config.bin %> init harbor-lead --code-owner @harbor-county/lead-pcg'},
    {description: "A site that installs lead from your organisation's release tarball", command: '<%= config.bin %> init harbor-lead --lead-source "https://github.com/your-org/lead/releases/download/v0.1.0/lead-cli-0.1.0.tgz"'},
  ]

  static override args = {dir: Args.string({description: 'Folder to create the site in.', default: '.'})}
  static override flags = {
    example: Flags.boolean({description: 'Fill the site with the bundled fictional example records.'}),
    name: Flags.string({description: 'Site name, e.g. "Harbor County LEAD" (default: from the folder name).'}),
    jurisdiction: Flags.string({description: 'Jurisdiction, e.g. "Harbor County, WA".'}),
    'lead-source': Flags.string({description: "Where the site installs lead from: a version of your organisation's registry (0.1.0), a git URL with a commit, a tarball URL or file (default: where this lead came from).", helpValue: 'SPEC'}),
    timezone: Flags.string({description: "IANA time zone of the site (default: this machine's), e.g. America/Los_Angeles."}),
    district: Flags.string({description: 'A police district referrals may name (lead.yaml privacy.districts). Repeatable.', multiple: true}),
    catchment: Flags.string({description: 'A catchment zone id referrals may name (lead.yaml privacy.catchments). Repeatable.', multiple: true}),
    'code-owner': Flags.string({description: 'A GitHub user (@name), team (@org/team) or e-mail address that must approve changes to lead.yaml, protocols/, .github/ and the pinned lead, written to .github/CODEOWNERS. Repeatable (default: a commented template to fill in).', multiple: true, helpValue: 'OWNER'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Init)
    if (flags.timezone && !isTimeZone(flags.timezone)) {
      throw usageError('BAD_TIMEZONE', `unknown time zone "${flags.timezone}"`, 'use an IANA name such as America/Los_Angeles or Europe/Berlin')
    }
    const district = new RegExp(((loadSchema('lead').$defs as Record<string, {pattern: string}>).district!).pattern, 'u')
    for (const d of flags.district ?? []) if (!district.test(d)) throw usageError('BAD_DISTRICT', `--district ${JSON.stringify(d)} is not a district name`, "letters, digits, spaces and . _ - ' characters, starting with a letter or digit, at most 64 (e.g. D1, North, O'Hare)")
    for (const c of flags.catchment ?? []) if (!SLUG_PATTERN.test(c)) throw usageError('BAD_CATCHMENT', `--catchment ${JSON.stringify(c)} is not a catchment id`, 'lowercase letters, digits and hyphens, e.g. downtown')
    const owners = [...new Set(flags['code-owner'] ?? [])]
    for (const owner of owners) {
      if (!CODE_OWNER.test(owner)) throw usageError('BAD_CODE_OWNER', `--code-owner ${JSON.stringify(owner)} is not a GitHub user, team or e-mail address`, 'e.g. @harbor-county/lead-pcg, @jdoe or pcg@harbor.example.org')
    }
    const running = runningLead()
    const source = flags['lead-source'] === undefined ? running.source : parseLeadSource(flags['lead-source'], running.name)
    if (!source) {
      throw usageError('NO_LEAD_SOURCE', `cannot tell where this lead (${running.root}) was installed from, so the site cannot pin it`, 'give --lead-source: a registry version (0.1.0), a git URL with a commit, or a tarball URL or file')
    }
    const result = await initSite({dir: args.dir, example: flags.example, name: flags.name, jurisdiction: flags.jurisdiction, timezone: flags.timezone, districts: unique(flags.district), catchments: unique(flags.catchment), lead: {source, running}, codeOwners: owners})
    if (this.jsonMode) {
      this.printJson({ok: true, ...result})
      return
    }
    this.say(`Created ${result.example ? 'the example site' : 'a new site'} in ${result.root} (${result.files.length} files, commit ${result.commit?.slice(0, 7)}).`)
    this.say(`lead is pinned in package.json as ${running.name}@${source.spec}${source.caveat ? ` (${source.caveat})` : ''}.`)
    if (!result.lockFile) this.say(`Next: cd ${shellQuote(args.dir)} && npm install && git add package-lock.json && git commit -m "Pin lead"   (CI installs lead from package-lock.json)`)
    if (owners.length === 0) this.say('Next: name who must approve policy, protocol and CI changes in .github/CODEOWNERS, and protect the default branch (docs/guides/ci-reviewer.md, "Making the gate binding").')
    this.say(`Next: cd ${shellQuote(args.dir)} && lead validate`)
  }
}
