import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import Ajv2020Mod from 'ajv/dist/2020.js'
import addFormatsMod from 'ajv-formats'
import {describe, expect, it} from 'vitest'
import {EXAMPLE_PARTICIPANT_CODES} from '../../src/core/validate/rules/example-participant.js'

const Ajv2020 = Ajv2020Mod.default
const addFormats = addFormatsMod.default

const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url))
const KINDS = ['lead', 'partner', 'protocol', 'mou', 'roster', 'training', 'referral', 'consent']
const FORMATS = ['date', 'date-time', 'email', 'uri'] as const

type Node = Record<string, unknown>

function load(kind: string): Node {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, `${kind}.schema.json`), 'utf8')) as Node
}

function makeAjv() {
  const ajv = new Ajv2020({strict: true, allowUnionTypes: true, allErrors: true, ownProperties: true})
  addFormats(ajv, [...FORMATS])
  return ajv
}

/** Every subschema in the tree, with its JSON pointer and whether it is a property (a key under properties). */
function* walk(node: Node, pointer = '', isProperty = false): Generator<{node: Node; pointer: string; isProperty: boolean}> {
  yield {node, pointer, isProperty}
  const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1')
  for (const mapKey of ['properties', 'patternProperties', '$defs']) {
    const map = node[mapKey] as Record<string, Node> | undefined
    if (map) for (const [k, sub] of Object.entries(map)) yield* walk(sub, `${pointer}/${mapKey}/${esc(k)}`, mapKey === 'properties')
  }
  for (const key of ['items', 'additionalProperties', 'propertyNames', 'contains', 'if', 'then', 'else', 'not']) {
    const sub = node[key]
    if (sub && typeof sub === 'object' && !Array.isArray(sub)) yield* walk(sub as Node, `${pointer}/${key}`)
  }
  for (const key of ['allOf', 'prefixItems']) {
    const subs = node[key] as Node[] | undefined
    if (subs) for (const [i, sub] of subs.entries()) yield* walk(sub, `${pointer}/${key}/${i}`)
  }
}

const schemas = Object.fromEntries(KINDS.map((k) => [k, load(k)])) as Record<string, Node>

describe('schemas/', () => {
  it('holds exactly one schema per record kind plus lead.yaml', () => {
    const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json')).sort()
    expect(files).toEqual(KINDS.map((k) => `${k}.schema.json`).sort())
  })

  describe.each(KINDS)('%s.schema.json', (kind) => {
    const schema = schemas[kind]
    const id = `https://lead.example/schemas/${kind}.schema.json`

    it('declares draft 2020-12, its $id, a title and a description', () => {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
      expect(schema.$id).toBe(id)
      expect(typeof schema.title).toBe('string')
      expect(typeof schema.description).toBe('string')
    })

    it('compiles in ajv strict mode', () => {
      const ajv = makeAjv()
      expect(() => ajv.compile(schema)).not.toThrow()
    })

    it('accepts its own top-level examples', () => {
      const ajv = makeAjv()
      const validate = ajv.compile(schema)
      const examples = schema.examples as unknown[]
      expect(Array.isArray(examples) && examples.length).toBeTruthy()
      for (const example of examples) {
        const ok = validate(example)
        expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([])
        expect(ok).toBe(true)
      }
    })

    it('accepts every nested example against its own subschema', () => {
      const ajv = makeAjv()
      ajv.addSchema(schema)
      for (const {node, pointer} of walk(schema)) {
        if (pointer === '' || !('examples' in node)) continue
        const validate = ajv.getSchema(`${id}#${pointer}`)
        expect(validate, pointer).toBeTruthy()
        for (const example of node.examples as unknown[]) {
          const ok = validate!(example)
          expect(ok, `${pointer}: ${JSON.stringify(example)} ${JSON.stringify(validate!.errors)}`).toBe(true)
        }
      }
    })

    it('describes every property and every subschema', () => {
      const missing = [...walk(schema)].filter(({node}) => typeof node.description !== 'string' || node.description.trim() === '').map((n) => n.pointer)
      expect(missing).toEqual([])
      const props = [...walk(schema)].filter((n) => n.isProperty)
      expect(props.length).toBeGreaterThan(0)
    })

    it('closes every object with additionalProperties: false', () => {
      const open = [...walk(schema)]
        .filter(({node}) => node.type === 'object' || 'properties' in node || 'patternProperties' in node)
        .filter(({node}) => node.additionalProperties !== false)
        .map((n) => n.pointer)
      expect(open).toEqual([])
    })

    it('anchors every pattern, bounds it with maxLength and avoids nested quantifiers', () => {
      for (const {node, pointer} of walk(schema)) {
        if (!('pattern' in node)) continue
        const pattern = node.pattern as string
        expect(pattern.startsWith('^') && pattern.endsWith('$'), `${pointer}: ${pattern}`).toBe(true)
        expect(typeof node.maxLength, `${pointer}: maxLength beside pattern`).toBe('number')
        // A quantifier right after a group, e.g. (a+)+ or (x|y)*, is where catastrophic backtracking starts.
        expect(/\)[*+{]/.test(pattern), `${pointer}: quantified group in ${pattern}`).toBe(false)
      }
      for (const key of Object.keys((schema.properties as Node).rules ? ((schema.properties as Node).rules as Node).patternProperties ?? {} : {})) {
        expect(key.startsWith('^') && key.endsWith('$')).toBe(true)
      }
    })

    it('bounds every free-text string and gives patterned or formatted values an example', () => {
      for (const {node, pointer} of walk(schema)) {
        if (node.type === 'string' && !('enum' in node) && !('const' in node)) {
          expect(typeof node.maxLength, `${pointer}: string without maxLength`).toBe('number')
        }
        if ('format' in node) expect(FORMATS as readonly string[], pointer).toContain(node.format)
        if ('pattern' in node || 'format' in node || '$ref' in node) {
          expect(Array.isArray(node.examples) && (node.examples as unknown[]).length > 0, `${pointer}: examples`).toBe(true)
        }
      }
    })

    it('uses neither oneOf/anyOf nor references to other files', () => {
      const text = JSON.stringify(schema)
      expect(text).not.toMatch(/"(oneOf|anyOf)"/)
      for (const {node, pointer} of walk(schema)) {
        if ('$ref' in node) expect(node.$ref as string, pointer).toMatch(/^#\/\$defs\/[A-Za-z]+$/)
      }
    })
  })
})

describe('what the schemas reject', () => {
  const ajv = makeAjv()
  for (const schema of Object.values(schemas)) ajv.addSchema(schema)
  const check = (kind: string, data: unknown) => {
    const validate = ajv.getSchema(`https://lead.example/schemas/${kind}.schema.json`)!
    return validate(data) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.keyword}`)
  }
  const example = (kind: string) => structuredClone((schemas[kind].examples as unknown[])[0]) as Record<string, any>

  it('a misspelled key at any depth', () => {
    const r = example('referral')
    r.handoff.case_manger = 'Casey Ruiz'
    expect(check('referral', r)).toContain('/handoff additionalProperties')
    const top = example('partner')
    top.pcg_memeber = true
    expect(check('partner', top)).toContain(' additionalProperties')
  })

  it('a key named __proto__ or toString, and a missing required field', () => {
    const p = JSON.parse('{"id":"x","name":"X","type":"other","__proto__":{"a":1}}')
    expect(check('partner', p)).toContain(' additionalProperties')
    expect(check('partner', {id: 'x', name: 'X'})).toContain(' required')
  })

  it('a numeric badge (leading zeros lost) and malformed ids', () => {
    const roster = example('roster')
    roster.officers[0].badge = 412
    expect(check('roster', roster)).toContain('/officers/0/badge type')
    const r = example('referral')
    r.id = 'r-2026-11-03-K3F9Q2'
    r.participant = 'Dana Ortiz'
    r.previous = '../etc/passwd'
    expect(check('referral', r)).toEqual(expect.arrayContaining(['/id pattern', '/participant pattern', '/previous pattern']))
  })

  it('impossible dates, date-times without an offset, and bad clock times', () => {
    const r = example('referral')
    r.received = '2026-11-03T06:42:00'
    r.intake.completed = '2026-02-30'
    expect(check('referral', r)).toEqual(expect.arrayContaining(['/received format', '/intake/completed format']))
    const p = example('protocol')
    p.coverage.hours[0].from = '24:00'
    p.coverage.hours[0].to = '24:00'
    p.coverage.hours[1].from = '6:00'
    expect(check('protocol', p)).toEqual(['/coverage/hours/0/from pattern', '/coverage/hours/1/from pattern'])
  })

  it('unknown enum values and an unknown rule severity', () => {
    const lead = example('lead')
    lead.rules = {MOU_EXPIRING: 'fatal', 'lower-case': 'off'}
    expect(check('lead', lead)).toEqual(expect.arrayContaining(['/rules/MOU_EXPIRING enum', '/rules additionalProperties']))
    const r = example('referral')
    r.status = 'open'
    expect(check('referral', r)).toContain('/status enum')
  })

  it('free text beyond its limit', () => {
    const r = example('referral')
    r.notes = 'x'.repeat(2001)
    expect(check('referral', r)).toContain('/notes maxLength')
  })
})

describe('schema examples a person could copy', () => {
  it('every participant code the schemas show is a reserved example code lead refuses in records', () => {
    const codes: string[] = []
    for (const kind of ['referral', 'consent']) {
      for (const m of readFileSync(join(SCHEMA_DIR, `${kind}.schema.json`), 'utf8').matchAll(/"(P-[0-9A-Z]{6})"/g)) codes.push(m[1]!)
    }
    expect(codes.length).toBeGreaterThanOrEqual(4)
    for (const code of codes) expect(EXAMPLE_PARTICIPANT_CODES.has(code), code).toBe(true)
  })

  it('date and date-time patterns keep month and day ranges an editor can check', () => {
    const date = new RegExp((load('training').$defs as Record<string, Node>).date!.pattern as string)
    for (const ok of ['2026-01-31', '2026-02-29', '2026-04-30', '2026-12-31']) expect(date.test(ok), ok).toBe(true)
    for (const bad of ['2027-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-06-00', '2026-6-01']) expect(date.test(bad), bad).toBe(false)
    const dateTime = new RegExp((load('referral').$defs as Record<string, Node>).dateTime!.pattern as string)
    for (const ok of ['2026-11-03T06:42:00-08:00', '2026-11-03T23:59:59Z', '2026-11-03T06:42:00.5+01:00']) expect(dateTime.test(ok), ok).toBe(true)
    for (const bad of ['2026-11-31T06:42:00-08:00', '2026-11-03T24:00:00Z', '2026-11-03 06:42:00-08:00', '2026-11-03T06:42:00']) expect(dateTime.test(bad), bad).toBe(false)
    const uri = new RegExp((load('partner').$defs as Record<string, Node>).uri!.pattern as string)
    for (const ok of ['https://harborpd.example.org', 'http://example.org/a?b=c#d', 'https://example.org:8443/x']) expect(uri.test(ok), ok).toBe(true)
    for (const bad of ['harborpd.example.org', 'https://harbor pd.example.org', 'ftp://example.org', 'mailto:a@example.org', 'https://localhost']) expect(uri.test(bad), bad).toBe(false)
  })
})

