/** The cross-record rules `lead validate` runs, in order. Add a rule module here. */
import type {Rule} from '../rule-context.js'
import {consentRule} from './consent.js'
import {declaredPlacesRule} from './declared-places.js'
import {exampleParticipantRule} from './example-participant.js'
import {mouRule} from './mou.js'
import {privacyRule} from './privacy.js'
import {protocolRule} from './protocol.js'
import {referencesRule} from './references.js'
import {referralRule} from './referral.js'
import {structureRule} from './structure.js'
import {trainingRule} from './training.js'

export const ALL_RULES: readonly Rule[] = [structureRule, referencesRule, trainingRule, protocolRule, referralRule, consentRule, exampleParticipantRule, mouRule, declaredPlacesRule, privacyRule]
