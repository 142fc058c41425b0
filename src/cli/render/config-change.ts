/** What `lead config set` (and `lead set lead.yaml …`) tells the user after changing lead.yaml. */
import type {ConfigChangeResult} from '../../core/config/config-change.js'
import {fails} from '../../core/policy/site-policy.js'
import {renderWriteResult, writeResultJson} from './write-result.js'

export function renderConfigChange(result: ConfigChangeResult): string {
  if (!result.write) return 'nothing to change: lead.yaml already holds these values'
  const lines = [renderWriteResult('changed', result.write, result.message)]
  const loosening = result.policy.filter(fails)
  const tightening = result.policy.filter((c) => !fails(c))
  if (loosening.length > 0) {
    lines.push(`policy change: ${loosening.map((c) => c.text).join('; ')}. CI judges a branch by the policy of the branch it merges into, so reviewers will see this in the pull request as POLICY_CHANGED, an error until a maintainer accepts it (lead diff --check --accept POLICY_CHANGED; see docs/guides/ci-reviewer.md).`)
  }
  if (tightening.length > 0) {
    lines.push(`policy change (tightened): ${tightening.map((c) => c.text).join('; ')}. Reviewers will see it in the pull request as a POLICY_CHANGED warning.`)
  }
  return lines.join('\n')
}

export function configChangeJson(result: ConfigChangeResult): Record<string, unknown> {
  if (!result.write) return {ok: true, file: 'lead.yaml', committed: false, commit: null, changed: [], policy: [], message: null, warnings: []}
  const policy = result.policy.map(({setting, direction, text}) => ({setting, direction, text}))
  const {kind: _kind, id: _id, ...rest} = writeResultJson('config', 'lead.yaml', result.write, result.message, {changed: result.changed, policy})
  return rest
}
