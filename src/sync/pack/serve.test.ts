import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, it } from 'vitest'
import { streamPair } from '@libp2p/utils'
import { bytesSource } from '../../repo/pack-source.js'
import { requestPack } from './pack.js'
import { PackServer, addressKey } from './serve.js'

const PEER = '12D3KooWDfpB52ERAFBGYM1XdF62GejTDhFnXsAS8SXVsVNzq2ES'
const RELAY = '12D3KooWRkNV4bp9ziVoNcHLeUSuFNy8bCx5RcjZfkPvnjwWwzdV'
const conn = (addr: string): Parameters<typeof addressKey>[0] => ({ remotePeer: peerIdFromString(PEER), remoteAddr: multiaddr(addr) })

describe('addressKey', () => {
  it('is the IP a peer connects from, so identities behind one address share it', () => {
    expect(addressKey(conn('/ip4/192.0.2.7/tcp/4242/ws'))).toBe('ip/192.0.2.7')
    expect(addressKey(conn('/ip6/2001:db8::1/tcp/4242'))).toBe('ip/2001:db8::1')
  })
  it('is the peer itself through a relay or over WebRTC, whose address is the relay\'s', () => {
    expect(addressKey(conn(`/ip4/192.0.2.1/tcp/1/ws/p2p/${RELAY}/p2p-circuit/webrtc`))).toBe(`peer/${PEER}`)
    expect(addressKey(conn(`/ip4/192.0.2.1/tcp/1/ws/p2p/${RELAY}/p2p-circuit`))).toBe(`peer/${PEER}`)
    expect(addressKey(conn('/memory/x'))).toBe(`peer/${PEER}`)
  })
})

describe('PackServer offences', () => {
  const setup = () => {
    const offences: string[] = []
    let release: () => void = () => {}
    const server = new PackServer({
      repos: { has: async () => true } as any,
      isBanned: () => false,
      offend: (_p, o) => offences.push(o),
      // a build that waits until released: the first request stays in flight
      build: async () => {
        await new Promise<void>(resolve => { release = resolve })
        return bytesSource(new Uint8Array(100), 1)
      }
    })
    return { server, offences, release: () => release() }
  }
  const ask = async (server: PackServer): Promise<{ status: string }> => {
    const [client, srv] = await streamPair()
    void server.serve(srv, conn('/ip4/192.0.2.7/tcp/1/ws'))
    return requestPack(client, { rid: 'bafkreix', wants: ['a'.repeat(40)], haves: [] }, { maxBytes: 1e6, open: () => ({ push: () => {}, finish: async () => 'ok', abort: () => {} }) })
      .then(() => ({ status: 'ok' }), (err: Error) => ({ status: err.name }))
  }

  it('refuses a retry while the first pack is still being built, without counting it against the peer', async () => {
    const { server, offences, release } = setup()
    const first = ask(server)
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(await ask(server)).toEqual({ status: 'RefusedError' })
    expect(offences).toEqual([])
    release()
    expect(await first).toEqual({ status: 'ok' })
  })

  it('counts running over budget only when a peer keeps at it: fifty refusals in a row', async () => {
    const { server, offences, release } = setup()
    const answers: string[] = []
    for (let i = 0; i < 8 + 50; i++) {
      const p = ask(server)
      setTimeout(release, 5)
      answers.push((await p).status)
    }
    expect(answers.slice(0, 8).every(a => a === 'ok')).toBe(true)
    expect(answers.slice(8).every(a => a === 'RefusedError')).toBe(true)
    expect(offences).toEqual(['over-budget'])
  })
})
