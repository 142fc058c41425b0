/**
 * References to a meeting's decisions, `pcg-2026-02-18#1`: the meeting ID and the decision's
 * number, counting from 1 in the order the meeting lists its decisions (as the minutes print them).
 */
import type {Decision, Meeting} from '../records/types.js'

export interface DecisionRef {
  meeting: string
  /** 1-based. */
  number: number
}

export function parseDecisionRef(text: string): DecisionRef | undefined {
  const m = /^([a-z0-9-]+)#([1-9][0-9]{0,2})$/.exec(text)
  return m ? {meeting: m[1]!, number: Number(m[2])} : undefined
}

export const formatDecisionRef = (meeting: string, number: number): string => `${meeting}#${number}`

/** The decision a reference names, if the meeting lists that many. */
export function decisionAt(meeting: Pick<Meeting, 'decisions'>, number: number): Decision | undefined {
  return meeting.decisions?.[number - 1]
}
