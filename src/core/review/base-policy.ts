/**
 * A change is judged by the policy of the revision it wants to enter: the base's lead.yaml, or the
 * change's own where that is stricter (see core/policy). The settings that differ become
 * POLICY_CHANGED findings: a loosening (or a change of unknown direction, or a lead.yaml that can
 * no longer be read) is an error, a tightening a warning.
 */
import type {Diagnostic} from '../errors.js'
import {resolveCommit, readRevisionFile} from '../git/revision-files.js'
import {describeSource} from '../git/site-snapshot.js'
import {CONFIG_FILE} from '../records/kinds.js'
import type {YamlSource} from '../records/yaml-source.js'
import {configFromData, siteFromConfigBytes, type Site} from '../site.js'
import {fails, judgePolicy, type PolicyChange} from '../policy/site-policy.js'

export interface PolicyBase {
  /** For people: `main (3f2a9c1)`. */
  label: string
  site: Site
  /** The base has a lead.yaml (else lead's defaults are its policy). */
  present: boolean
  /** The commit, for hints (none for the working tree or the index). */
  commit?: string
}

export interface JudgedSite {
  /** The change's site, judged by the stricter policy. */
  site: Site
  base: string
  changes: PolicyChange[]
  /** POLICY_CHANGED findings, at the settings in the changed lead.yaml. */
  findings: Diagnostic[]
}

/** The policy base at a revision (`--policy-from REV`). */
export async function readPolicyBase(root: string, rev: string): Promise<PolicyBase> {
  const commit = await resolveCommit(root, rev)
  const bytes = await readRevisionFile(root, commit, CONFIG_FILE)
  return {label: describeSource({type: 'commit', rev, commit}), site: siteFromConfigBytes(root, bytes ?? new Uint8Array()), present: bytes !== undefined, commit}
}

export function judgeWithBase(base: PolicyBase, head: {site: Site; present: boolean}): JudgedSite {
  const judged = judgePolicy({present: base.present, data: base.site.configData}, {present: head.present, data: head.site.configData})
  const site: Site = {...head.site, config: configFromData(head.site.root, judged.data)}
  return {site, base: base.label, changes: judged.changes, findings: policyFindings(judged.changes, head.present ? head.site.configSource : undefined, base)}
}

const VERB: Record<PolicyChange['direction'], string> = {loosened: 'policy loosened', tightened: 'policy tightened', changed: 'policy changed', unreadable: 'policy unreadable'}

export function policyFindings(changes: readonly PolicyChange[], source: YamlSource | undefined, base: Pick<PolicyBase, 'label' | 'commit'>): Diagnostic[] {
  const found = changes.map((c) => {
    const pos = source && c.path.length > 0 ? source.locate(c.path) : {line: 1, column: 1}
    const hint = !fails(c)
      ? 'the stricter setting applies to this change already; records it now rejects must be fixed in the same change'
      : c.setting === 'lead.yaml'
        ? `restore lead.yaml${base.commit ? ` (git checkout ${base.commit.slice(0, 7)} -- lead.yaml)` : ''}; meanwhile the policy of ${base.label} judges this change`
        : `a change is judged by the policy it is compared with (lead.yaml at ${base.label}), so this setting does not apply to it; propose a policy change on its own, for a maintainer to accept (--accept POLICY_CHANGED; for a commit, LEAD_ACCEPT=POLICY_CHANGED git commit); see docs/guides/ci-reviewer.md`
    return {code: 'POLICY_CHANGED', severity: fails(c) ? 'error' : 'warning', message: `${VERB[c.direction]}: ${c.text}`, hint, file: CONFIG_FILE, line: pos.line, column: pos.column} satisfies Diagnostic
  })
  return found.sort((a, b) => a.line - b.line || a.column - b.column)
}


/** The `policy` member of --json output: where the policy came from and what the change alters in it. */
export function policyJson(judged: JudgedSite): unknown {
  return {from: judged.base, changes: judged.changes.map(({setting, direction, text}) => ({setting, direction, text}))}
}
