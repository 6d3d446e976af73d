// Evaluating a collaborative object: the same changes give the same state on
// every peer, whatever order they arrived in. Changes are applied in order of
// (Lamport clock, commit id); since a valid change's clock is above each of
// its parents', that order is also topological, and a change met before one
// of its parents has a clock not above it and is dropped. A change is applied
// whole or not at all; one that is forged, malformed, unauthorised, whose
// clock is not above its parents' or far ahead of them, or which relies on an
// identity version older than one its past relied on, is dropped with every
// change after it in its history. A change with a parent not held yet waits
// (pending): it may become valid when the parent arrives.
//
// Incremental: a state kept with the key of its last change takes new
// changes that all sort after that key without replaying the old ones; any
// other arrival replays the object's changes (which are kept decoded, so no
// signature is checked twice).
import { MAX_CLOCK_STEP } from './change.js'
import type { BadChange, Change, LoadedChange } from './change.js'

/** Who the delegates are at each identity version the holder knows (index = version). */
export interface IdentityVersions { delegates: readonly (readonly string[])[] }

export interface ApplyContext {
  /** the delegates at the identity version the change relies on */
  delegates: readonly string[]
}

/**
 * An object type's rules. `check` says why a change may not be applied to
 * `state` (undefined: it may), without touching it; `apply` then applies it.
 */
export interface Reducer<S> {
  type: string
  init: (root: Change, ctx: ApplyContext) => S | string
  check: (state: S, change: Change, ctx: ApplyContext) => string | undefined
  apply: (state: S, change: Change, ctx: ApplyContext) => void
}

export interface Applied { clock: number, identity: number }

export interface Evaluation<S> {
  root: string
  /** undefined: the root is not held, or is not valid (then `rootError` says why) */
  state?: S
  rootError?: string
  /** every change applied, with what later changes are checked against */
  applied: Record<string, Applied>
  /** the key (clock, id) of the last change applied */
  last?: [number, string]
  dropped: Array<{ change: string, reason: string }>
  /** changes waiting for a parent not held */
  pending: string[]
}

function before (a: [number, string], b: [number, string]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])
}

const byKey = (a: Change, b: Change): number => a.clock - b.clock || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** Evaluates object `root` from all the changes held of it. */
export function evaluate<S> (root: string, changes: Iterable<LoadedChange>, reducer: Reducer<S>, ids: IdentityVersions): Evaluation<S> {
  const ev: Evaluation<S> = { root, applied: {}, dropped: [], pending: [] }
  return continueEvaluation(ev, changes, reducer, ids)
}

/**
 * `prev` carried on with `fresh` changes (ones it has not seen). When every
 * fresh change sorts after prev's last, they are applied on top of its state
 * (which is changed in place: pass a copy to keep the old one); otherwise
 * the caller must evaluate all changes again: `undefined` says so.
 */
export function extendEvaluation<S> (prev: Evaluation<S>, fresh: LoadedChange[], reducer: Reducer<S>, ids: IdentityVersions): Evaluation<S> | undefined {
  if (prev.state == null || prev.last == null || prev.pending.length > 0) return undefined
  for (const l of fresh) {
    if (!l.ok) continue
    if (!before(prev.last, [l.change.clock, l.change.id])) return undefined
  }
  return continueEvaluation({ ...prev, applied: { ...prev.applied }, dropped: [...prev.dropped], pending: [] }, fresh, reducer, ids)
}

function continueEvaluation<S> (ev: Evaluation<S>, changes: Iterable<LoadedChange>, reducer: Reducer<S>, ids: IdentityVersions): Evaluation<S> {
  const good: Change[] = []
  const bad = new Map<string, BadChange>()
  const held = new Set<string>(Object.keys(ev.applied))
  for (const d of ev.dropped) held.add(d.change)
  for (const l of changes) {
    const id = l.ok ? l.change.id : l.bad.id
    if (held.has(id)) continue
    held.add(id)
    if (l.ok) good.push(l.change)
    else bad.set(id, l.bad)
  }
  const dropped = new Set(ev.dropped.map(d => d.change))
  const pending = new Set<string>()
  const drop = (id: string, reason: string): void => { dropped.add(id); ev.dropped.push({ change: id, reason }) }
  for (const b of [...bad.values()].sort((x, y) => x.id < y.id ? -1 : 1)) drop(b.id, b.reason)
  if (bad.size > 0 && bad.has(ev.root)) ev.rootError = bad.get(ev.root)!.reason
  // a bad change's descendants are dropped as they come up: their parent is in `dropped`
  good.sort(byKey)
  for (const c of good) {
    const reason = judge(ev, c, held, dropped, pending, reducer, ids)
    if (reason === PENDING) { pending.add(c.id); continue }
    if (reason != null) {
      drop(c.id, reason)
      if (c.id === ev.root) ev.rootError = reason
      continue
    }
    ev.applied[c.id] = { clock: c.clock, identity: c.identity }
    ev.last = [c.clock, c.id]
  }
  ev.pending = [...pending]
  return ev
}

const PENDING = Symbol('pending')

function judge<S> (ev: Evaluation<S>, c: Change, held: Set<string>, dropped: Set<string>, pending: Set<string>, reducer: Reducer<S>, ids: IdentityVersions): string | typeof PENDING | undefined {
  if (c.type !== reducer.type) return `it is a ${c.type} change, not a ${reducer.type} one`
  let maxClock = 0
  let maxIdentity = 0
  for (const p of c.parents) {
    const a = ev.applied[p]
    if (a != null) {
      if (c.clock <= a.clock) return 'its clock is not above its parents\''
      maxClock = Math.max(maxClock, a.clock)
      maxIdentity = Math.max(maxIdentity, a.identity)
      continue
    }
    if (dropped.has(p)) return 'it comes after a change that was dropped'
    if (pending.has(p) || !held.has(p)) return PENDING
    // held, good, not yet met in (clock, id) order: its clock is not below ours
    return 'its clock is not above its parents\''
  }
  if (c.clock > maxClock + MAX_CLOCK_STEP) return `its clock runs more than ${MAX_CLOCK_STEP} ahead of its parents'`
  if (c.identity < maxIdentity) return `it relies on identity version ${c.identity}, older than version ${maxIdentity} in its past`
  const delegates = ids.delegates[c.identity]
  // a version not held yet may arrive with the identity chain
  if (delegates == null) return PENDING
  const ctx = { delegates }
  if (c.id === ev.root) {
    if (c.parents.length > 0) return 'the object\'s first change has parents'
    const s = reducer.init(c, ctx)
    if (typeof s === 'string') return s
    ev.state = s
    return undefined
  }
  if (c.parents.length === 0) return 'a change without parents that is not the object\'s first'
  if (ev.state == null) return PENDING
  const why = reducer.check(ev.state, c, ctx)
  if (why != null) return why
  reducer.apply(ev.state, c, ctx)
  return undefined
}

/** The changes a new one builds on: every applied change that no applied change has as a parent. */
export function headsOf (applied: Record<string, Applied>, parentsOf: (id: string) => readonly string[]): string[] {
  const inner = new Set<string>()
  for (const id of Object.keys(applied)) for (const p of parentsOf(id)) inner.add(p)
  return Object.keys(applied).filter(id => !inner.has(id)).sort()
}

/** The clock a new change on `heads` takes. */
export function nextClock (applied: Record<string, Applied>, heads: readonly string[]): number {
  let max = 0
  for (const h of heads) max = Math.max(max, applied[h]?.clock ?? 0)
  return max + 1
}
