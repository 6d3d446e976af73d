// A PeerId in a few characters: every Ed25519 PeerId starts 12D3KooW, so the
// start tells nothing; its last characters tell writers apart.
export const shortPeer = (peer: string): string => peer.length > 14 ? `${peer.slice(0, 4)}…${peer.slice(-6)}` : peer

/** an Ed25519 PeerId as libp2p writes it: 12D3KooW and 44 more base58 characters */
export const PEER_ID = /^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/

/** why `text` is not a PeerId one can add, or undefined when it looks like one */
export function peerIdProblem (text: string): string | undefined {
  if (text === '') return 'Paste a PeerId'
  if (!text.startsWith('12D3KooW')) return 'A PeerId starts with 12D3KooW'
  if (text.length !== 52) return `A PeerId has 52 characters; this has ${text.length}`
  if (!PEER_ID.test(text)) return 'A PeerId holds only base58 characters (no 0, O, I or l)'
  return undefined
}
