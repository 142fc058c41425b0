import {describe, expect, it} from 'vitest'
import {columnOrder, flattenEach, flattenRecord, neutralizeFormula, toCsv} from '../../src/core/records/flat-export.js'
import {compileWhere, parseCondition, sortBy, valueAt} from '../../src/core/records/record-query.js'

const matches = (data: Record<string, unknown>, conditions: ReturnType<typeof parseCondition>[]) => compileWhere(conditions)(data)
import {loadSchema} from '../../src/core/schemas/schema-registry.js'

describe('flattening', () => {
  it('names nested fields with dots, joins plain lists and numbers lists of maps', () => {
    const row = flattenRecord({id: 'p', referrer: {agency: 'harbor-pd', badge: '0412'}, charges: ['A', 'B'], contacts: [{name: 'X'}, {name: 'Y', phone: '1'}], quantity: {amount: 1.2}})
    expect(row).toEqual({'id': 'p', 'referrer.agency': 'harbor-pd', 'referrer.badge': '0412', 'charges': 'A; B', 'contacts.0.name': 'X', 'contacts.1.name': 'Y', 'contacts.1.phone': '1', 'quantity.amount': 1.2})
  })
  it('orders columns as the schema does, list items together', () => {
    const rows = [flattenRecord({type: 't', id: 'a', contacts: [{phone: '1', name: 'n'}, {name: 'm'}], name: 'A'})]
    expect(columnOrder(loadSchema('partner'), rows)).toEqual(['id', 'name', 'type', 'contacts.0.name', 'contacts.0.phone', 'contacts.1.name'])
  })
})

describe('CSV', () => {
  it('neutralises text that a spreadsheet would run as a formula, never numbers', () => {
    for (const s of ['=HYPERLINK("http://x")', '+1-360-555-0100', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(neutralizeFormula(s)).toBe(`'${s}`)
    expect(neutralizeFormula('Harbor')).toBe('Harbor')
    const csv = toCsv(['id', 'notes', 'amount'], [{id: 'a', notes: '=1+2', amount: -3}])
    expect(csv).toBe("id,notes,amount\r\na,'=1+2,-3\r\n")
    expect(toCsv(['notes'], [{notes: '=1+2'}], {neutralize: false})).toBe('notes\r\n=1+2\r\n')
  })
  it('quotes commas, quotes and newlines, and adds a BOM on request', () => {
    const csv = toCsv(['a'], [{a: 'x, "y"\nz'}, {a: null}], {bom: true})
    expect(csv).toBe('\uFEFFa\r\n"x, ""y""\nz"\r\n\r\n')
  })
})

describe('where and sort', () => {
  const rows = [{id: 'b', status: 'enrolled', received: '2026-11-03', charges: ['X 1']}, {id: 'a', status: 'received', received: '2026-10-01', n: 5}]
  it('filters with = != >= ~ and matches any list item', () => {
    expect(rows.filter((r) => matches(r, [parseCondition('status=enrolled')])).map((r) => r.id)).toEqual(['b'])
    expect(rows.filter((r) => matches(r, [parseCondition('received>=2026-11-01')])).map((r) => r.id)).toEqual(['b'])
    expect(rows.filter((r) => matches(r, [parseCondition('charges=X 1')])).map((r) => r.id)).toEqual(['b'])
    expect(rows.filter((r) => matches(r, [parseCondition('status~ROLL')])).map((r) => r.id)).toEqual(['b'])
    expect(rows.filter((r) => matches(r, [parseCondition('status!=enrolled')])).map((r) => r.id)).toEqual(['a'])
    expect(rows.filter((r) => matches(r, [parseCondition('n>4')])).map((r) => r.id)).toEqual(['a'])
    expect(() => parseCondition('=x')).toThrow(/not a condition/)
  })
  it('reaches fields of list items, matching when any item does', () => {
    const roster = {id: 'x', officers: [{badge: '0412', status: 'active'}, {badge: '0577', status: 'leave'}]}
    expect(valueAt(roster, 'officers.badge')).toEqual(['0412', '0577'])
    expect(valueAt(roster, 'officers.1.status')).toBe('leave')
    expect(matches(roster, [parseCondition('officers.status=leave')])).toBe(true)
    expect(matches(roster, [parseCondition('officers.badge=9999')])).toBe(false)
    expect(flattenEach(roster, 'officers')).toEqual([{'id': 'x', 'officers.badge': '0412', 'officers.status': 'active'}, {'id': 'x', 'officers.badge': '0577', 'officers.status': 'leave'}])
  })
  it('sorts ascending, descending with -, missing values last', () => {
    expect(sortBy([...rows], 'id', (r) => r).map((r) => r.id)).toEqual(['a', 'b'])
    expect(sortBy([...rows], '-received', (r) => r).map((r) => r.id)).toEqual(['b', 'a'])
    expect(sortBy([...rows], 'n', (r) => r).map((r) => r.id)).toEqual(['a', 'b'])
  })
})
