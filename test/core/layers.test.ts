/**
 * The arrows of docs/architecture.md, checked on the source: a room imports only from itself or
 * from rooms below it, and nothing under src/core/ knows the terminal.
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

const CORE = path.join(import.meta.dirname, '../../src/core')

/** Every relative import of the .ts files under a folder of src/core, as paths relative to src/core. */
function importsOf(room: string): Array<{file: string; target: string}> {
  const out: Array<{file: string; target: string}> = []
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
      const abs = path.join(dir, e.name)
      if (e.isDirectory()) walk(abs)
      else if (e.name.endsWith('.ts')) {
        for (const m of fs.readFileSync(abs, 'utf8').matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)) {
          const spec = m[1]!
          const target = spec.startsWith('.') ? path.relative(CORE, path.resolve(path.dirname(abs), spec)) : spec
          out.push({file: path.relative(CORE, abs), target})
        }
      }
    }
  }
  walk(path.join(CORE, room))
  return out
}

const above = (imports: Array<{file: string; target: string}>, rooms: string[]) =>
  imports.filter(({target}) => rooms.some((r) => target.startsWith(`${r}/`))).map(({file, target}) => `${file} → ${target}`)

describe('layers', () => {
  it('the ground floor and records/ import nothing from the rooms above them', () => {
    const upper = ['privacy', 'git', 'tabular', 'policy', 'referrals', 'training', 'meetings', 'validate', 'review', 'write', 'config', 'import', 'forms', 'derived', 'install']
    for (const room of ['text', 'clock', 'schemas', 'records']) expect(above(importsOf(room), upper), room).toEqual([])
  })
  it('where lead\'s own files are (lead-files.ts) imports nothing of lead\'s: every room may ask it', () => {
    expect(fs.readFileSync(path.join(CORE, 'lead-files.ts'), 'utf8').match(/^(?:import|export)[^'"]*from\s+'\.[^']*'/gm)).toBeNull()
  })
  it('the rooms of layer 3 import nothing from the domain rooms or the write path above them', () => {
    // policy/ read its default warnings from validate/ until the registry moved to the ground floor.
    const upper = ['referrals', 'training', 'meetings', 'validate', 'review', 'write', 'config', 'import', 'forms', 'derived', 'install']
    for (const room of ['privacy', 'git', 'tabular', 'policy']) expect(above(importsOf(room), upper), room).toEqual([])
  })
  it('the registry of finding codes (diagnostic-codes.ts) imports nothing of lead\'s: it is on the ground floor', () => {
    expect(fs.readFileSync(path.join(CORE, 'diagnostic-codes.ts'), 'utf8').match(/^(?:import|export)[^'"]*from\s+'\.[^']*'/gm)).toBeNull()
  })
  it('the domain rooms ask the schema check below them, never the validation engine that calls into them', () => {
    for (const room of ['referrals', 'training', 'meetings']) expect(above(importsOf(room), ['validate', 'review']), room).toEqual([])
  })
  it('domain rooms do not import the write path, imports or forms', () => {
    // The training imports (roster, attendance, the roster migration) write through the write path,
    // so they live in import/ beside the referral and consent imports, not in training/.
    for (const room of ['referrals', 'training', 'meetings', 'privacy', 'tabular']) expect(above(importsOf(room), ['write', 'import', 'forms', 'config']), room).toEqual([])
  })
  it('no module imports itself back through others (type-only imports aside: they are gone at run time)', () => {
    const SRC = path.dirname(CORE)
    const graph = new Map<string, string[]>()
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
        const abs = path.join(dir, e.name)
        if (e.isDirectory()) walk(abs)
        else if (e.name.endsWith('.ts')) {
          const text = fs.readFileSync(abs, 'utf8')
          const deps = [...text.matchAll(/^(?:import|export)(?!\s+type\b)[^'"]*from\s+'(\.[^']+)'/gm)].map((m) => path.resolve(path.dirname(abs), m[1]!.replace(/\.js$/, '.ts')))
          graph.set(abs, deps)
        }
      }
    }
    walk(SRC)
    const cycles: string[] = []
    const state = new Map<string, 'open' | 'done'>()
    const visit = (file: string, stack: string[]) => {
      state.set(file, 'open')
      stack.push(file)
      for (const dep of graph.get(file) ?? []) {
        if (!graph.has(dep)) continue
        if (state.get(dep) === 'open') cycles.push([...stack.slice(stack.indexOf(dep)), dep].map((f) => path.relative(SRC, f)).join(' → '))
        else if (!state.has(dep)) visit(dep, stack)
      }
      stack.pop()
      state.set(file, 'done')
    }
    for (const file of graph.keys()) if (!state.has(file)) visit(file, [])
    expect(cycles).toEqual([])
    // The check sees imports at all.
    expect([...graph.values()].some((deps) => deps.length > 0)).toBe(true)
  })
  it('every module under src/ is under 400 lines (one concept per module: a longer one holds two)', () => {
    const long: string[] = []
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
        const abs = path.join(dir, e.name)
        if (e.isDirectory()) walk(abs)
        else if (e.name.endsWith('.ts') && fs.readFileSync(abs, 'utf8').split('\n').length > 400) long.push(path.relative(path.dirname(CORE), abs))
      }
    }
    walk(path.dirname(CORE))
    expect(long).toEqual([])
  })
  it('nothing under src/core knows oclif, chalk or inquirer', () => {
    const all = importsOf('.').filter(({target}) => /^(@oclif\/|chalk$|@inquirer\/)/.test(target))
    expect(all).toEqual([])
    // The check sees imports at all: the core does import yaml.
    expect(importsOf('.').some(({target}) => target === 'yaml')).toBe(true)
  })
})
