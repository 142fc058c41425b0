#!/usr/bin/env node
// The `lead` binary. Runs the compiled commands listed in oclif.manifest.json (see `npm run build`).
import {execute} from '@oclif/core'
import {hoistGlobalFlags} from '../dist/cli/global-flags.js'

await execute({dir: import.meta.url, args: hoistGlobalFlags(process.argv.slice(2))})
