/**
 * Second read (helper-89; the fault was older than its change): a participant record with a
 * top-level key named like an Object.prototype member (toString, constructor, valueOf,
 * hasOwnProperty, __proto__) made the privacy scan throw: disclosable.ts read
 * DECLARED_FIELDS[kind][field] without an own-property check, found Object.prototype.toString,
 * and called vocabulary[fn].has; `lead validate` stopped with "Error INTERNAL". Fixed: own fields only.
 */
import {describe, expect, it} from 'vitest'
import {scanRecord} from '../../src/core/privacy/record-scan.js'

describe('second read: keys named like Object.prototype members', () => {
  for (const key of ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__'])
    it(`a referral with key ${key}: the phone under it is found, no throw`, () => {
      const rec = JSON.parse(JSON.stringify({id: 'r-2026-01-01-aaaaaa', [key]: 'call 360-555-0199'})) as unknown
      expect(() => scanRecord('referral', rec)).not.toThrow()
      expect(scanRecord('referral', rec).map((f) => f.code)).toContain('PII_PHONE')
    })
})
