// Want/have planning: what to ask a peer for, given what we hold. Pure.
// Haves are our current tips; the server leaves out everything reachable
// from the haves it knows, which our store holds in full by construction.

export interface FetchPlan {
  wants: string[]
  haves: string[]
  /** true when the remote refs add nothing we do not already point at */
  upToDate: boolean
}

export function planFetch (local: Record<string, string> | undefined, remote: Record<string, string>, has: (oid: string) => boolean = () => false): FetchPlan {
  const haves = [...new Set(Object.values(local ?? {}))].sort()
  const known = new Set(haves)
  const wants = [...new Set(Object.values(remote))].filter(oid => !known.has(oid) && !has(oid)).sort()
  return { wants, haves, upToDate: wants.length === 0 }
}
