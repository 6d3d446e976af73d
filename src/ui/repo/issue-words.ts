// Words and colours the issue views share: a label's colour (from its name,
// so every peer paints it the same with nothing stored), who someone is,
// what a status or reaction is called.
import { shortPeer } from './peer-words.js'
import type { CloseReason, IssueStatus, Reaction } from '../../app/types.js'

/** a hue from the label's name (FNV-1a), the same everywhere; saturation and lightness come from the CSS */
export function labelHue (name: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h % 360
}

/** "you" for this tab's own PeerId, else the short form */
export const whoWords = (peer: string, me: string | undefined): string => peer === me ? 'you' : shortPeer(peer)

export const CLOSED_AS: Record<CloseReason, string> = { solved: 'solved', duplicate: 'a duplicate', other: 'not planned' }
export const statusWords = (s: IssueStatus): string => s.status === 'open' ? 'Open' : `Closed as ${CLOSED_AS[s.reason]}`

export const REACTION_EMOJI: Record<Reaction, string> = { '+1': '👍', '-1': '👎', laugh: '😄', hooray: '🎉', confused: '😕', heart: '❤️', rocket: '🚀', eyes: '👀' }

/** a label as typed: trimmed, inner runs of spaces as one; '' for none */
export const cleanLabel = (text: string): string => text.trim().replace(/\s+/g, ' ').slice(0, 50)

export const shortId = (id: string): string => id.slice(0, 7)
