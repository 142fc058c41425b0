/**
 * What a new site contains besides its records: lead.yaml, the editor and CI wiring, and the
 * schemas copy. Pure functions from settings to file contents.
 */
import {yaml} from './records/yaml-lib.js'
import {KIND_INFO, KINDS} from './records/kinds.js'
import {LEFT_BESIDE_RECORDS} from './records/left-beside.js'
import {SCHEMA_NAMES, schemaFile} from './schemas/schema-registry.js'

export interface NewSiteSettings {
  name: string
  jurisdiction?: string
  timezone: string
  /** The police districts and catchment zone ids referrals may name (lead.yaml privacy.districts, privacy.catchments). */
  districts?: string[]
  catchments?: string[]
  /** The LEAD phone officers call (lead.yaml referral_phone). */
  referralPhone?: string
}

export function leadYaml(settings: NewSiteSettings): string {
  const site: Record<string, string> = {name: settings.name}
  if (settings.jurisdiction) site.jurisdiction = settings.jurisdiction
  site.timezone = settings.timezone
  const body = yaml().stringify(
    {
      schema_version: 1,
      site,
      ...(settings.referralPhone ? {referral_phone: settings.referralPhone} : {}),
      courses: [
        {id: 'lead-initial', name: 'LEAD initial training', valid_months: 24, kind: 'initial'},
        {id: 'roll-call', name: 'Roll-call refresher', valid_months: 12, kind: 'roll_call'},
      ],
      privacy: {min_cell: 11, districts: settings.districts ?? [], catchments: settings.catchments ?? [], allow_terms: [], allow_identifiers: []},
    },
    {compat: 'yaml-1.1', lineWidth: 0},
  )
  const phoneNote = settings.referralPhone ? '' : "# referral_phone: the one number officers call, day and night: lead config set referral_phone='(360) 555-0100'\n"
  return `# LEAD site configuration. Reference: \`lead schema show lead --outline\`; change it with \`lead config set\`.
${phoneNote}# privacy.districts, privacy.catchments: the police districts and catchment zone ids referrals may
#   name (e.g. districts: [D1, D2, North]). Only these are ever printed from a referral; list them
#   before recording referrals.
# privacy.allow_terms: words the identifier scan lets pass, e.g. a place named like a person
#   ([Logan Square]). See docs/guides/privacy.md.
${body}`
}

export const GITIGNORE = `# lead itself, installed from package.json by npm ci
node_modules/
# lead's local state: never committed (its parse cache lives in .git/lead/)
.lead/recovered/
.lead/lock*
# printed forms (\`lead form\` writes here when run inside the site): they can hold personal data
.lead/forms/
# what an operating system or editor leaves beside the records: a copy of one, or the names of the
# files in a folder (lead reports any other file in referrals/, consents/ or meetings/)
${LEFT_BESIDE_RECORDS.map((l) => l.line).join('\n')}
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
const PINNED_ACTIONS = {
  checkout: {uses: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', version: 'v7.0.1'},
  setupNode: {uses: 'actions/setup-node@949feb2413d6458794dcd2491c4babbbce0c15c1', version: 'v7.1.0'},
} as const

/** The Node LTS release CI runs lead on. */
const CI_NODE_VERSION = 24

export interface WorkflowSettings {
  /** The branch pushes are checked on (pull requests cover every other branch). */
  defaultBranch: string
}

/** The review findings a maintainer can accept for one pull request, each by a label of its own. */
const ACCEPT_LABELS = ['GATE_CHANGED', 'POLICY_CHANGED', 'PROTOCOL_RETROACTIVE'].map((code) => ({code, label: `lead: accept ${code}`}))

/**
 * The CI workflow of a site, written for a security review: read-only token, no credentials
 * left in the checkout, actions pinned by commit, no cache, no expression inside a script
 * (values reach scripts through env). A pull request is checked by the lead its base branch pins
 * (installed from the base's package.json and lock file, outside the checkout: nothing from the
 * pull request runs) and judged by the base's policy (`--since` reads the base's lead.yaml);
 * changing the workflow, the pinned lead or CODEOWNERS is itself a finding (GATE_CHANGED).
 * Forks run the same check with no repository variable or secret.
 */
export function githubWorkflow(settings: WorkflowSettings): string {
  const {checkout, setupNode} = PINNED_ACTIONS
  const accept = ACCEPT_LABELS.map((a, i) => `        contains(github.event.pull_request.labels.*.name, '${a.label}') && '${a.code}' || ''${i < ACCEPT_LABELS.length - 1 ? ',' : ') }}'}`)
  return `# Checks this LEAD site's records on pull requests and on pushes to ${settings.defaultBranch}.
# - A pull request is checked by the lead its BASE branch pins (package.json and package-lock.json
#   as the base has them, installed outside the checkout), so nothing from the pull request runs,
#   and judged by the base's lead.yaml (rules, privacy settings), so it cannot loosen its checks.
# - A change to this workflow, to the pinned lead (package.json, package-lock.json, .npmrc) or to
#   CODEOWNERS is a GATE_CHANGED error until a maintainer accepts it with the label
#   "lead: accept GATE_CHANGED". GitHub runs a pull request's own copy of this file: protect it
#   with CODEOWNERS and branch protection (docs/guides/ci-reviewer.md, "Making the gate binding").
# - The token can only read, the checkout keeps no credentials in .git/config, nothing is cached,
#   and actions are pinned to commits (the release is in the comment; Dependabot updates both).
# - Findings become annotations (gate changes, errors and changed files first) and every finding
#   is listed in the job summary.
name: lead
on:
  push:
    branches: [${JSON.stringify(settings.defaultBranch)}]
  pull_request:
    # edited: a pull request moved to another base branch is judged again, by that branch
    types: [opened, synchronize, reopened, edited, labeled, unlabeled]
permissions:
  contents: read
concurrency:
  group: lead-\${{ github.event.pull_request.number || github.ref }}
  cancel-in-progress: true
jobs:
  validate:
    runs-on: ubuntu-24.04
    timeout-minutes: 20
    env:
      # Review findings a maintainer accepted for this pull request, one label each; only people
      # with triage access to the repository can label. Accepted findings stay listed, as warnings.
      LEAD_ACCEPT: >-
        \${{ format('${ACCEPT_LABELS.map((_, i) => `{${i}}`).join(',')}',
${accept.join('\n')}
    steps:
      - uses: ${checkout.uses} # ${checkout.version}
        with:
          fetch-depth: 0
          persist-credentials: false
      - uses: ${setupNode.uses} # ${setupNode.version}
        with:
          node-version: ${CI_NODE_VERSION}
          # No cache: its key would come from files a pull request controls.
          package-manager-cache: false
      - name: Install lead as the base branch pins it
        env:
          BASE_REF: \${{ github.base_ref }}
        run: |
          # A pull request is checked by the lead its base branch pins, never by one it brings; a
          # push to ${settings.defaultBranch} by the lead it pins itself. Installed outside the checkout.
          if [ "$GITHUB_EVENT_NAME" = pull_request ]; then pins="refs/remotes/origin/$BASE_REF"; else pins=HEAD; fi
          tool="$RUNNER_TEMP/lead"
          mkdir -p "$tool"
          for file in package.json package-lock.json .npmrc; do
            if git cat-file -e "$pins:$file" 2>/dev/null; then git show "$pins:$file" > "$tool/$file"; fi
          done
          if [ ! -f "$tool/package-lock.json" ]; then
            echo "::error title=package-lock.json is missing::The lead this workflow installs is pinned by package-lock.json on the default branch (for a pull request, its base branch): run npm install once in the site and commit package-lock.json there."
            exit 1
          fi
          cd "$tool"
          npm ci --no-audit --no-fund
          echo "LEAD_BIN=$tool/node_modules/.bin/lead" >> "$GITHUB_ENV"
      - name: Validate the records
        if: github.event_name == 'push'
        run: |
          "$LEAD_BIN" validate --format github --summary "$GITHUB_STEP_SUMMARY"
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
          "$LEAD_BIN" validate --since "$BEFORE" --accept ${ACCEPT_LABELS.map((a) => a.code).join(',')} --format github --summary "$GITHUB_STEP_SUMMARY"
      - name: Validate the change by the base branch's rules
        if: github.event_name == 'pull_request'
        env:
          BASE_REF: \${{ github.base_ref }}
        run: |
          "$LEAD_BIN" validate --since "origin/$BASE_REF" --format github --summary "$GITHUB_STEP_SUMMARY"
      - name: Summarise and review the change
        if: \${{ !cancelled() && github.event_name == 'pull_request' }}
        env:
          BASE_REF: \${{ github.base_ref }}
        run: |
          "$LEAD_BIN" diff "origin/$BASE_REF...HEAD" --format markdown --check >> "$GITHUB_STEP_SUMMARY"
`
}

/**
 * CODEOWNERS: who must approve changes to the records that decide eligibility and to the gate.
 * Without owners given it is a template, every line commented, for the site to fill in (an owner
 * GitHub does not know makes the file invalid, which protects nothing).
 */
export function codeOwners(owners: readonly string[] = []): string {
  const who = owners.length > 0 ? owners.join(' ') : '@your-org/lead-maintainers'
  const mark = owners.length > 0 ? '' : '# '
  const paths = ['/lead.yaml', '/protocols/', '/.github/', '/package.json', '/package-lock.json', '/.npmrc']
  const width = Math.max(...paths.map((p) => p.length)) + 2
  return `# Who must approve a change to this LEAD site's policy, protocols and checks. GitHub asks these
# owners to review every pull request touching their paths; with "Require review from Code Owners"
# in the default branch's protection, their approval is needed to merge. The pull request's own
# copy of .github/workflows/lead.yml is what GitHub runs on it, so .github/ needs an owner.
# See docs/guides/ci-reviewer.md, "Making the gate binding".
${owners.length > 0 ? '' : `#
# Replace @your-org/lead-maintainers with the team that adopts protocols (the PCG's or the project
# manager's team, e.g. @harbor-county/lead-pcg) or with user names, then remove the "# ".
`}
${paths.map((p) => `${mark}${p.padEnd(width)}${who}`).join('\n')}
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
export const LAYOUT_PATHS = ['lead.yaml', '.gitignore', '.vscode/settings.json', '.github/workflows/lead.yml', '.github/dependabot.yml', '.github/CODEOWNERS', 'package.json', 'package-lock.json', '.lead/schemas', ...KINDS.map((k) => KIND_INFO[k].folder)]

/** Every schema file name, for .lead/schemas/. */
export const SCHEMA_FILES = SCHEMA_NAMES.map(schemaFile)
