import {describe, expect, it} from 'vitest'
import {diffValues, formatPath} from '../../src/core/review/record-diff.js'

const strip = (changes: ReturnType<typeof diffValues>) => changes.map(({change, path, old, new: neu, at, atOld}) => ({change, path, old, new: neu, at, atOld}))

describe('diffValues', () => {
  it('reports nothing for equal values, whatever the key order', () => {
    expect(diffValues({a: 1, b: {c: [1, 2]}}, {b: {c: [1, 2]}, a: 1})).toEqual([])
  })

  it('reports fields added, removed and changed with their paths', () => {
    expect(strip(diffValues({a: 1, b: 2, n: {x: 'p'}}, {a: 1, n: {x: 'q'}, c: 3}))).toEqual([
      {change: 'changed', path: 'n.x', old: 'p', new: 'q', at: ['n', 'x'], atOld: ['n', 'x']},
      {change: 'added', path: 'c', old: undefined, new: 3, at: ['c'], atOld: []},
      {change: 'removed', path: 'b', old: 2, new: undefined, at: [], atOld: ['b']},
    ])
  })

  it('matches charges by code, not position: an insertion is one addition', () => {
    const old = {divertible_charges: [{code: 'A', label: 'a'}, {code: 'B', label: 'b', max_quantity: 3}]}
    const neu = {divertible_charges: [{code: 'N', label: 'n'}, {code: 'A', label: 'a'}, {code: 'B', label: 'b', max_quantity: 5}]}
    expect(strip(diffValues(old, neu))).toEqual([
      {change: 'added', path: 'divertible_charges[N]', old: undefined, new: {code: 'N', label: 'n'}, at: ['divertible_charges', 0], atOld: ['divertible_charges']},
      {change: 'changed', path: 'divertible_charges[B].max_quantity', old: 3, new: 5, at: ['divertible_charges', 2, 'max_quantity'], atOld: ['divertible_charges', 1, 'max_quantity']},
    ])
  })

  it('matches exclusions by id, officers and attendees by badge, parties by partner', () => {
    expect(diffValues({exclusions: [{id: 'x', text: 't'}, {id: 'y', text: 'u'}]}, {exclusions: [{id: 'y', text: 'u'}]}).map((c) => [c.change, c.path, c.atOld])).toEqual([['removed', 'exclusions[x]', ['exclusions', 0]]])
    expect(diffValues({officers: [{badge: '0412', status: 'active'}, {badge: '0577', status: 'active'}]}, {officers: [{badge: '0577', status: 'leave'}, {badge: '0412', status: 'active'}]}).map((c) => c.path)).toEqual(['officers[0577].status'])
    expect(diffValues({attendees: [{badge: '1'}]}, {attendees: [{badge: '1'}, {badge: '2'}]}).map((c) => c.path)).toEqual(['attendees[2]'])
    expect(diffValues({parties: [{partner: 'a', contribution: 'x'}]}, {parties: [{partner: 'a', contribution: 'y'}]}).map((c) => c.path)).toEqual(['parties[a].contribution'])
  })

  it('falls back to positions when keys are missing or repeated', () => {
    const changes = diffValues({officers: [{badge: '1', n: 1}, {badge: '1', n: 2}]}, {officers: [{badge: '1', n: 1}, {badge: '1', n: 3}]})
    expect(changes.map((c) => c.path)).toEqual(['officers[1].n'])
  })

  it('compares lists of plain values as collections', () => {
    expect(diffValues({pathways: ['arrest_diversion', 'social_contact']}, {pathways: ['arrest_diversion', 'social_contact', 'community']}).map((c) => [c.change, c.path, c.new])).toEqual([['added', 'pathways', 'community']])
    expect(diffValues({d: ['a', 'b']}, {d: ['b']}).map((c) => [c.change, c.old])).toEqual([['removed', 'a']])
    expect(diffValues({d: ['a', 'b']}, {d: ['b', 'a']}).map((c) => c.change)).toEqual(['changed'])
  })

  it('aligns unkeyed lists of objects by their longest common run', () => {
    const h = (days: string[], from: string) => ({days, from, to: '19:00'})
    const changes = diffValues({hours: [h(['mon'], '07:00'), h(['sat'], '09:00')]}, {hours: [h(['sun'], '10:00'), h(['mon'], '07:00'), h(['sat'], '08:00')]})
    expect(changes.map((c) => [c.change, c.path])).toEqual([
      ['added', 'hours[0]'],
      ['changed', 'hours[2].from'],
    ])
  })

  it('formats paths with fields, positions and keys', () => {
    expect(formatPath([{field: 'a'}, {index: 2}, {key: 'code', value: 'RCW 1'}, {field: 'b'}])).toBe('a[2][RCW 1].b')
  })
})
