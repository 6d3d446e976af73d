// How many commits a branch is ahead of and behind another (the default
// branch, on the branches page), kept per pair of tips: a commit's history
// never changes, so the answer for two tips holds for good.
import { meetTips } from './merge-base.js'
import type { CommitGraph, ReadCommitFacts } from './merge-base-graph.js'

export interface AheadBehind { ahead: number, behind: number }

/** answers kept; past this, the oldest asked go */
const MAX_KEPT = 10_000

export class AheadBehindCache {
  private readonly kept = new Map<string, AheadBehind>()
  constructor (private readonly max = MAX_KEPT) {}

  /** as `git rev-list --left-right --count base...head`: [behind, ahead] */
  async get (graph: CommitGraph, base: string, head: string, read: ReadCommitFacts, opts: { signal?: AbortSignal } = {}): Promise<AheadBehind> {
    const key = `${base} ${head}`
    const hit = this.kept.get(key)
    if (hit != null) return hit
    const m = await meetTips(graph, base, head, read, opts)
    const answer = { ahead: m.ahead, behind: m.behind }
    // an answer over a history partly missing may change once the rest arrives
    if (m.complete) {
      this.kept.set(key, answer)
      for (const k of this.kept.keys()) {
        if (this.kept.size <= this.max) break
        this.kept.delete(k)
      }
    }
    return answer
  }
}
