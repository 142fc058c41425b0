/**
 * Carrying an edit back onto the text as the user wrote it. The yaml library re-emits a whole
 * document in its own layout (comment spacing, hand-folded paragraphs, blank lines), so an edit is
 * made on the Document and then only the lines it changed are spliced into the original text:
 * `normalized` is the untouched document as the library writes it, `edited` the changed one.
 */

type Op = {type: 'equal'; a: number; b: number} | {type: 'delete'; a: number} | {type: 'insert'; b: number}

/** Line diff: common prefix and suffix, then an LCS table over the middle (small for local edits). */
function diffLines(a: readonly string[], b: readonly string[], maxCells = 4_000_000): Op[] | undefined {
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) endA--, endB--
  const n = endA - start
  const m = endB - start
  if (n * m > maxCells) return undefined
  const ops: Op[] = []
  for (let i = 0; i < start; i++) ops.push({type: 'equal', a: i, b: i})
  // lcs[i][j] = LCS length of a[start+i..endA) and b[start+j..endB)
  const lcs: Uint32Array[] = Array.from({length: n + 1}, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[start + i] === b[start + j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
    }
  }
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      ops.push({type: 'equal', a: start + i, b: start + j})
      i++, j++
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      ops.push({type: 'insert', b: start + j})
      j++
    } else {
      ops.push({type: 'delete', a: start + i})
      i++
    }
  }
  for (let k = 0; endA + k < a.length; k++) ops.push({type: 'equal', a: endA + k, b: endB + k})
  return ops
}

/**
 * Apply the change normalized → edited to original. Lines the edit did not touch come from the
 * original; a run of lines that the library re-laid-out (e.g. a re-folded paragraph) is taken from
 * the original as a whole unless the edit touched it.
 */
export function mergeEdit(original: string, normalized: string, edited: string): string {
  if (original === normalized) return edited
  const O = original.split('\n')
  const A = normalized.split('\n')
  const B = edited.split('\n')
  const toOriginal = diffLines(A, O)
  const change = diffLines(A, B)
  if (!toOriginal || !change) return edited

  // Group A's lines: each matched to one original line, or inside a gap that maps to a run of original lines.
  interface Group {
    aLines: number[]
    oLines: number[]
  }
  const groupOf = new Array<Group | undefined>(A.length)
  const before = new Map<number, string[]>() // original-only lines anchored before A line i
  let gap: Group = {aLines: [], oLines: []}
  const closeGap = (anchor: number) => {
    if (gap.aLines.length === 0 && gap.oLines.length > 0) before.set(anchor, [...(before.get(anchor) ?? []), ...gap.oLines.map((k) => O[k]!)])
    gap = {aLines: [], oLines: []}
  }
  for (const op of toOriginal) {
    if (op.type === 'equal') {
      closeGap(op.a)
      groupOf[op.a] = {aLines: [op.a], oLines: [op.b]}
    } else if (op.type === 'delete') {
      gap.aLines.push(op.a)
      groupOf[op.a] = gap
    } else {
      gap.oLines.push(op.b)
    }
  }
  closeGap(A.length)

  const touched = new Set<Group>()
  for (const op of change) if (op.type === 'delete') touched.add(groupOf[op.a]!)
  // An insertion inside a re-laid-out run touches that run too.
  change.forEach((op, idx) => {
    if (op.type !== 'insert') return
    const prev = change.slice(0, idx).reverse().find((o) => o.type !== 'insert') as {a: number} | undefined
    const next = change.slice(idx + 1).find((o) => o.type !== 'insert') as {a: number} | undefined
    if (prev && next && groupOf[prev.a] === groupOf[next.a] && groupOf[prev.a]!.aLines.length > 1) touched.add(groupOf[prev.a]!)
  })

  const out: string[] = []
  const emitted = new Set<Group>()
  for (const op of change) {
    if (op.type === 'insert') {
      out.push(B[op.b]!)
      continue
    }
    const anchored = before.get(op.a)
    if (anchored) {
      // One by one here and below: a spread of a long run of lines overflows the stack.
      for (const line of anchored) out.push(line)
      before.delete(op.a)
    }
    if (op.type === 'delete') continue
    const group = groupOf[op.a]!
    if (touched.has(group)) out.push(A[op.a]!)
    else if (!emitted.has(group)) {
      emitted.add(group)
      for (const k of group.oLines) out.push(O[k]!)
    }
  }
  const tail = before.get(A.length)
  if (tail) for (const line of tail) out.push(line)
  return out.join('\n')
}
