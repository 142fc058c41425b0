#!/usr/bin/env node
// The `lead` binary. Runs the compiled commands listed in oclif.manifest.json (see `npm run build`).
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
