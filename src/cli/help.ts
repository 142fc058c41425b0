/**
 * `lead --help`: oclif's root help, followed by where to read on — the first-site guide, the guides
 * per audience, the glossary and the command reference — since a command list alone does not say
 * in what order a new site needs things.
 */
import path from 'node:path'
import {Help} from '@oclif/core'

/** The guides, as paths under lead's own folder (docs/ ships with lead). */
export function guides(root: string): string {
  const docs = path.join(root, 'docs')
  return `GUIDES (in ${docs}${path.sep})
  New site, step by step   guides/first-site.md
  Project managers         guides/project-manager.md
  Trainers                 guides/trainer.md
  CI and reviewers         guides/ci-reviewer.md
  Privacy                  guides/privacy.md
  Words (PCG, OWG, ROI…)   glossary.md
  Every command            reference/commands.md`
}

export default class LeadHelp extends Help {
  protected override async showRootHelp(): Promise<void> {
    await super.showRootHelp()
    this.log(`\n${guides(this.config.root)}\n`)
  }
}
