import {Args} from '../../cli/oclif.js'
import {yaml} from '../../core/records/yaml-lib.js'
import {configValue} from '../../core/config/config-fields.js'
import {LeadError} from '../../core/errors.js'
import {shellQuote} from '../../core/git/site-repo.js'
import {LeadCommand} from '../../cli/lead-command.js'

export default class ConfigGet extends LeadCommand {
  static override summary = 'Print one setting of lead.yaml.'
  static override description = `KEY is a dot path into lead.yaml, as \`lead config list\` prints them: site.timezone, referral_phone, courses[0].valid_months, privacy.min_cell. A plain value prints as it is; a list or map prints as YAML. A setting lead.yaml does not hold exits 1; a KEY lead.yaml cannot hold is a usage error (exit 2) naming the closest one.`

  static override examples = [
    {description: "The site's time zone", command: '<%= config.bin %> config get site.timezone'},
    {description: 'The training courses, as JSON', command: '<%= config.bin %> config get courses --json'},
  ]

  static override args = {key: Args.string({description: 'The setting: a dot path such as site.timezone.', required: true})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ConfigGet)
    const site = this.openSite(flags.dir)
    const value = configValue(site.configData, args.key)
    if (value === undefined) {
      throw new LeadError('NOT_SET', `${args.key} is not set in lead.yaml`, {hint: `set it with \`lead config set ${shellQuote(`${args.key}=VALUE`)}\``})
    }
    if (this.jsonMode) return this.printJson({ok: true, key: args.key, value})
    this.out(value !== null && typeof value === 'object' ? yaml().stringify(value, {lineWidth: 0}) : String(value))
  }
}
