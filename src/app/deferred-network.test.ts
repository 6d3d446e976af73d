import { describe, expect, it, vi } from 'vitest'
import { deferredNetwork } from './deferred-network.js'
import type { NetworkStack } from './network-stack.js'
import type { NetworkSnapshot } from './network-handle.js'

// a stack with what the deferral forwards to; libp2p itself is the e2e's business
function fakeStack (calls: string[]): NetworkStack & { changed: () => void } {
  const listeners = new Set<() => void>()
  const snap: NetworkSnapshot = { peerId: '12D3KooWtab', shareAddrs: [], state: 'connected', relays: [], connections: [], relayCount: 1, peerCount: 0, online: true }
  const answers = new Map([['rid', new Map([['relay', { at: 1 }]])]])
  return {
    network: { snapshot: () => snap, subscribe: (fn: () => void) => { listeners.add(fn); return () => listeners.delete(fn) } },
    handle: {
      snapshot: () => snap,
      subscribe: () => () => {},
      connect: async (t: string) => { calls.push(`connect ${t}`); return { peerId: t, ms: 1, attempts: 1, kind: 'webrtc', limited: false } },
      hangUp: async (p: string) => { calls.push(`hangUp ${p}`) },
      addRelay: async (a: string) => { calls.push(`addRelay ${a}`) },
      removeRelay: async (a: string) => { calls.push(`removeRelay ${a}`) }
    },
    sync: {
      announce: async (rid: string) => { calls.push(`announce ${rid}`) },
      clone: async (rid: string) => { calls.push(`clone ${rid}`); return { rid } },
      seedStatus: async () => [],
      relayAnswers: answers,
      transfers: []
    },
    changed: () => { for (const fn of listeners) fn() }
  } as unknown as NetworkStack & { changed: () => void }
}

describe('deferredNetwork', () => {
  it('says connecting until the stack is up, and commands made before then wait for it', async () => {
    const calls: string[] = []
    const stack = fakeStack(calls)
    let release!: () => void
    const loaded = new Promise<void>(resolve => { release = resolve })
    const d = deferredNetwork(async () => { await loaded; return stack })
    const before = d.handle.snapshot()
    expect(before.state).toBe('connecting')
    expect(d.handle.snapshot()).toBe(before) // cached: views compare by identity
    expect(d.part.onNetwork()).toBe(false)
    expect(d.sync.relayAnswers.size).toBe(0)
    expect(d.current()).toBeUndefined()

    let notified = 0
    d.handle.subscribe(() => { notified++ })
    const announced = d.sync.announce('rid')
    const connected = d.handle.connect('peer')
    void d.start()
    await new Promise(resolve => setTimeout(resolve, 10))
    expect(calls).toEqual([]) // still loading

    release()
    await Promise.all([announced, connected])
    expect(calls).toEqual(['announce rid', 'connect peer'])
    expect(d.current()).toBe(stack)
    expect(await d.started).toBe(stack)
    expect(notified).toBeGreaterThan(0)
    expect(d.handle.snapshot().peerId).toBe('12D3KooWtab')
    expect(d.part.onNetwork()).toBe(true)
    expect(d.sync.relayAnswers.get('rid')?.get('relay')?.at).toBe(1)
    // the network's own changes reach the UI's listeners
    const n = notified
    stack.changed()
    expect(notified).toBe(n + 1)
  })

  it('loads once however often it is started', async () => {
    let loads = 0
    const d = deferredNetwork(async () => { loads++; return fakeStack([]) })
    await Promise.all([d.start(), d.start(), d.handle.hangUp('x')])
    await d.start()
    expect(loads).toBe(1)
  })

  it('a stack that could not load says offline and why, fails what waited, and loads again when started again', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}) // the failure is logged, on purpose
    let fail = true
    const calls: string[] = []
    const d = deferredNetwork(async () => { if (fail) throw new Error('Failed to fetch dynamically imported module'); return fakeStack(calls) })
    const waiting = d.handle.addRelay('/dns4/r/tcp/1/ws/p2p/x')
    await expect(d.start()).rejects.toThrow('Failed to fetch')
    await expect(waiting).rejects.toThrow('Failed to fetch')
    const s = d.handle.snapshot()
    expect(s.state).toBe('offline')
    expect(s.offline?.reason).toMatch(/^the network could not start: Failed to fetch/)

    fail = false
    await d.start()
    expect(d.handle.snapshot().state).toBe('connected')
    await d.handle.addRelay('a')
    expect(calls).toEqual(['addRelay a'])
  })
})
