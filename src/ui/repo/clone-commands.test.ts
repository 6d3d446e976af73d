import { describe, expect, it } from 'vitest'
import { cloneChoices } from './clone-commands.js'
import type { NetworkSnapshot, SeedStatus } from '../../app/types.js'

const RID = 'bafkreiexample'
const relays: NetworkSnapshot['relays'] = [
  { peerId: 'served', addrs: ['/ip4/127.0.0.1/tcp/1/ws'], connected: true, source: 'served' },
  { peerId: 'other', addrs: ['/dns4/relay.example.org/tcp/443/wss'], connected: true, source: 'settings' }
]

describe('the clone commands the Share popover offers', () => {
  it('names the relay that served the app when it seeds the repository, at the page\'s origin', () => {
    const holders: SeedStatus[] = [{ peer: 'served', relay: true, state: 'up to date', seq: 3 }]
    expect(cloneChoices(RID, holders, relays, 'http://127.0.0.1:8080')).toEqual({
      commands: [{ peer: 'served', command: `git clone http://127.0.0.1:8080/git/${RID}`, note: undefined }],
      unnamed: []
    })
  })

  it('says when that copy is behind or ahead of the tab\'s', () => {
    const behind = cloneChoices(RID, [{ peer: 'served', relay: true, state: 'behind' }], relays, 'https://guts.example.org/')
    expect(behind.commands[0].command).toBe(`git clone https://guts.example.org/git/${RID}`)
    expect(behind.commands[0].note).toMatch(/older/)
    expect(cloneChoices(RID, [{ peer: 'served', relay: true, state: 'ahead' }], relays, 'https://x').commands[0].note).toMatch(/newer/)
  })

  it('offers nothing for a relay that does not seed it, and no command for one whose web address it cannot know', () => {
    const holders: SeedStatus[] = [
      { peer: 'served', relay: true, state: 'not seeding', note: 'policy' },
      { peer: 'other', relay: true, state: 'up to date' },
      { peer: 'tab', relay: false, state: 'up to date' },
      { peer: 'gone', relay: true, state: 'unreachable' }
    ]
    expect(cloneChoices(RID, holders, relays, 'http://127.0.0.1:8080')).toEqual({ commands: [], unnamed: ['other'] })
    expect(cloneChoices(RID, [], relays, 'http://127.0.0.1:8080')).toEqual({ commands: [], unnamed: [] })
  })
})
