// Which lines changed between two texts, decided as git's xdiff decides it
// (xprepare.c and xdiffi.c, the default Myers algorithm), so per-file counts
// equal `git diff --numstat`. git's diff is not minimal: it first drops
// lines that have no match on the other side (and "multimatch" lines amid
// them), and past an edit cost of about sqrt(lines) it cuts the search at a
// good-enough point. A minimal diff (the `diff` package) counts fewer lines
// on big rewrites, so the counts would disagree with git's.
// Pure: no I/O.

const MAX_COST_MIN = 256
const HEUR_MIN_COST = 256
const SNAKE_CNT = 20
const K_HEUR = 4
const KPDIS_RUN = 4
const MAX_EQLIMIT = 1024
const SIMSCAN_WINDOW = 100
const LINE_MAX = 0x7fffffff

/** Lines with their newline kept, as git's records: "a\nb" is ["a\n", "b"]. */
export function splitLines (text: string): string[] {
  const out: string[] = []
  let start = 0
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
    out.push(text.slice(start, i + 1))
    start = i + 1
  }
  if (start < text.length) out.push(text.slice(start))
  return out
}

/** git's xdl_bogosqrt */
function bogosqrt (n: number): number {
  let i = 1
  for (; n > 0; n = Math.floor(n / 4)) i *= 2
  return i
}

const DISCARD = 0
const KEEP = 1
const INVESTIGATE = 2

function cleanMmatch (action: Uint8Array, i: number, len: number): boolean {
  const s = i > SIMSCAN_WINDOW ? i - SIMSCAN_WINDOW : 0
  const e = len - 1 - i > SIMSCAN_WINDOW ? i + SIMSCAN_WINDOW : len - 1
  let rdis0 = 0
  let rpdis0 = 1
  for (let r = 1; i - r >= s; r++) {
    if (action[i - r] === DISCARD) rdis0++
    else if (action[i - r] === INVESTIGATE) rpdis0++
    else break
  }
  if (rdis0 === 0) return false
  let rdis1 = 0
  let rpdis1 = 1
  for (let r = 1; i + r <= e; r++) {
    if (action[i + r] === DISCARD) rdis1++
    else if (action[i + r] === INVESTIGATE) rpdis1++
    else break
  }
  if (rdis1 === 0) return false
  rdis1 += rdis0
  rpdis1 += rpdis0
  return rpdis1 * KPDIS_RUN < rpdis1 + rdis1
}

/** Numbers lines so that equal lines get equal ids, across every list it is given (what changedIds compares); size(): the ids handed out. */
export function lineClassifier (): ((lines: readonly string[]) => Int32Array) & { size: () => number } {
  const ids = new Map<string, number>()
  const classify = (lines: readonly string[]): Int32Array => {
    const out = new Int32Array(lines.length)
    for (let i = 0; i < lines.length; i++) {
      let id = ids.get(lines[i])
      if (id == null) { id = ids.size; ids.set(lines[i], id) }
      out[i] = id
    }
    return out
  }
  return Object.assign(classify, { size: () => ids.size })
}

/** For each line of a and of b: true when git's diff marks it removed / added. */
export function changedLines (a: string[], b: string[]): { removed: Uint8Array, added: Uint8Array } {
  const classify = lineClassifier()
  const h1 = classify(a)
  const h2 = classify(b)
  const removed = new Uint8Array(a.length)
  const added = new Uint8Array(b.length)
  changedIds(h1, h2, classify.size(), removed, added)
  return { removed, added }
}

// Scratch buffers kept between calls (a diff never awaits, so calls never
// overlap): a blame diffs hundreds of versions, and fresh arrays per diff
// cost more in allocation and collection than the diff itself.
let counts1 = new Int32Array(1024)
let counts2 = new Int32Array(1024)
let actions = new Uint8Array(1024)
let refs1 = new Int32Array(1024)
let refs2 = new Int32Array(1024)
let xs = new Int32Array(1024)
let ys = new Int32Array(1024)
let kvdBuf = new Int32Array(4096)

const grow32 = (buf: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> => buf.length >= n ? buf : new Int32Array(Math.max(n, 2 * buf.length))

/**
 * `changedLines` over lines already turned into ids (equal lines, equal ids;
 * every id below `space`): marks with 1 in `removed` (of `h1`'s length) and
 * `added` (of `h2`'s), which must hold zeros.
 */
export function changedIds (h1: Int32Array, h2: Int32Array, space: number, removed: Uint8Array, added: Uint8Array): void {
  if (counts1.length < space) { counts1 = new Int32Array(Math.max(space, 2 * counts1.length)); counts2 = new Int32Array(counts1.length) }
  const count1 = counts1
  const count2 = counts2
  for (let i = 0; i < h1.length; i++) count1[h1[i]]++
  for (let i = 0; i < h2.length; i++) count2[h2[i]]++
  try {
    diffCounted(h1, h2, count1, count2, removed, added)
  } finally {
    for (let i = 0; i < h1.length; i++) count1[h1[i]] = 0
    for (let i = 0; i < h2.length; i++) count2[h2[i]] = 0
  }
}

function diffCounted (h1: Int32Array, h2: Int32Array, count1: Int32Array, count2: Int32Array, removed: Uint8Array, added: Uint8Array): void {
  const len1 = h1.length
  const len2 = h2.length
  // trim equal ends
  const lim = Math.min(len1, len2)
  let dstart = 0
  while (dstart < lim && h1[dstart] === h2[dstart]) dstart++
  let tail = 0
  while (tail < lim - dstart && h1[len1 - 1 - tail] === h2[len2 - 1 - tail]) tail++
  const dend1 = len1 - tail - 1
  const dend2 = len2 - tail - 1

  // drop lines with no match on the other side, and multimatch lines amid them
  if (actions.length < Math.max(len1, len2)) actions = new Uint8Array(Math.max(len1, len2, 2 * actions.length))
  refs1 = grow32(refs1, len1)
  refs2 = grow32(refs2, len2)
  const reduce = (h: Int32Array, dend: number, otherCounts: Int32Array, changed: Uint8Array, ref: Int32Array): number => {
    const len = dend - dstart + 1
    const mlim = Math.min(bogosqrt(h.length), MAX_EQLIMIT)
    const action = actions
    for (let i = 0; i < len; i++) {
      const nm = otherCounts[h[i + dstart]]
      action[i] = nm === 0 ? DISCARD : nm < mlim ? KEEP : INVESTIGATE
    }
    let nref = 0
    for (let i = 0; i < len; i++) {
      let act = action[i]
      if (act === INVESTIGATE) act = cleanMmatch(action, i, len) ? DISCARD : KEEP
      if (act === KEEP) ref[nref++] = i + dstart
      else changed[i + dstart] = 1
    }
    return nref
  }
  const ref1 = refs1
  const ref2 = refs2
  const n1 = reduce(h1, dend1, count2, removed, ref1)
  const n2 = reduce(h2, dend2, count1, added, ref2)
  xs = grow32(xs, n1)
  ys = grow32(ys, n2)
  const x = xs
  const y = ys
  for (let i = 0; i < n1; i++) x[i] = h1[ref1[i]]
  for (let i = 0; i < n2; i++) y[i] = h2[ref2[i]]

  const ndiags = n1 + n2 + 3
  // (xdl_split never reads an entry it did not write first: git mallocs it)
  kvdBuf = grow32(kvdBuf, 2 * ndiags + 2)
  const kvd = kvdBuf
  const F = n2 + 1 // kvdf[d] is kvd[F + d]
  const B = ndiags + n2 + 1 // kvdb[d] is kvd[B + d]
  const mxcost = Math.max(bogosqrt(ndiags), MAX_COST_MIN)

  // xdl_split: the middle snake of a box, or a good-enough point past mxcost
  const split = (off1: number, lim1: number, off2: number, lim2: number, needMin: boolean): [number, number, boolean, boolean] => {
    const dmin = off1 - lim2
    const dmax = lim1 - off2
    const fmid = off1 - off2
    const bmid = lim1 - lim2
    const odd = ((fmid - bmid) & 1) !== 0
    let fmin = fmid; let fmax = fmid
    let bmin = bmid; let bmax = bmid
    kvd[F + fmid] = off1
    kvd[B + bmid] = lim1
    for (let ec = 1; ; ec++) {
      let gotSnake = false
      if (fmin > dmin) kvd[F + --fmin - 1] = -1
      else ++fmin
      if (fmax < dmax) kvd[F + ++fmax + 1] = -1
      else --fmax
      for (let d = fmax; d >= fmin; d -= 2) {
        let i1 = kvd[F + d - 1] >= kvd[F + d + 1] ? kvd[F + d - 1] + 1 : kvd[F + d + 1]
        const prev1 = i1
        let i2 = i1 - d
        while (i1 < lim1 && i2 < lim2 && x[i1] === y[i2]) { i1++; i2++ }
        if (i1 - prev1 > SNAKE_CNT) gotSnake = true
        kvd[F + d] = i1
        if (odd && bmin <= d && d <= bmax && kvd[B + d] <= i1) return [i1, i2, true, true]
      }
      if (bmin > dmin) kvd[B + --bmin - 1] = LINE_MAX
      else ++bmin
      if (bmax < dmax) kvd[B + ++bmax + 1] = LINE_MAX
      else --bmax
      for (let d = bmax; d >= bmin; d -= 2) {
        let i1 = kvd[B + d - 1] < kvd[B + d + 1] ? kvd[B + d - 1] : kvd[B + d + 1] - 1
        const prev1 = i1
        let i2 = i1 - d
        while (i1 > off1 && i2 > off2 && x[i1 - 1] === y[i2 - 1]) { i1--; i2-- }
        if (prev1 - i1 > SNAKE_CNT) gotSnake = true
        kvd[B + d] = i1
        if (!odd && fmin <= d && d <= fmax && i1 <= kvd[F + d]) return [i1, i2, true, true]
      }
      if (needMin) continue
      if (gotSnake && ec > HEUR_MIN_COST) {
        let best = 0
        let s1 = 0; let s2 = 0
        for (let d = fmax; d >= fmin; d -= 2) {
          const dd = d > fmid ? d - fmid : fmid - d
          const i1 = kvd[F + d]
          const i2 = i1 - d
          const v = (i1 - off1) + (i2 - off2) - dd
          if (v > K_HEUR * ec && v > best && off1 + SNAKE_CNT <= i1 && i1 < lim1 && off2 + SNAKE_CNT <= i2 && i2 < lim2) {
            for (let k = 1; x[i1 - k] === y[i2 - k]; k++) {
              if (k === SNAKE_CNT) { best = v; s1 = i1; s2 = i2; break }
            }
          }
        }
        if (best > 0) return [s1, s2, true, false]
        for (let d = bmax; d >= bmin; d -= 2) {
          const dd = d > bmid ? d - bmid : bmid - d
          const i1 = kvd[B + d]
          const i2 = i1 - d
          const v = (lim1 - i1) + (lim2 - i2) - dd
          if (v > K_HEUR * ec && v > best && off1 < i1 && i1 <= lim1 - SNAKE_CNT && off2 < i2 && i2 <= lim2 - SNAKE_CNT) {
            for (let k = 0; x[i1 + k] === y[i2 + k]; k++) {
              if (k === SNAKE_CNT - 1) { best = v; s1 = i1; s2 = i2; break }
            }
          }
        }
        if (best > 0) return [s1, s2, false, true]
      }
      if (ec >= mxcost) {
        let fbest = -1; let fbest1 = -1
        for (let d = fmax; d >= fmin; d -= 2) {
          let i1 = Math.min(kvd[F + d], lim1)
          let i2 = i1 - d
          if (lim2 < i2) { i1 = lim2 + d; i2 = lim2 }
          if (fbest < i1 + i2) { fbest = i1 + i2; fbest1 = i1 }
        }
        let bbest = LINE_MAX; let bbest1 = LINE_MAX
        for (let d = bmax; d >= bmin; d -= 2) {
          let i1 = Math.max(off1, kvd[B + d])
          let i2 = i1 - d
          if (i2 < off2) { i1 = off2 + d; i2 = off2 }
          if (i1 + i2 < bbest) { bbest = i1 + i2; bbest1 = i1 }
        }
        if ((lim1 + lim2) - bbest < fbest - (off1 + off2)) return [fbest1, fbest - fbest1, true, false]
        return [bbest1, bbest - bbest1, false, true]
      }
    }
  }

  // xdl_recs_cmp, with an explicit stack (5 numbers a box): each box is independent of the others
  const boxes: number[] = [0, n1, 0, n2, 0]
  while (boxes.length > 0) {
    const needMin = boxes.pop() === 1
    let lim2 = boxes.pop()!
    let off2 = boxes.pop()!
    let lim1 = boxes.pop()!
    let off1 = boxes.pop()!
    while (off1 < lim1 && off2 < lim2 && x[off1] === y[off2]) { off1++; off2++ }
    while (off1 < lim1 && off2 < lim2 && x[lim1 - 1] === y[lim2 - 1]) { lim1--; lim2-- }
    if (off1 === lim1) {
      for (; off2 < lim2; off2++) added[ref2[off2]] = 1
    } else if (off2 === lim2) {
      for (; off1 < lim1; off1++) removed[ref1[off1]] = 1
    } else {
      const [i1, i2, minLo, minHi] = split(off1, lim1, off2, lim2, needMin)
      boxes.push(i1, lim1, i2, lim2, minHi ? 1 : 0, off1, i1, off2, i2, minLo ? 1 : 0)
    }
  }
}
