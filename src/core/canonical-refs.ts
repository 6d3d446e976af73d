// Canonical refs: what a repository's page shows by default and what a plain
// `git clone` gets, computed from the delegates' own signed refs. A branch is
// the newest commit that at least `threshold` delegates have in their
// history (a delegate "has" a commit when its tip is that commit or a
// descendant), so one delegate cannot move it alone when the threshold is 2,
// and a delegate behind the others does not hold it back. When the commits
// that reach the threshold do not lie on one line (delegates diverged), the
// branch stays at their newest common commit. Whenever delegates' tips are
// not on one line (one delegate only behind another is not), the divergence
// is reported so the page can say so. Tags and other refs do not move along a history:
// they are canonical at an id `threshold` delegates name exactly.
//
// Pure: ancestry comes from the caller (a commit graph over the packs in the
// tab and on relays, a table in tests). With one delegate, or delegates that
// agree, no ancestry is asked for.

export interface AncestryOracle {
  /** whether `ancestor` is `descendant` or reachable from it by parents */
  isAncestor: (ancestor: string, descendant: string) => Promise<boolean>
  /** a best common ancestor of two commits (as `git merge-base`), if they have one */
  mergeBase: (a: string, b: string) => Promise<string | undefined>
}

export interface Divergence {
  ref: string
  /** each delegate's tip of the ref */
  tips: Record<string, string>
  /** the delegates' tips that no other tip contains: more than one, so not on one line */
  heads: string[]
  /** where the canonical ref stays meanwhile (absent: nowhere: the ref is not canonical) */
  chosen?: string
}

export interface CanonicalRefs {
  refs: Record<string, string>
  diverged: Divergence[]
}

/** candidates considered per ref: tips plus common ancestors found, at most */
const MAX_CANDIDATES = 64

/**
 * The canonical refs of delegates' documents (`byDelegate`: delegate →
 * refs; non-delegates must not be passed in) under `threshold`.
 */
export async function canonicalRefs (byDelegate: ReadonlyMap<string, Readonly<Record<string, string>>>, threshold: number, oracle: AncestryOracle): Promise<CanonicalRefs> {
  if (!Number.isSafeInteger(threshold) || threshold < 1) throw new RangeError('threshold must be a positive integer')
  const names = new Set<string>()
  for (const refs of byDelegate.values()) for (const name of Object.keys(refs)) names.add(name)
  const refs: Record<string, string> = {}
  const diverged: Divergence[] = []
  for (const name of [...names].sort()) {
    const tips: Record<string, string> = {}
    for (const [delegate, r] of byDelegate) if (Object.hasOwn(r, name)) tips[delegate] = r[name]
    const held = Object.values(tips)
    if (held.length < threshold) continue
    const distinct = [...new Set(held)]
    if (distinct.length === 1) { refs[name] = distinct[0]; continue }
    if (!name.startsWith('refs/heads/')) {
      const r = exactQuorum(held, threshold)
      if (r.chosen != null) refs[name] = r.chosen
      diverged.push({ ref: name, tips, heads: distinct.sort(), ...(r.chosen != null ? { chosen: r.chosen } : {}) })
      continue
    }
    const branch = new BranchQuorum(held, oracle)
    const chosen = await branch.choose(threshold)
    if (chosen != null) refs[name] = chosen
    const heads = await branch.newest(distinct)
    if (heads.length > 1) diverged.push({ ref: name, tips, heads, ...(chosen != null ? { chosen } : {}) })
  }
  return { refs, diverged }
}

/** The id named by at least `threshold` delegates; two such ids (a threshold at half or less) make none canonical. */
function exactQuorum (held: string[], threshold: number): { chosen?: string } {
  const votes = new Map<string, number>()
  for (const oid of held) votes.set(oid, (votes.get(oid) ?? 0) + 1)
  const reached = [...votes].filter(([, n]) => n >= threshold).map(([oid]) => oid)
  return reached.length === 1 ? { chosen: reached[0] } : {}
}

class BranchQuorum {
  // memoised: the same pairs come up again as candidates grow
  private readonly known = new Map<string, boolean>()
  constructor (private readonly held: string[], private readonly oracle: AncestryOracle) {}

  async isAncestor (a: string, b: string): Promise<boolean> {
    if (a === b) return true
    const key = `${a} ${b}`
    let r = this.known.get(key)
    if (r == null) { r = await this.oracle.isAncestor(a, b); this.known.set(key, r) }
    return r
  }

  /** those of `commits` no other of them descends from, sorted */
  async newest (commits: string[]): Promise<string[]> {
    const out: string[] = []
    for (const c of commits) {
      let older = false
      for (const d of commits) if (d !== c && await this.isAncestor(c, d)) { older = true; break }
      if (!older) out.push(c)
    }
    return out.sort()
  }

  /** the newest commit at least `threshold` of the tips contain */
  async choose (threshold: number): Promise<string | undefined> {
    // the tips and their common ancestors: the newest commit several
    // delegates share is a merge base of tips, or of merge bases of tips
    const candidates = [...new Set(this.held)]
    for (let i = 0; i < candidates.length && candidates.length < MAX_CANDIDATES; i++) {
      for (let j = 0; j < i && candidates.length < MAX_CANDIDATES; j++) {
        const base = await this.oracle.mergeBase(candidates[i], candidates[j])
        if (base != null && !candidates.includes(base)) candidates.push(base)
      }
    }
    const quorum: string[] = []
    for (const c of candidates) {
      let votes = 0
      for (const tip of this.held) if (await this.isAncestor(c, tip)) votes++
      if (votes >= threshold) quorum.push(c)
    }
    const heads = await this.newest(quorum)
    if (heads.length <= 1) return heads[0]
    // commits reaching the threshold on two lines: stay at the newest one
    // both lines contain
    const common: string[] = []
    for (const c of quorum) {
      let inAll = true
      for (const h of heads) if (!await this.isAncestor(c, h)) { inAll = false; break }
      if (inAll) common.push(c)
    }
    const newest = await this.newest(common)
    return newest.length === 1 ? newest[0] : undefined
  }
}
