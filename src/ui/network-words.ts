// The network's state in words, for the header and the network page.
import type { NetworkSnapshot } from '../app/types.js'

export const shortPeer = (peerId: string): string => peerId.length > 16 ? `${peerId.slice(0, 8)}…${peerId.slice(-6)}` : peerId

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

export function statusText (s: NetworkSnapshot): string {
  if (s.state === 'connected') return `Connected to ${plural(s.relayCount, 'relay')}, ${plural(s.peerCount, 'peer')}`
  if (s.state === 'offline') return 'Offline'
  return s.state === 'starting' ? 'Starting…' : 'Connecting…'
}

/** "in 12 s", "now" */
export function untilText (at: number, now: number): string {
  const s = Math.max(0, Math.ceil((at - now) / 1000))
  return s === 0 ? 'now' : `in ${s} s`
}

/** Why it is offline, in one line: the reason, each relay tried with its error, and the next try. */
export function offlineText (offline: NonNullable<NetworkSnapshot['offline']>, now: number): string {
  const tried = offline.tried.map(t => `${shortPeer(t.peer)}: ${t.error}`).join('; ')
  const next = offline.nextTry != null ? `; trying again ${untilText(offline.nextTry, now)}` : ''
  return `${offline.reason}${tried !== '' ? ` (${tried})` : ''}${next}`
}
