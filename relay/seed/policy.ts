// Which repositories a relay keeps copies of: `--seed all|none|<rid,...>`. Pure.
import { isRid } from '../../src/core/genesis.js'

export type SeedPolicy = { kind: 'all' } | { kind: 'none' } | { kind: 'list', rids: Set<string> }

export function parseSeedPolicy (value: string): SeedPolicy | string {
  const v = value.trim()
  if (v === 'all') return { kind: 'all' }
  if (v === 'none') return { kind: 'none' }
  const rids = v.split(',').map(s => s.trim()).filter(Boolean)
  const bad = rids.find(r => !isRid(r))
  if (rids.length === 0 || bad != null) return `--seed takes all, none, or a comma-separated list of repository ids (bafkrei...); "${bad ?? v}" is none of these`
  return { kind: 'list', rids: new Set(rids) }
}

export function seeds (policy: SeedPolicy, rid: string): boolean {
  return policy.kind === 'all' || (policy.kind === 'list' && policy.rids.has(rid))
}
