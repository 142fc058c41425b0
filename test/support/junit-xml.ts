/** Reading lead's JUnit output the way a CI dashboard does: with a real, strict XML parser. */
import {spawnSync} from 'node:child_process'

export interface JunitSummary {
  failures: string
  cases: number
  failureTexts: string[]
}

/** Parse JUnit documents with a real XML parser (Python's expat): throws with its message unless each is well-formed. */
export function parseJunit(...documents: string[]): JunitSummary[] {
  const script = `
import sys, json, xml.dom.minidom as m
out = []
for text in json.loads(sys.stdin.read()):
    doc = m.parseString(text.encode('utf-8', 'surrogatepass'))
    suite = doc.getElementsByTagName('testsuite')[0]
    out.append({'failures': suite.getAttribute('failures'), 'cases': len(doc.getElementsByTagName('testcase')),
      'failureTexts': [f.getAttribute('message') + '|' + ''.join(n.data for n in f.childNodes) for f in doc.getElementsByTagName('failure')]})
print(json.dumps(out))`
  const r = spawnSync('python3', ['-c', script], {input: JSON.stringify(documents), encoding: 'utf8'})
  if (r.status !== 0) throw new Error(`not well-formed XML: ${r.stderr.trim().split('\n').pop()}`)
  return JSON.parse(r.stdout)
}
