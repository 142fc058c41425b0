/**
 * What a new site contains besides its records: lead.yaml, the editor and CI wiring, and the
 * schemas copy. Pure functions from settings to file contents.
 */
import {stringify} from 'yaml'
import {KIND_INFO, KINDS} from './records/kinds.js'
import {SCHEMA_NAMES, schemaFile} from './validate/schema-registry.js'

export interface NewSiteSettings {
  name: string
  jurisdiction?: string
  timezone: string
  /** The LEAD phone officers call (lead.yaml referral_phone). */
  referralPhone?: string
}

export function leadYaml(settings: NewSiteSettings): string {
  const site: Record<string, string> = {name: settings.name}
  if (settings.jurisdiction) site.jurisdiction = settings.jurisdiction
  site.timezone = settings.timezone
  const body = stringify(
    {
      schema_version: 1,
      site,
      ...(settings.referralPhone ? {referral_phone: settings.referralPhone} : {}),
      courses: [
        {id: 'lead-initial', name: 'LEAD initial training', valid_months: 24, kind: 'initial'},
        {id: 'roll-call', name: 'Roll-call refresher', valid_months: 12, kind: 'roll_call'},
      ],
      privacy: {min_cell: 11, allow_identifiers: []},
    },
    {compat: 'yaml-1.1', lineWidth: 0},
  )
  const phoneNote = settings.referralPhone ? '' : "# referral_phone: the one number officers call, day and night: lead config set referral_phone='(360) 555-0100'\n"
  return `# LEAD site configuration. Reference: \`lead schema show lead --outline\`; change it with \`lead config set\`.
${phoneNote}${body}`
}

export const GITIGNORE = `# lead's local state: never committed (its parse cache lives in .git/lead/)
.lead/recovered/
.lead/lock*
# printed forms (\`lead form\` writes here when run inside the site): they can hold personal data
.lead/forms/
`

/** Map each folder's files to its schema for the VS Code YAML extension (redhat.vscode-yaml). */
export function vscodeSettings(): string {
  const schemas: Record<string, string[]> = {[`./.lead/schemas/${schemaFile('lead')}`]: ['lead.yaml']}
  for (const kind of KINDS) {
    const info = KIND_INFO[kind]
    schemas[`./.lead/schemas/${schemaFile(kind)}`] = [info.yearFolders ? `${info.folder}/*/*.yaml` : `${info.folder}/*.yaml`]
  }
  return `${JSON.stringify({'yaml.schemas': schemas, 'yaml.validate': true, 'files.insertFinalNewline': true}, null, 2)}\n`
}

/**
 * The CI workflow of a site. lead itself is installed from LEAD_PACKAGE, a repository variable
 * naming a git URL or tarball of this tool: there is no published package to fall back to, and
 * a default npm name would install whatever someone else publishes under it. On pushes the
 * review rules judge what the push changed; on pull requests: annotations on the changed lines,
 * then what the branch changes in meaning (and the protocol review rules) in the job summary.
 */
export function githubWorkflow(): string {
  return `# Validates the LEAD records on every push and pull request. On pull requests the findings
# appear as annotations on the changed lines, and the job summary shows what the branch changes
# (protocol charges, exclusions, deadlines, coverage) and the protocol review findings.
# Required: set the repository variable LEAD_PACKAGE to where your organisation keeps lead
# (e.g. github:your-org/lead#v0.1.0). Without it the job stops: lead is not on the npm registry.
name: lead
on:
  push:
  pull_request:
permissions:
  contents: read
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install lead
        env:
          LEAD_PACKAGE: \${{ vars.LEAD_PACKAGE }}
        run: |
          if [ -z "$LEAD_PACKAGE" ]; then
            echo "::error title=LEAD_PACKAGE is not set::Set the repository variable LEAD_PACKAGE (Settings > Secrets and variables > Actions > Variables) to where your organisation keeps lead, e.g. github:your-org/lead#v0.1.0. lead is not published on npm, so there is nothing to install by default."
            exit 1
          fi
          npm install -g "$LEAD_PACKAGE"
      - name: Validate records
        run: lead validate --format github
      - name: Review the protocol changes of this push
        if: \${{ !cancelled() && github.event_name == 'push' }}
        env:
          BEFORE: \${{ github.event.before }}
        run: |
          # A new branch has no "before" (all zeros); a force push may have dropped it.
          if [ -z "$(printf '%s' "$BEFORE" | tr -d 0)" ] || ! git cat-file -e "$BEFORE^{commit}" 2>/dev/null; then
            echo "No earlier commit to compare with: review rules skipped."
            exit 0
          fi
          lead validate --since "$BEFORE"
      - name: Summarise and review the changes
        if: \${{ !cancelled() && github.event_name == 'pull_request' }}
        env:
          BASE_REF: \${{ github.base_ref }}
        run: lead diff "origin/$BASE_REF...HEAD" --format markdown --check >> "$GITHUB_STEP_SUMMARY"
`
}

/** What `lead init` writes besides records: a re-run finishes a site by committing these. */
export const LAYOUT_PATHS = ['lead.yaml', '.gitignore', '.vscode/settings.json', '.github/workflows/lead.yml', '.lead/schemas', ...KINDS.map((k) => KIND_INFO[k].folder)]

/** Every schema file name, for .lead/schemas/. */
export const SCHEMA_FILES = SCHEMA_NAMES.map(schemaFile)
