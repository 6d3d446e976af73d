// A clone's progress in words. A clone that finds nobody says so and what
// it does next, never a bare "Opening a repository".
import { formatBytes } from './format.js'
import type { CloneProgress } from '../../app/types.js'

export function cloneProgressText (p: CloneProgress, now: number): string {
  switch (p.phase) {
    case 'Joining the network': return 'Joining the network…'
    case 'Finding peers': return p.tried != null && p.tried > 0 ? `Looking for peers that have it — ${p.tried} asked so far` : 'Looking for peers that have it…'
    case 'Waiting for peers': {
      const asked = p.tried != null && p.tried > 0 ? `${p.tried} asked` : 'none reachable yet'
      const next = p.next != null ? `, looking again in ${Math.max(0, Math.ceil((p.next - now) / 1000))} s` : ''
      return `Waiting for a peer that has it — ${asked}${next}`
    }
    case 'Receiving objects':
      return p.total != null
        ? `Receiving objects — ${formatBytes(p.received ?? 0)} of ${formatBytes(p.total)}, ${p.indexed ?? 0} of ${p.objects ?? '?'} objects checked`
        : 'Receiving objects'
    default: return p.phase
  }
}
