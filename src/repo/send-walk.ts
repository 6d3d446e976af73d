// What a peer lacks: the objects reachable from its wants and not from its
// haves, found as git's upload-pack finds them, without walking the whole
// history:
//  1. commits first: from the wants and the haves at once, newest first
//     (by committer date), the haves' side marking what it reaches as
//     theirs; the walk stops as soon as only their commits are left to
//     visit. The new commits are what was visited and is not theirs; the
//     boundary is their commits that new ones have as parents.
//  2. then trees and blobs: each new commit's tree against its parents'
//     trees, path by path, going into a directory only where it differs
//     from every parent's: what a parent has at the same path is either the
//     peer's (a boundary commit's) or sent for that parent. An entry at a
//     path no parent has is left out when a parent holds it in the same
//     directory (a rename); a directory there (added, or moved) is looked
//     up in the boundary commits' trees, walked whole once, as git marks
//     the edges' trees uninteresting: a moved directory is not sent again.
//     A single file there is not worth that walk (a whole history's trees,
//     for an added file): it is sent, unless the walk was made anyway.
// Clock skew can only make it send commits the peer has (a commit visited
// before the have it descends from), never leave one out: a commit is
// left out only once it is known to be reachable from a have.
// With no haves (a clone) it is a plain walk of everything the wants reach.
import { oidToHex } from './pack/hex.js'
import { IdTable, scanTree } from './pack/id-table.js'
import { MissingObjectError } from './pack/pack-writer.js'
import { parseTree } from './pack/tree-entries.js'
import { PackError } from './pack/pack-error.js'
import { yieldToEventLoop } from './pack/yield.js'
import type { ObjectStore, RawObject } from './pack/object-store.js'
import type { TreeEntry } from './pack/tree-entries.js'

export interface SendWalkOptions {
  signal?: AbortSignal
  /** objects found so far */
  onProgress?: (found: number) => void
}

export interface SendSet {
  oids: Set<string>
  /** new commits, and the peer's commits they stand on */
  commits: number
  boundary: number
}

interface Commit { oid: string, tree: string, parents: string[], date: number, flags: number }

const THEIRS = 1
const QUEUED = 2
const VISITED = 4
/** a tag on a tag on a tag...: git has no limit, we do */
const MAX_PEEL = 32
const TREE_CACHE = 4096
const SLICE_MS = 25

export async function objectsToSend (store: ObjectStore, wants: string[], haves: string[], opts: SendWalkOptions = {}): Promise<SendSet> {
  return await new SendWalk(store, opts).run(wants, haves.filter(h => store.has(h)))
}

class SendWalk {
  private readonly out = new Set<string>()
  /** trees, blobs and tags the peer holds, outside the commit walk */
  private readonly theirs = new Set<string>()
  private readonly commits = new Map<string, Commit>()
  private readonly queue = new DateHeap()
  /** commits in the queue that are not theirs: the walk goes on while there are any */
  private ours = 0
  private readonly trees = new Map<string, TreeEntry[]>()
  /** what the boundary commits' trees hold, once walked */
  private boundaryObjects: IdTable | undefined
  /** ids met by walkAll, as bytes */
  private readonly seen = new IdTable()
  private boundary: Commit[] = []
  private sliceStart = performance.now()

  constructor (private readonly store: ObjectStore, private readonly opts: SendWalkOptions) {}

  async run (wants: string[], haves: string[]): Promise<SendSet> {
    const rootTrees: string[] = []
    for (const have of haves) await this.peel(have, true, rootTrees)
    for (const want of wants) await this.peel(want, false, rootTrees)
    while (this.queue.size > 0 && this.ours > 0) {
      const c = this.queue.pop()!
      c.flags |= VISITED
      const theirs = (c.flags & THEIRS) !== 0
      if (!theirs) this.ours--
      for (const p of c.parents) await this.enqueue(p, theirs)
      await this.tick()
    }
    const fresh = [...this.commits.values()].filter(c => (c.flags & (VISITED | THEIRS)) === VISITED)
    const boundary = new Set<Commit>()
    for (const c of fresh) {
      this.out.add(c.oid)
      for (const p of c.parents) {
        const pc = this.commits.get(p)!
        if ((pc.flags & THEIRS) !== 0) boundary.add(pc)
      }
    }
    this.boundary = [...boundary]
    const plain = this.theirs.size === 0 && this.boundary.length === 0
    for (const c of fresh) {
      if (plain) await this.walkAll(c.tree)
      else await this.diff(c.tree, c.parents.map(p => this.commits.get(p)!.tree))
    }
    for (const t of rootTrees) {
      if (plain) await this.walkAll(t)
      else await this.diff(t, [])
    }
    return { oids: this.out, commits: fresh.length, boundary: this.boundary.length }
  }

  /** A want or a have: tags peeled (each one sent, or known theirs) down to a commit, tree or blob. */
  private async peel (oid: string, theirs: boolean, rootTrees: string[]): Promise<void> {
    for (let i = 0; i < MAX_PEEL; i++) {
      // a tag the peer has: so is what it points at
      if (!theirs && this.theirs.has(oid)) return
      const obj = await this.read(oid)
      if (obj.type === 'commit') { await this.enqueue(oid, theirs, obj); return }
      if (theirs) this.theirs.add(oid)
      else if (obj.type !== 'tree') this.out.add(oid)
      if (obj.type === 'tree') { if (!theirs) rootTrees.push(oid); return }
      if (obj.type === 'blob') return
      oid = tagTarget(obj.data, oid)
    }
    throw new PackError(`tag ${oid} is nested more than ${MAX_PEEL} deep`)
  }

  private async enqueue (oid: string, theirs: boolean, obj?: RawObject): Promise<void> {
    let c = this.commits.get(oid)
    if (c == null) {
      const read = obj ?? await this.read(oid)
      if (read.type !== 'commit') throw new PackError(`${oid} is a parent but not a commit`)
      c = parseCommit(oid, read.data)
      this.commits.set(oid, c)
    }
    if (theirs) this.markTheirs(c)
    if ((c.flags & QUEUED) === 0) {
      c.flags |= QUEUED
      this.queue.push(c)
      if ((c.flags & THEIRS) === 0) this.ours++
    }
  }

  /** `c` is reachable from a have: so is everything below it that the walk has seen. */
  private markTheirs (c: Commit): void {
    const stack = [c]
    while (stack.length > 0) {
      const x = stack.pop()!
      if ((x.flags & THEIRS) !== 0) continue
      x.flags |= THEIRS
      if ((x.flags & (QUEUED | VISITED)) === QUEUED) this.ours--
      if ((x.flags & VISITED) !== 0) for (const p of x.parents) { const pc = this.commits.get(p); if (pc != null) stack.push(pc) }
    }
  }

  /** Everything under `tree` not found yet (a clone: no one holds anything). */
  private async walkAll (tree: string): Promise<void> {
    if (this.out.has(tree)) return
    this.out.add(tree)
    const stack = [tree]
    while (stack.length > 0) {
      const t = stack.pop()!
      const data = await this.treeBytes(t)
      scanTree(data, t, (kind, at) => {
        if (kind === 'commit' || !this.seen.add(data, at)) return
        const oid = oidToHex(data, at)
        if (this.out.has(oid)) return
        this.out.add(oid)
        if (kind === 'tree') stack.push(oid)
      })
      await this.tick()
    }
  }

  /** What of `tree` neither the parents' trees at the same place nor the peer hold. */
  private async diff (tree: string, parents: string[]): Promise<void> {
    if (this.out.has(tree) || this.theirs.has(tree) || parents.includes(tree)) return
    if (parents.length === 0 && await this.inBoundary(tree)) return
    this.out.add(tree)
    const entries = await this.tree(tree, true)
    const theirs = await Promise.all(parents.map(async p => byName(await this.tree(p, true))))
    let beside: Set<string> | undefined
    for (const e of entries) {
      if (e.type === 'commit' || this.out.has(e.oid) || this.theirs.has(e.oid)) continue
      const same = theirs.map(m => m.get(e.path))
      if (same.some(s => s?.oid === e.oid)) continue
      if (same.every(s => s == null)) {
        // at a path no parent has: renamed within this directory (a
        // parent holds it beside), or moved or copied from elsewhere
        beside ??= new Set(theirs.flatMap(m => [...m.values()].map(s => s.oid)))
        if (beside.has(e.oid)) continue
        // a directory moved whole is worth a walk of the boundary's trees
        // (once); a single file is not: it is sent unless that walk was
        // made anyway, as git sends a file copied from an old commit
        if (e.type === 'tree' ? await this.inBoundary(e.oid) : this.boundaryObjects?.hasHex(e.oid) === true) continue
      }
      if (e.type === 'tree') await this.diff(e.oid, same.filter(s => s?.type === 'tree').map(s => s!.oid))
      else this.out.add(e.oid)
    }
    await this.tick()
  }

  /** Whether a boundary commit's tree holds `oid` (those trees are walked once, on first need). */
  private async inBoundary (oid: string): Promise<boolean> {
    if (this.boundary.length === 0) return false
    if (this.boundaryObjects == null) {
      const seen = new IdTable()
      const stack: string[] = []
      const root = new Uint8Array(20)
      for (const c of this.boundary) {
        for (let i = 0; i < 20; i++) root[i] = parseInt(c.tree.slice(2 * i, 2 * i + 2), 16)
        if (seen.add(root, 0)) stack.push(c.tree)
      }
      while (stack.length > 0) {
        const t = stack.pop()!
        const data = await this.treeBytes(t)
        scanTree(data, t, (kind, at) => {
          if (kind !== 'commit' && seen.add(data, at) && kind === 'tree') stack.push(oidToHex(data, at))
        })
        await this.tick()
      }
      this.boundaryObjects = seen
    }
    return this.boundaryObjects.hasHex(oid)
  }

  private async treeBytes (oid: string): Promise<Uint8Array> {
    const obj = await this.read(oid)
    if (obj.type !== 'tree') throw new PackError(`${oid} is named as a tree but is a ${obj.type}`)
    return obj.data
  }

  /** A tree's entries; `keep`: cache them (trees compared against again). */
  private async tree (oid: string, keep: boolean): Promise<TreeEntry[]> {
    const hit = this.trees.get(oid)
    if (hit != null) return hit
    const obj = await this.read(oid)
    if (obj.type !== 'tree') throw new PackError(`${oid} is named as a tree but is a ${obj.type}`)
    const entries = parseTree(obj.data, oid)
    if (keep) {
      if (this.trees.size >= TREE_CACHE) this.trees.delete(this.trees.keys().next().value!)
      this.trees.set(oid, entries)
    }
    return entries
  }

  private async read (oid: string): Promise<RawObject> {
    const obj = await this.store.read(oid)
    if (obj == null) throw new MissingObjectError(`object ${oid} is reachable from the refs but not held here`)
    return obj
  }

  private async tick (): Promise<void> {
    if (performance.now() - this.sliceStart < SLICE_MS) return
    this.opts.onProgress?.(this.out.size)
    await yieldToEventLoop()
    this.opts.signal?.throwIfAborted()
    this.sliceStart = performance.now()
  }
}

const byName = (entries: TreeEntry[]): Map<string, TreeEntry> => new Map(entries.map(e => [e.path, e]))

const latin1 = new TextDecoder('latin1')

/** tree, parents and committer date of a commit (its headers only). */
function parseCommit (oid: string, data: Uint8Array): Commit {
  let end = 0
  while (end + 1 < data.length && !(data[end] === 0x0a && data[end + 1] === 0x0a)) end++
  const lines = latin1.decode(data.subarray(0, end + 1)).split('\n')
  const tree = /^tree ([0-9a-f]{40})$/.exec(lines[0] ?? '')?.[1]
  if (tree == null) throw new PackError(`commit ${oid} is malformed: it does not start with a tree line`)
  const parents: string[] = []
  let date = 0
  for (const line of lines.slice(1)) {
    const parent = /^parent ([0-9a-f]{40})$/.exec(line)?.[1]
    if (parent != null) parents.push(parent)
    else if (line.startsWith('committer ')) date = Number(/> (\d+) [+-]\d{4}$/.exec(line)?.[1] ?? 0)
  }
  return { oid, tree, parents, date, flags: 0 }
}

function tagTarget (data: Uint8Array, oid: string): string {
  const target = /^object ([0-9a-f]{40})\n/.exec(latin1.decode(data.subarray(0, 48)))?.[1]
  if (target == null) throw new PackError(`tag ${oid} is malformed: it does not start with an object line`)
  return target
}

/** Commits, newest first (a binary max-heap on the committer date). */
class DateHeap {
  private readonly items: Commit[] = []
  get size (): number { return this.items.length }

  push (c: Commit): void {
    const a = this.items
    a.push(c)
    let i = a.length - 1
    while (i > 0) {
      const up = (i - 1) >> 1
      if (a[up].date >= a[i].date) break
      ;[a[up], a[i]] = [a[i], a[up]]
      i = up
    }
  }

  pop (): Commit | undefined {
    const a = this.items
    if (a.length === 0) return undefined
    const top = a[0]
    const last = a.pop()!
    if (a.length > 0) {
      a[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && a[l].date > a[m].date) m = l
        if (r < a.length && a[r].date > a[m].date) m = r
        if (m === i) break
        ;[a[m], a[i]] = [a[i], a[m]]
        i = m
      }
    }
    return top
  }
}
