/** The bodies' names, on their own: `lead status` prints them from its memo without loading the meeting data's readers. */
import type {MeetingBody} from '../records/types.js'

export const BODY_NAME: Record<MeetingBody, string> = {pcg: 'Policy Coordinating Group', owg: 'Operational Work Group'}
