// window.guts: a small, stable surface over the app handle for the
// end-to-end tests and for people debugging from the console. It exposes
// plain data only.
import { partsOf } from './app.js'
import type { GutsApp } from './app.js'
import { openGutsDb } from '../store/db.js'
import { IdbRepoIndex } from '../store/repo-index-idb.js'
import type { GutsDb } from '../store/db.js'

export interface GutsTestHook {
  /** the tab's PeerId on the network (waits for the network, which starts after the first paint) */
  peerId: () => Promise<string>
  snapshot: () => ReturnType<GutsApp['network']['snapshot']>
  connect: (target: string) => Promise<{ ms: number, attempts: number, peerId: string, kind: string, limited: boolean, multiplexer?: string }>
  hangUp: (peerId: string) => Promise<void>
  /** ms from navigation start to the first relay connection (undefined before the network has started) */
  firstRelayAt: () => number | undefined
  /** ms from navigation start to when the network's code had loaded and the node started */
  networkStartedAt: () => number | undefined
  /** a repository's current signed refs, by name */
  refsOf: (rid: string) => Promise<Record<string, string>>
  /** its signed refs' sequence number */
  seqOf: (rid: string) => Promise<number>
  /** commits one file on the default branch through the app handle, as an editor would but without waiting for a form */
  commitFile: (rid: string, path: string, text: string, message: string) => Promise<string>
  /** packs received: from whom, over what connection (none before the network has started) */
  transfers: () => Array<{ rid: string, peer: string, bytes: number, objects: number, limited: boolean, multiplexer?: string }>
  /**
   * For debugging WebRTC throughput: per WebRTC connection, its transport
   * and candidate-pair stats. Reaches into libp2p's connection for the
   * RTCPeerConnection (not a public API): empty if that changes.
   */
  webrtcStats: () => Promise<Array<{ peer: string, stats: Array<Record<string, unknown>> }>>
  /** opens an issue through the app handle; its id */
  openIssue: (rid: string, title: string, body: string) => Promise<string>
  /** one action on an issue through the app handle (issues.<action>(record, id, ...args)) */
  issueAction: (rid: string, action: 'comment' | 'label' | 'close' | 'reopen', id: string, ...args: unknown[]) => Promise<unknown>
  /** the issues this tab holds, as the list shows them */
  issueList: (rid: string) => Promise<Array<{ id: string, title: string, status: string, comments: number, labels: string[] }>>
  /** one issue as its page shows it: comments' bodies, status, labels */
  issueState: (rid: string, id: string) => Promise<{ status: string, labels: string[], comments: string[] } | undefined>
  /** a branch at `from` (a branch, tag or commit) in this tab's fork or, for a delegate, the repository */
  createBranch: (rid: string, name: string, from: string) => Promise<void>
  /** commits files (path → text) on `branch` of this tab's own refs; the commit */
  commitFiles: (rid: string, branch: string, files: Record<string, string>, message: string) => Promise<string>
  /** one patch as its page shows it: status, revisions' heads, verdicts per revision, merged commit */
  patchState: (rid: string, id: string) => Promise<{ shown: string, heads: string[], verdicts: string[][], merged?: string } | undefined>
  /** For e2e/repo-index-idb.spec.ts: one IdbRepoIndex call on a guts-test-* database (see repoIndexCall below) */
  repoIndexCall: (call: IndexCall) => Promise<IndexCallResult>
}

/** Installed as soon as the app exists: what needs the network waits for it (see partsOf(app).networkReady). */
export function installTestHook (app: GutsApp): void {
  const parts = partsOf(app)
  if (parts == null) return
  let networkStartedAt: number | undefined
  void parts.networkReady().then(() => { networkStartedAt = performance.now() }, () => {})
  const hook: GutsTestHook = {
    peerId: async () => (await parts.networkReady()).network.snapshot().peerId,
    snapshot: () => app.network.snapshot(),
    connect: async (target) => app.network.connect(target),
    hangUp: async (peerId) => app.network.hangUp(peerId),
    firstRelayAt: () => parts.stack()?.network.firstRelayAt(),
    networkStartedAt: () => networkStartedAt,
    transfers: () => (parts.stack()?.sync.transfers ?? []).map(t => ({ ...t })),
    refsOf: async (rid) => (await app.repos.record(rid)).signedRefs.refs,
    seqOf: async (rid) => (await app.repos.record(rid)).signedRefs.seq,
    commitFile: async (rid, path, text, message) => {
      const record = await app.repos.record(rid)
      return app.repos.commit(rid, { branch: record.defaultBranch, message, changes: [{ op: 'write', path, content: new TextEncoder().encode(text) }] })
    },
    webrtcStats: async () => {
      const out: Array<{ peer: string, stats: Array<Record<string, unknown>> }> = []
      for (const c of (await parts.networkReady()).network.node.getConnections()) {
        const pc = (c as { maConn?: { peerConnection?: RTCPeerConnection } }).maConn?.peerConnection
        if (pc == null || typeof pc.getStats !== 'function') continue
        const stats: Array<Record<string, unknown>> = []
        ;(await pc.getStats()).forEach((v: Record<string, unknown>) => {
          if (['transport', 'candidate-pair', 'local-candidate', 'remote-candidate'].includes(v.type as string)) stats.push({ ...v })
        })
        out.push({ peer: c.remotePeer.toString(), stats })
      }
      return out
    },
    openIssue: async (rid, title, body) => app.repos.issues.open(await app.repos.record(rid), { title, body }),
    issueAction: async (rid, action, id, ...args) => (app.repos.issues[action] as (...a: unknown[]) => Promise<unknown>)(await app.repos.record(rid), id, ...args),
    issueList: async (rid) => (await app.repos.issues.list(await app.repos.record(rid))).issues.map(i => ({ id: i.id, title: i.title, status: i.status.status, comments: i.comments, labels: i.labels })),
    issueState: async (rid, id) => {
      const s = await app.repos.issues.get(await app.repos.record(rid), id)
      return s == null ? undefined : { status: s.status.status, labels: s.labels, comments: s.comments.map(c => c.body) }
    },
    createBranch: async (rid, name, from) => {
      const record = await app.repos.record(rid)
      await app.repos.createBranch(record, name, (await app.repos.resolve(record, from)) ?? from)
    },
    commitFiles: async (rid, branch, files, message) => app.repos.commit(rid, { branch, message, changes: Object.entries(files).map(([path, text]) => ({ op: 'write' as const, path, content: new TextEncoder().encode(text) })) }),
    patchState: async (rid, id) => {
      const p = await app.repos.patches.get(await app.repos.record(rid), id)
      return p == null ? undefined : { shown: p.shown, heads: p.revisions.map(r => r.oid), verdicts: p.revisions.map(r => Object.values(r.reviews).map(v => v.verdict ?? 'comment')), ...(p.merged != null ? { merged: p.merged.commit } : {}) }
    },
    repoIndexCall
  }
  ;(globalThis as any).guts = hook
}

export interface IndexCall {
  /** a database of the test's own: guts-test-… */
  db: string
  /** 0, or another number for another connection to the same database (a fresh instance) */
  instance: number
  /** 'drop' closes every connection to the database and deletes it */
  op: 'list' | 'get' | 'put' | 'delete' | 'drop'
  arg?: unknown
  /** for put: the genesis is rebuilt as a view with this offset into a buffer this large, as one off the wire is */
  shape?: { byteOffset: number, bufferBytes: number }
}

export interface IndexCallResult {
  value?: unknown
  /** per record returned, its genesis's offset and buffer size, which a structured clone to the test would hide */
  shapes?: Array<{ byteOffset: number, bufferBytes: number }>
  /** errors by name, which the crossing would otherwise lose */
  error?: { name: string, message: string }
}

const testIndexes = new Map<string, Promise<{ db: GutsDb, index: IdbRepoIndex }>>()

// The repository index's contract checks, run from e2e/ on Chromium's real
// IndexedDB through the app's own IdbRepoIndex. Never the app's database.
async function repoIndexCall (call: IndexCall): Promise<IndexCallResult> {
  if (!/^guts-test-[\w-]{1,64}$/.test(call.db)) return { error: { name: 'TypeError', message: 'only guts-test-* databases' } }
  try {
    if (call.op === 'drop') {
      for (const [key, open] of testIndexes) {
        if (!key.startsWith(`${call.db}#`)) continue
        testIndexes.delete(key)
        ;(await open).db.close()
      }
      await new Promise(resolve => { const r = indexedDB.deleteDatabase(call.db); r.onsuccess = r.onerror = r.onblocked = resolve })
      return {}
    }
    const key = `${call.db}#${call.instance}`
    let open = testIndexes.get(key)
    if (open == null) {
      open = openGutsDb(call.db).then(db => ({ db, index: new IdbRepoIndex(db) }))
      testIndexes.set(key, open)
    }
    const { index } = await open
    let value: unknown
    switch (call.op) {
      case 'list': value = await index.list(); break
      case 'get': value = await index.get(call.arg as string); break
      case 'delete': value = await index.delete(call.arg as string); break
      case 'put': {
        const r = call.arg as { genesis?: unknown }
        const s = call.shape
        if (s != null && r?.genesis instanceof Uint8Array) {
          const buffer = new Uint8Array(s.bufferBytes)
          buffer.set(r.genesis, s.byteOffset)
          r.genesis = buffer.subarray(s.byteOffset, s.byteOffset + r.genesis.byteLength)
        }
        value = await index.put(r as Parameters<IdbRepoIndex['put']>[0])
      }
    }
    const records = (call.op === 'list' ? value : value == null ? [] : [value]) as Array<{ genesis?: Uint8Array }>
    return { value, shapes: records.map(r => ({ byteOffset: r.genesis?.byteOffset ?? 0, bufferBytes: r.genesis?.buffer.byteLength ?? 0 })) }
  } catch (err: any) {
    return { error: { name: err?.name ?? 'Error', message: err?.message ?? String(err) } }
  }
}
