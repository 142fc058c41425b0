/**
 * What a new site contains besides its records: lead.yaml, the editor and CI wiring, and the
 * schemas copy. Pure functions from settings to file contents.
 */
import {stringify} from 'yaml'
import {KIND_INFO, KINDS} from './records/kinds.js'
import {SCHEMA_NAMES, schemaFile} from './schemas/schema-registry.js'

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

export const GITIGNORE = `# lead itself, installed from package.json by npm ci
node_modules/
# lead's local state: never committed (its parse cache lives in .git/lead/)
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

/** GitHub Actions this workflow uses, pinned by commit (Dependabot's github-actions updates keep both in step). */
export const PINNED_ACTIONS = {
  checkout: {uses: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', version: 'v7.0.1'},
  setupNode: {uses: 'actions/setup-node@949feb2413d6458794dcd2491c4babbbce0c15c1', version: 'v7.1.0'},
} as const

/** The Node LTS release CI runs lead on. */
export const CI_NODE_VERSION = 24

export interface WorkflowSettings {
  /** The branch pushes are checked on (pull requests cover every other branch). */
  defaultBranch: string
}

/**
 * The CI workflow of a site, written for a security review: read-only token, no credentials
 * left in the checkout, actions pinned by commit, no expression inside a script (values reach
 * scripts through env), lead installed from the site's own lock file (so forks run the same
 * check with no repository variable or secret). A pull request is judged by the rules of the
 * branch it wants to enter (`--since` reads the base's lead.yaml).
 */
export function githubWorkflow(settings: WorkflowSettings): string {
  const {checkout, setupNode} = PINNED_ACTIONS
  return `# Checks this LEAD site's records on pull requests and on pushes to ${settings.defaultBranch}.
# - The token can only read, and the checkout keeps no credentials in .git/config.
# - Actions are pinned to commits (the release is in the comment; Dependabot updates both).
# - lead is the version package.json and package-lock.json pin, installed with npm ci:
#   pull requests from forks run the same check, with no repository variable or secret.
# - A pull request is judged by the base branch's lead.yaml (rules, privacy settings), so it
#   cannot loosen the checks that judge it. Findings become annotations (errors and changed
#   files first) and every finding is listed in the job summary.
name: lead
on:
  push:
    branches: [${JSON.stringify(settings.defaultBranch)}]
  pull_request:
permissions:
  contents: read
concurrency:
  group: lead-\${{ github.event.pull_request.number || github.ref }}
  cancel-in-progress: true
jobs:
  validate:
    runs-on: ubuntu-24.04
    timeout-minutes: 20
    steps:
      - uses: ${checkout.uses} # ${checkout.version}
        with:
          fetch-depth: 0
          persist-credentials: false
      - uses: ${setupNode.uses} # ${setupNode.version}
        with:
          node-version: ${CI_NODE_VERSION}
          cache: npm
      - name: Install lead (the version package-lock.json pins)
        run: |
          if [ ! -f package-lock.json ]; then
            echo "::error title=package-lock.json is missing::Run npm install once in the site and commit package-lock.json: it pins the lead this workflow installs."
            exit 1
          fi
          npm ci --no-audit --no-fund
      - name: Validate the records
        if: github.event_name == 'push'
        run: npx --no-install lead validate --format github --summary "$GITHUB_STEP_SUMMARY"
      - name: Review what this push changed
        if: \${{ !cancelled() && github.event_name == 'push' }}
        env:
          BEFORE: \${{ github.event.before }}
        run: |
          # A new branch has no "before" (all zeros); a force push may have dropped it.
          if [ -z "$(printf '%s' "$BEFORE" | tr -d 0)" ] || ! git cat-file -e "$BEFORE^{commit}" 2>/dev/null; then
            echo "No earlier commit to compare with: review rules skipped."
            exit 0
          fi
          # The default branch carries what its pull request accepted: reported, as warnings.
          npx --no-install lead validate --since "$BEFORE" --accept POLICY_CHANGED,PROTOCOL_RETROACTIVE --format github --summary "$GITHUB_STEP_SUMMARY"
      - name: Validate the change by the base branch's rules
        if: github.event_name == 'pull_request'
        env:
          BASE_REF: \${{ github.base_ref }}
        run: npx --no-install lead validate --since "origin/$BASE_REF" --format github --summary "$GITHUB_STEP_SUMMARY"
      - name: Summarise and review the change
        if: \${{ !cancelled() && github.event_name == 'pull_request' }}
        env:
          BASE_REF: \${{ github.base_ref }}
        run: npx --no-install lead diff "origin/$BASE_REF...HEAD" --format markdown --check >> "$GITHUB_STEP_SUMMARY"
`
}

/** Dependabot keeps lead (package.json) and the pinned actions current, each change a pull request. */
export function dependabotConfig(): string {
  return `# Dependabot proposes updates as pull requests, which the lead workflow checks like any other.
version: 2
updates:
  - package-ecosystem: npm
    directory: /
    schedule:
      interval: weekly
  - package-ecosystem: github-actions
    directory: /
    schedule:
      interval: weekly
`
}

/** What `lead init` writes besides records: a re-run finishes a site by committing these. */
export const LAYOUT_PATHS = ['lead.yaml', '.gitignore', '.vscode/settings.json', '.github/workflows/lead.yml', '.github/dependabot.yml', 'package.json', 'package-lock.json', '.lead/schemas', ...KINDS.map((k) => KIND_INFO[k].folder)]

/** Every schema file name, for .lead/schemas/. */
export const SCHEMA_FILES = SCHEMA_NAMES.map(schemaFile)
