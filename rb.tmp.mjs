// node rules-bench.mjs DIST SITE: time runRules (all memo hits) in-process, 7 rounds
const [dist, root] = process.argv.slice(2)
const {readSite} = await import(`${dist}/core/site.js`)
const {loadRecords} = await import(`${dist}/core/records/load.js`)
const {RuleContext} = await import(`${dist}/core/validate/rule-context.js`)
const {runRules} = await import(`${dist}/core/validate/rule-memo.js`)
const {ALL_RULES} = await import(`${dist}/core/validate/rules/index.js`)
const {recordSchemaFindings} = await import(`${dist}/core/validate/schema-check.js`)
const site = readSite(root)
const t0 = performance.now()
const records = await loadRecords(site, {saveCache: false})
const t1 = performance.now()
const valid = new Set()
for (const r of records.records) if (records.readable(r) && recordSchemaFindings(r, records.cache).length === 0) valid.add(r)
const t2 = performance.now()
const times = []
for (let i = 0; i < (Number(process.env.ROUNDS) || 7); i++) {
  const ctx = new RuleContext(site, records, valid, new Date().toISOString().slice(0, 10))
  const s = performance.now()
  runRules(ctx, ALL_RULES, records.cache)
  times.push(performance.now() - s)
  if (i === 0) console.log('findings', ctx.diagnostics.length)
}
console.log(`load ${(t1 - t0).toFixed(0)} schema ${(t2 - t1).toFixed(0)} runRules ${times.map((t) => t.toFixed(0)).join(' ')}`)
