// The commit graph that merge bases, ahead/behind counts and commit ranges
// walk: each commit a small integer, its parents as integers, its committer
// date, loaded only as walks reach it. A commit's parents never change, so
// one graph per repository serves every later question, and the ancestry of
// a tip (a mark per commit) is kept for the last few tips asked about: the
// branches page asks about one base (the default branch) hundreds of times.

/** A commit's parents and committer date (seconds); undefined when it is not held (a shallow edge). */
export type ReadCommitFacts = (oid: string) => Promise<{ parents: readonly string[], date: number } | undefined>

/** a graph past this many commits is refused rather than grown without end */
export const MAX_GRAPH_COMMITS = 2_000_000

export class GraphTooLargeError extends Error {
  static name = 'GraphTooLargeError'
  name = 'GraphTooLargeError'
}

/** The commits reachable from a tip: `has(i)` for commit i; commits added to the graph later are never in it. */
export interface Ancestry {
  readonly marks: Uint8Array
  readonly count: number
  /** false when some ancestor was not held */
  readonly complete: boolean
}

const NOT_LOADED = -1
const MISSING = -2

export class CommitGraph {
  private readonly ids = new Map<string, number>()
  readonly oids: string[] = []
  /** parents per commit; empty until loaded */
  readonly parents: number[][] = []
  /** committer date; NOT_LOADED, or MISSING for a commit not held */
  readonly dates: number[] = []
  private readonly ancestries = new Map<number, Promise<Ancestry>>()

  constructor (private readonly keepAncestries = 4) {}

  get size (): number { return this.oids.length }

  /** The integer of `oid`, made on first use. */
  id (oid: string): number {
    let i = this.ids.get(oid)
    if (i == null) {
      if (this.oids.length >= MAX_GRAPH_COMMITS) throw new GraphTooLargeError(`more than ${MAX_GRAPH_COMMITS} commits`)
      i = this.oids.length
      this.ids.set(oid, i)
      this.oids.push(oid)
      this.parents.push([])
      this.dates.push(NOT_LOADED)
    }
    return i
  }

  /** Loads commit i's parents if need be; false when the commit is not held. */
  async load (i: number, read: ReadCommitFacts): Promise<boolean> {
    if (this.dates[i] === NOT_LOADED) {
      const facts = await read(this.oids[i])
      if (this.dates[i] !== NOT_LOADED) return this.dates[i] !== MISSING // loaded meanwhile
      if (facts == null) { this.dates[i] = MISSING; return false }
      this.parents[i] = facts.parents.map(p => this.id(p))
      this.dates[i] = facts.date
    }
    return this.dates[i] !== MISSING
  }

  date (i: number): number { return Math.max(0, this.dates[i]) }

  /** Everything reachable from `tip`, the tip included; kept for the last few tips. */
  async ancestry (tip: number, read: ReadCommitFacts, opts: { signal?: AbortSignal } = {}): Promise<Ancestry> {
    let a = this.ancestries.get(tip)
    if (a != null) {
      this.ancestries.delete(tip)
      this.ancestries.set(tip, a)
      return await a
    }
    a = this.walkAll(tip, read, opts.signal)
    this.ancestries.set(tip, a)
    for (const k of this.ancestries.keys()) {
      if (this.ancestries.size <= this.keepAncestries) break
      this.ancestries.delete(k)
    }
    try {
      const done = await a
      if (!done.complete) this.ancestries.delete(tip)
      return done
    } catch (err) {
      if (this.ancestries.get(tip) === a) this.ancestries.delete(tip)
      throw err
    }
  }

  private async walkAll (tip: number, read: ReadCommitFacts, signal?: AbortSignal): Promise<Ancestry> {
    const seen = new Set<number>([tip])
    const todo = [tip]
    let complete = true
    while (todo.length > 0) {
      const i = todo.pop()!
      if (seen.size % 1000 === 999) signal?.throwIfAborted()
      if (!await this.load(i, read)) { complete = false; continue }
      for (const p of this.parents[i]) if (!seen.has(p)) { seen.add(p); todo.push(p) }
    }
    // sized now: every ancestor has its integer already, later commits are not ancestors
    const marks = new Uint8Array(this.size)
    for (const i of seen) marks[i] = 1
    return { marks, count: seen.size, complete }
  }
}

/** Whether commit i is in the ancestry. */
export const inAncestry = (a: Ancestry, i: number): boolean => i < a.marks.length && a.marks[i] === 1

const decoder = new TextDecoder()

/** The parents and committer date of a raw commit object, from its header. */
export function commitFacts (raw: Uint8Array): { parents: string[], date: number } {
  let end = raw.length
  for (let i = 0; i + 1 < raw.length; i++) if (raw[i] === 10 && raw[i + 1] === 10) { end = i; break }
  const parents: string[] = []
  let date = 0
  for (const line of decoder.decode(raw.subarray(0, end)).split('\n')) {
    if (line.startsWith('parent ')) {
      const p = line.slice(7)
      if (/^[0-9a-f]{40}$/.test(p)) parents.push(p)
    } else if (line.startsWith('committer ')) {
      date = identityTime(line)
    }
  }
  return { parents, date }
}

/** The timestamp of an `author`/`committer`/`tagger` line: `Name <email> 1700000000 +0100`. */
export function identityTime (line: string): number {
  const m = /> (-?\d+) [+-]\d{4}$/.exec(line)
  return m == null ? 0 : Number(m[1])
}

const graphs = new WeakMap<object, Map<string, CommitGraph>>()

/** The graph of repository `rid` of `owner` (a repository store), made on first use. */
export function commitGraphOf (owner: object, rid: string): CommitGraph {
  let byRid = graphs.get(owner)
  if (byRid == null) { byRid = new Map(); graphs.set(owner, byRid) }
  let g = byRid.get(rid)
  if (g == null) { g = new CommitGraph(); byRid.set(rid, g) }
  return g
}
