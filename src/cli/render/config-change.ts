/** What `lead config set` (and `lead set lead.yaml …`) tells the user after changing lead.yaml. */
import type {ConfigChangeResult} from '../../core/config/config-change.js'
import {renderWriteResult, writeResultJson} from './write-result.js'

export function renderConfigChange(result: ConfigChangeResult): string {
  if (!result.write) return 'nothing to change: lead.yaml already holds these values'
  const lines = [renderWriteResult('changed', result.write, result.message)]
  if (result.policy.length > 0) {
    lines.push(
      `policy change: ${result.policy.join(', ')} decide${result.policy.length === 1 ? 's' : ''} what validation and exports let through. CI judges a branch by the policy of the branch it merges into, so this applies there once merged, and reviewers will see it flagged in the pull request (lead diff, lead validate --since).`,
    )
  }
  return lines.join('\n')
}

export function configChangeJson(result: ConfigChangeResult): Record<string, unknown> {
  if (!result.write) return {ok: true, file: 'lead.yaml', committed: false, commit: null, changed: [], policy: [], message: null, warnings: []}
  const {kind: _kind, id: _id, ...rest} = writeResultJson('config', 'lead.yaml', result.write, result.message, {changed: result.changed, policy: result.policy})
  return rest
}
