// The `git clone` commands the Share popover offers: one per relay that
// seeds the repository and whose web address this tab knows. A relay's
// libp2p addresses say nothing of where it serves HTTP (its WebSocket port
// is its own), so today that is only the relay that served the app, at
// location.origin; relays added in Settings or met later are named without
// a command.
import type { NetworkSnapshot, SeedStatus } from '../../app/types.js'

export interface CloneCommand {
  peer: string
  command: string
  /** why this copy may not be the newest, in words; undefined when it is up to date */
  note?: string
}

export interface CloneChoices {
  commands: CloneCommand[]
  /** relays that seed it at an address this tab cannot name */
  unnamed: string[]
}

/** the states in which a relay holds the repository and serves it to git */
const SERVES: ReadonlySet<SeedStatus['state']> = new Set(['up to date', 'behind', 'ahead'])

export function cloneChoices (rid: string, holders: readonly SeedStatus[], relays: NetworkSnapshot['relays'], origin: string): CloneChoices {
  const served = new Set(relays.filter(r => r.source === 'served').map(r => r.peerId))
  const commands: CloneCommand[] = []
  const unnamed: string[] = []
  for (const h of holders) {
    if (!h.relay || !SERVES.has(h.state)) continue
    if (!served.has(h.peer)) { unnamed.push(h.peer); continue }
    const note = h.state === 'behind' ? 'its copy is older than this tab\'s' : h.state === 'ahead' ? 'its copy is newer than this tab\'s' : undefined
    commands.push({ peer: h.peer, command: `git clone ${origin.replace(/\/+$/, '')}/git/${rid}`, note })
  }
  return { commands, unnamed }
}
