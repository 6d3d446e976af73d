// The network as the app has it before its code has loaded: the app handle
// is whole from the start (the UI gets a NetworkHandle, the repositories a
// network and a sync part), and each call that needs libp2p waits for the
// stack. Until then the snapshot says "connecting"; if the stack could not
// start, "offline" with the reason, and it is tried again when the browser
// is back online (or start() is called again).
import type { NetworkStack } from './network-stack.js'
import type { NetworkHandle, NetworkSnapshot } from './network-handle.js'
import type { NetworkPart, SyncPart } from './repositories.js'

export interface DeferredNetwork {
  /** for the UI: snapshots (placeholder ones until the stack is up) and commands that wait for it */
  handle: NetworkHandle
  /** for the repositories */
  part: NetworkPart
  sync: SyncPart
  /** loads and starts the stack, once (again after a failure) */
  start: () => Promise<NetworkStack>
  /** the stack once up */
  current: () => NetworkStack | undefined
  /** resolves once the stack is up (without starting it) */
  started: Promise<NetworkStack>
}

export function deferredNetwork (load: () => Promise<NetworkStack>): DeferredNetwork {
  const listeners = new Set<() => void>()
  const notify = (): void => { for (const fn of listeners) fn() }
  let stack: NetworkStack | undefined
  let loading: Promise<NetworkStack> | undefined
  let failure: string | undefined
  // the placeholder, cached so the UI can compare snapshots by identity
  let waiting: NetworkSnapshot | undefined
  let up!: (s: NetworkStack) => void
  const started = new Promise<NetworkStack>(resolve => { up = resolve })

  const start = async (): Promise<NetworkStack> => (loading ??= load().then(s => {
    stack = s
    failure = undefined
    s.network.subscribe(notify)
    globalThis.removeEventListener?.('online', retry)
    up(s)
    notify()
    return s
  }, (err: unknown) => {
    loading = undefined
    failure = (err as Error)?.message || String(err)
    waiting = undefined
    console.error('[network] could not start', err)
    notify()
    throw err
  }))
  const retry = (): void => { if (stack == null && loading == null && failure != null) void start().catch(() => {}) }
  globalThis.addEventListener?.('online', retry)
  const ready = async (): Promise<NetworkStack> => stack ?? start()

  const placeholder = (): NetworkSnapshot => (waiting ??= {
    peerId: '',
    shareAddrs: [],
    state: failure != null ? 'offline' : 'connecting',
    relays: [],
    connections: [],
    relayCount: 0,
    peerCount: 0,
    online: globalThis.navigator?.onLine ?? true,
    error: failure,
    offline: failure != null ? { reason: `the network could not start: ${failure.slice(0, 200)}`, tried: [] } : undefined
  })
  const snapshot = (): NetworkSnapshot => stack?.network.snapshot() ?? placeholder()
  const subscribe = (fn: () => void): () => void => { listeners.add(fn); return () => listeners.delete(fn) }

  const handle: NetworkHandle = {
    snapshot,
    subscribe,
    connect: async (target, opts) => (await ready()).handle.connect(target, opts),
    hangUp: async (peerId) => (await ready()).handle.hangUp(peerId),
    addRelay: async (addr) => (await ready()).handle.addRelay(addr),
    removeRelay: async (addr) => (await ready()).handle.removeRelay(addr)
  }
  const noAnswers: SyncPart['relayAnswers'] = new Map()
  const sync: SyncPart = {
    clone: async (rid, opts) => (await ready()).sync.clone(rid, opts),
    seedStatus: async (rid, opts) => (await ready()).sync.seedStatus(rid, opts),
    announce: async (rid, opts) => (await ready()).sync.announce(rid, opts),
    get relayAnswers () { return stack?.sync.relayAnswers ?? noAnswers }
  }
  const part: NetworkPart = {
    onNetwork: () => snapshot().state === 'connected',
    peers: () => snapshot().connections.map(c => c.peerId),
    subscribe
  }
  return { handle, part, sync, start, current: () => stack, started }
}
