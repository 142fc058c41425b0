import {describe, expect, it} from 'vitest'
import {setupSteps} from '../../src/core/records/site-setup.js'

const todo = (input: Parameters<typeof setupSteps>[0]) => setupSteps(input).filter((s) => !s.done).map((s) => `${s.step} → ${s.command}`)

describe('a new site\'s setup steps', () => {
  it('an empty site has every step to do, in the order each rests on the one before', () => {
    expect(todo({partners: [], rosters: [], protocols: []})).toEqual([
      'a police or sheriff partner → lead new partner --set type=law_enforcement',
      'a case-management partner → lead new partner --set type=case_management',
      "each police agency's officer roster → lead training import-roster ROSTER.csv --agency AGENCY",
      'a protocol adopted by the PCG → lead new protocol',
      "the LEAD phone in lead.yaml → lead config set referral_phone='(360) 555-0100'",
    ])
  })

  it('names each police agency still without a roster, and the draft waiting for adoption', () => {
    const steps = todo({
      partners: [{id: 'harbor-pd', type: 'law_enforcement'}, {id: 'harbor-county-sheriff', type: 'law_enforcement'}, {id: 'evergreen', type: 'case_management'}, {id: 'harbor-da', type: 'prosecutor'}],
      rosters: [{id: 'harbor-pd', agency: 'harbor-pd'}],
      protocols: [{id: 'harbor-2026', status: 'draft'}],
      referralPhone: '+1-360-555-0100',
    })
    expect(steps).toEqual([
      'the officer roster of harbor-county-sheriff → lead training import-roster ROSTER.csv --agency harbor-county-sheriff',
      'a protocol adopted by the PCG → lead set protocol harbor-2026 status=adopted adopted.date=YYYY-MM-DD adopted.by=pcg',
    ])
  })

  it('a set-up site has nothing to do; a superseded protocol was adopted once', () => {
    expect(todo({
      partners: [{id: 'harbor-pd', type: 'law_enforcement'}, {id: 'evergreen', type: 'case_management'}],
      rosters: [{id: 'harbor-pd', agency: 'harbor-pd'}],
      protocols: [{id: 'harbor-2025', status: 'superseded'}, {id: 'harbor-2026', status: 'draft'}],
      referralPhone: '+1-360-555-0100',
    })).toEqual([])
  })
})
