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
  /**
   * Help for no command (`lead -h sett Jane`, `lead help sett`): said as a mistyped command is
   * (cli/unknown-command.ts), where oclif's "Command sett:Jane not found." repeated every word.
   */
  public override async showHelp(argv: string[]): Promise<void> {
    try {
      await super.showHelp(argv)
    } catch (error) {
      const subject = /^Command (.+) not found\.$/.exec((error as Error)?.message ?? '')?.[1]
      if (subject === undefined) throw error
      const {reportUnknownCommand, wantsJson} = await import('./unknown-command.js')
      reportUnknownCommand(this.config, subject.split(':'), [], {json: wantsJson(process.argv.slice(2)), help: true})
    }
  }

  protected override async showRootHelp(): Promise<void> {
    await super.showRootHelp()
    this.log(`\n${guides(this.config.root)}\n`)
  }
}
