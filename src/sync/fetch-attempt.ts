// One fetch attempt from one peer, the I/O the state machine asks for with
// a 'fetch' effect: signed refs first (verified), then only the missing
// objects as one pack over an unlimited (never relayed) connection, then
// the refs move, in one step, once everything is checked. Failures are
// thrown as they are; failureOf() says what they mean to the machine.
import { acceptReceived, vetOffered } from '../repo/remote.js'
import { allTips } from '../repo/repo-index.js'
import { isBadPack, offenceFor } from './classify.js'
import { receivePack } from './pack/index.js'
import { REFS_PROTOCOL, requestRefs } from './refs/index.js'
import { REFS2_PROTOCOL, requestRefs2 } from './refs/refs2.js'
import type { RefsAnswer2 } from './refs/refs2.js'
import { planFetch } from './plan.js'
import type { FailureKind, Offence } from './machine/events.js'
import type { FetchOutcome, SyncProgress, Transfer } from './types.js'
import type { Repos } from '../repo/repos.js'
import type { PackSinkFactory, ReceivedPack } from '../repo/pack/pack-sink.js'
import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface'

export interface AttemptDeps {
  node: Libp2p
  repos: Repos
  connect: (peer: PeerId, signal: AbortSignal) => Promise<Connection>
  maxPackBytes: number
  packSink: PackSinkFactory
  log: (msg: string, fields?: Record<string, unknown>) => void
  onTransfer: (t: Transfer) => void
}

export interface AttemptOptions {
  signal: AbortSignal
  onProgress?: (p: SyncProgress) => void
  /** dial the unlimited connection a pack needs at once, not after the refs (a person is waiting) */
  eager?: boolean
}

export async function fetchAttempt (deps: AttemptDeps, peer: PeerId, rid: string, opts: AttemptOptions): Promise<FetchOutcome> {
  const { node, repos, log } = deps
  const peerStr = peer.toString()
  const started = performance.now()
  const since = (): number => Math.round(performance.now() - started)
  const signal = opts.signal
  opts.onProgress?.({ phase: 'Fetching refs', peer: peerStr })
  const unlimited = (): Connection | undefined => node.getConnections(peer).find(c => c.limits == null && c.status === 'open')
  // someone is waiting (a clone): dial the direct connection the pack
  // needs first and ask for the refs over it, rather than over a relayed
  // connection dialled alongside (two dials to one peer slow each other);
  // if it cannot be had, the refs still come over whatever connection can
  const direct = opts.eager === true && unlimited() == null
    ? await deps.connect(peer, AbortSignal.any([signal, AbortSignal.timeout(30_000)])).then(
      (c) => { log('direct connection up', { rid, peer: peerStr, ms: since() }); return c },
      (err: Error) => { log('no direct connection', { rid, peer: peerStr, err: err.message }); return undefined })
    : undefined
  signal.throwIfAborted()
  const refsSignal = AbortSignal.any([signal, AbortSignal.timeout(15_000)])
  const open = async (protocol: string, signal: AbortSignal): Promise<Stream> => direct != null && direct.status === 'open'
    ? await direct.newStream(protocol, { signal })
    : await node.dialProtocol(peer, protocol, { signal, runOnLimitedConnection: true })
  const answer = await askRefs(open, rid, refsSignal)
  const vetted = await vetOffered(repos, { rid, genesisBytes: answer.genesis, identity: answer.identity, namespaces: answer.namespaces })
  const { current } = vetted
  // a peer behind us, or of the same refs, answered honestly: nothing to do
  if (vetted.accepted.length === 0 && !vetted.newIdentity) return 'up-to-date'
  const offered = Object.fromEntries(vetted.accepted.flatMap(d => Object.entries(d.refs).map(([ref, oid]) => [`${d.signer}\n${ref}`, oid])))
  const plan = planFetch(current != null ? Object.fromEntries([...allTips(current)].map(t => [t, t])) : undefined, offered)
  let pack: ReceivedPack | undefined
  if (!plan.upToDate) {
    log('refs verified', { rid, peer: peerStr, ms: since() })
    const conn = unlimited() ?? await deps.connect(peer, AbortSignal.any([signal, AbortSignal.timeout(30_000)]))
    opts.onProgress?.({ phase: 'Receiving objects', peer: peerStr, received: 0 })
    // the pack is checked (every object hashed) as it arrives, or right after
    const receive = async (thin: boolean): ReturnType<typeof receivePack> => await receivePack(conn, { rid, wants: plan.wants, haves: plan.haves }, {
      maxPackBytes: deps.maxPackBytes,
      packSink: deps.packSink,
      // with haves, a thin pack: completed from the objects we hold
      held: thin && current != null ? { fs: repos.fs, gitdir: repos.gitdir(rid), cache: repos.cache(rid) } : undefined,
      signal,
      onProgress: (p) => opts.onProgress?.({ phase: 'Receiving objects', peer: peerStr, objects: p.objects, received: p.received, total: p.total, indexed: p.indexed }),
      onEvent: (event) => log(event, { rid, peer: peerStr, ms: since() })
    })
    // a thin pack whose bases would be too many to read and store (a big
    // honest change, or a sender making us read a gigabyte for a few bytes):
    // asked again as a whole pack, which the pack cap bounds
    const got = await receive(true).catch(async (err) => {
      if (err.name !== 'ThinBasesTooLargeError') throw err
      log('thin pack too costly to complete; asking for a whole one', { rid, peer: peerStr, err: err.message })
      return await receive(false)
    })
    pack = got.result
    log('pack received and indexed', { rid, peer: peerStr, ms: since(), bytes: got.bytes })
    deps.onTransfer({ rid, peer: peerStr, bytes: got.bytes, objects: got.objects, limited: conn.limits != null, multiplexer: conn.multiplexer, at: Date.now(), indexedBy: got.result.indexedBy, inflatedWith: got.result.inflatedWith })
  }
  try {
    await acceptReceived(repos, { rid, genesisBytes: answer.genesis, identity: answer.identity, namespaces: answer.namespaces, pack }, {
      signal,
      onProgress: (phase) => opts.onProgress?.({ phase: phase as SyncProgress['phase'], peer: peerStr })
    })
  } catch (err: any) {
    if (err.name === 'StaleSequenceError') return 'up-to-date' // someone else delivered it meanwhile
    throw err
  }
  log('fetched', { rid, peer: peerStr, ms: since() })
  opts.onProgress?.({ phase: 'Done', peer: peerStr })
  return current == null ? 'cloned' : 'updated'
}

/**
 * Every writer's refs (/guts/refs/2.0.0); from a peer that speaks only
 * /guts/refs/1.0.0, its one delegate document.
 */
export async function askRefs (open: (protocol: string, signal: AbortSignal) => Promise<Stream>, rid: string, signal: AbortSignal): Promise<RefsAnswer2> {
  let first: Stream | undefined
  try {
    first = await open(REFS2_PROTOCOL, signal)
  } catch (err: any) {
    if (err.name !== 'UnsupportedProtocolError') throw err
  }
  if (first == null) {
    const old = await requestRefs(await open(REFS_PROTOCOL, signal), rid, { signal })
    return { genesis: old.genesis, identity: [], namespaces: [old.signedRefs] }
  }
  let given: Stream | undefined = first
  return await requestRefs2(async (s) => {
    if (given != null) { const g = given; given = undefined; return g }
    return await open(REFS2_PROTOCOL, s)
  }, rid, { signal })
}

/** What a failed attempt means to the machine: whom to blame, whether to try again. */
export function failureOf (err: { name?: string, message?: string, code?: string }, aborted: boolean): { kind: FailureKind, offence?: Offence } {
  if (aborted || err.name === 'AbortError') return { kind: 'aborted' }
  if (err.name === 'PackStoreError') return { kind: 'store' }
  const offence = offenceFor(err)
  if (offence != null) return { kind: 'offence', offence }
  if (isBadPack(err)) return { kind: 'offence', offence: 'bad-object' }
  if (err.name === 'TransferInterruptedError') return { kind: 'interrupted' }
  if (err.name === 'NotFoundRemotelyError') return { kind: 'not-found' }
  if (err.name === 'RefusedError') return { kind: 'refused' }
  return { kind: 'unreachable' }
}
