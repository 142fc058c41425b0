/** The cross-record rules `lead validate` runs, in order. Add a rule module here. */
import type {Rule} from '../rule-context.js'
import {referencesRule} from './references.js'
import {structureRule} from './structure.js'
import {trainingRule} from './training.js'

export const ALL_RULES: readonly Rule[] = [structureRule, referencesRule, trainingRule]
