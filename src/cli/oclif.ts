/**
 * The parts of @oclif/core lead's commands use, each from the module of oclif's that holds it (its
 * package exports them one by one), through require. An `import ... from '@oclif/core'` would load
 * oclif's index, and Node, to give an ES module the names of a CommonJS one, scans its source and
 * reads every export it defines: help, ux and the error handler included, which a run of one of
 * lead's commands never uses and bin/run.js leaves for later (cli/fast-start.ts). The help class
 * (cli/help.ts), loaded for help only, still imports the index.
 */
import {createRequire} from 'node:module'
import type * as Core from '@oclif/core'

const require = createRequire(import.meta.url)

export const {Command} = require('@oclif/core/command') as {Command: typeof Core.Command}
export const Flags = require('@oclif/core/flags') as typeof Core.Flags
export const Args = require('@oclif/core/args') as typeof Core.Args
export const Errors = require('@oclif/core/errors') as typeof Core.Errors
export type {Interfaces} from '@oclif/core'
