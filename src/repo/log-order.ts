// The order of the log: exactly `git log --topo-order <start>`.
//
// git's rule (commit.c, sort_in_topological_order, and the same result from
// revision.c's incremental walk when a commit-graph exists): count, for every
// commit reachable from the start, how many of its children are reachable;
// then keep a stack (LIFO, no dates at all), seeded with the start. Pop a
// commit, show it, and for each of its parents in order, take one child off
// the parent's count; a parent whose children have all been shown is pushed.
// So no parent comes before any of its children, and after a merge the line
// of its last parent is shown first, down to where it forks, then the next.
// Dates play no part: equal dates and skewed clocks change nothing.
//
// Knowing that a parent has no child left to show needs the whole history
// reachable from the start, so the first page costs one walk of all commit
// parents. The order is then kept per start commit: a commit's ancestry never
// changes, so every later page (and every other reader of the same start) is
// a slice of it with no walk at all.

/** A commit's parents in order; undefined when the commit is not held (a shallow edge). */
export type ReadParents = (oid: string) => Promise<readonly string[] | undefined>

export interface TopoOrderOptions {
  signal?: AbortSignal
}

export interface TopoOrder {
  /** every commit reachable from the start, newest first, each once */
  oids: string[]
  /** false when some reachable commit was not held, so the order may grow once it is */
  complete: boolean
}

export async function topoOrder (start: string, readParents: ReadParents, opts: TopoOrderOptions = {}): Promise<TopoOrder> {
  // 1. the reachable graph, and how many reachable children each commit has
  const parents = new Map<string, readonly string[]>()
  const children = new Map<string, number>()
  let complete = true
  const todo = [start]
  children.set(start, 0)
  while (todo.length > 0) {
    const oid = todo.pop()!
    if (parents.has(oid)) continue
    if (parents.size % 1000 === 999) opts.signal?.throwIfAborted()
    const ps = await readParents(oid)
    if (ps == null) {
      complete = false
      parents.set(oid, [])
      continue
    }
    parents.set(oid, ps)
    for (const p of ps) {
      children.set(p, (children.get(p) ?? 0) + 1)
      if (!parents.has(p)) todo.push(p)
    }
  }

  // 2. git's emission: a stack, a parent pushed once its last child is shown
  const oids: string[] = []
  const stack = [start]
  while (stack.length > 0) {
    const oid = stack.pop()!
    oids.push(oid)
    for (const p of parents.get(oid) ?? []) {
      const left = children.get(p)! - 1
      children.set(p, left)
      if (left === 0) stack.push(p)
    }
  }
  // A commit whose own ancestry loops (impossible with hashed ids, but the
  // data is untrusted) never reaches zero and is left out, never repeated.
  return { oids, complete }
}

/**
 * Orders kept per key (a repository and a start commit), most recent
 * first, up to `max` of them. A walk in progress is shared by everyone who
 * asks for the same key; a failed or incomplete one is not kept.
 */
export class TopoOrderCache {
  private readonly orders = new Map<string, Promise<TopoOrder>>()

  constructor (private readonly max = 4) {}

  async get (key: string, compute: () => Promise<TopoOrder>): Promise<TopoOrder> {
    let order = this.orders.get(key)
    if (order != null) {
      this.orders.delete(key)
      this.orders.set(key, order)
      return order
    }
    order = compute()
    this.orders.set(key, order)
    for (const k of this.orders.keys()) {
      if (this.orders.size <= this.max) break
      this.orders.delete(k)
    }
    try {
      const done = await order
      if (!done.complete) this.drop(key, order)
      return done
    } catch (err) {
      this.drop(key, order)
      throw err
    }
  }

  private drop (key: string, order: Promise<TopoOrder>): void {
    if (this.orders.get(key) === order) this.orders.delete(key)
  }
}

const OID = /^[0-9a-f]{40}$/

const shared = new WeakMap<object, TopoOrderCache>()

/** The cache of orders belonging to `owner` (a repository store), made on first use. */
export function topoOrdersOf (owner: object): TopoOrderCache {
  let c = shared.get(owner)
  if (c == null) { c = new TopoOrderCache(); shared.set(owner, c) }
  return c
}

/** The parents of a raw commit object: its `parent <oid>` header lines, in order. */
export function commitParents (raw: Uint8Array): string[] {
  const parents: string[] = []
  const text = new TextDecoder().decode(raw.subarray(0, headerEnd(raw)))
  for (const line of text.split('\n')) {
    if (line.startsWith('parent ')) {
      const oid = line.slice(7)
      if (OID.test(oid)) parents.push(oid)
    } else if (parents.length > 0 || (!line.startsWith('tree ') && line !== '')) break
  }
  return parents
}

/** where the header ends (the blank line before the message) */
function headerEnd (raw: Uint8Array): number {
  for (let i = 0; i + 1 < raw.length; i++) if (raw[i] === 10 && raw[i + 1] === 10) return i
  return raw.length
}
