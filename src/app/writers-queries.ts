// The app handle's side of many writers: who writes a repository (its
// delegates, every fork's writer, and everyone who took part in an issue or
// patch: a namespace holding only collaborative objects' refs is a
// contributor, not a fork), the identity in force and its history,
// forking, changing the maintainers, and a record seen through one writer's
// namespace (so every view browses a fork as it browses the repository).
// Mixed into Repositories (repositories.ts): the views see plain data.
import { decodeGenesis } from '../core/genesis.js'
import { cobRefsOf, codeRefsOf } from '../core/ref-names.js'
import { delegatesOf, namespaceOf, namespacesOf, thresholdOf } from '../repo/repo-index.js'
import type { Divergence } from '../core/canonical-refs.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'

export type { Divergence } from '../core/canonical-refs.js'

export interface WriterView {
  /** the writer's PeerId: its namespace in routes and in git (refs/namespaces/<peer>/) */
  peer: string
  /** a delegate under the identity in force: its refs count for the canonical ones */
  delegate: boolean
  /** this tab's own namespace */
  me: boolean
  /** its branches and tags (never its collaborative objects' refs) */
  refs: Record<string, string>
  branches: number
  tags: number
  /** issues and patches it took part in: its refs/cobs/<type>/<id> */
  cobs: number
  /** a fork: a non-delegate namespace with code of its own (one with only cob refs is a contributor) */
  fork: boolean
  /** its signed refs' sequence number and time (ms): its last activity */
  seq: number
  timestamp: number
}

export interface IdentityVersionView {
  version: number
  timestamp?: number
  name: string
  delegates: string[]
  threshold: number
  /** who signed it (the genesis: its delegates) */
  signers: string[]
}

export interface IdentityView {
  version: number
  delegates: string[]
  threshold: number
  blocked: string[]
  /** newest first, the genesis last */
  history: IdentityVersionView[]
  /** canonical refs whose delegates' tips are not on one line */
  diverged: Divergence[]
}

export interface IdentityChangeInput {
  /** PeerIds to add as delegates */
  add?: string[]
  /** PeerIds to remove */
  remove?: string[]
  threshold?: number
}

export interface WritersQueries {
  /** every writer held (forks, and contributors with only issues and patches), delegates first, then by last activity */
  writers: (record: RepoRecord) => WriterView[]
  identity: (record: RepoRecord) => IdentityView
  /** this tab can commit: a delegate, or a writer of its own fork (a namespace with branches or tags) */
  canWrite: (record: RepoRecord) => boolean
  /** this tab's fork exists: a namespace with code, not only issues and patches */
  hasFork: (record: RepoRecord) => boolean
  /** the repository as `peer`'s namespace has it (its branches and tags in place of the canonical ones); undefined when none is held */
  viewOf: (record: RepoRecord, peer: string) => RepoRecord | undefined
  /** makes this tab a writer: its own namespace, at the canonical refs (keeping its issues' and patches' refs) */
  fork: (record: RepoRecord) => Promise<RepoRecord>
  /** a new identity revision signed by this tab (enough when the threshold is 1) */
  changeIdentity: (record: RepoRecord, change: IdentityChangeInput) => Promise<RepoRecord>
}

export function writersQueries (repos: Repos, changed: (rid: string) => void): WritersQueries {
  const isDelegate = (record: RepoRecord): boolean => delegatesOf(record).includes(repos.peerId)
  const hasCode = (record: RepoRecord, peer: string): boolean => Object.keys(codeRefsOf(namespaceOf(record, peer)?.refs ?? {})).length > 0
  return {
    writers: (record) => {
      const delegates = delegatesOf(record)
      return namespacesOf(record).map(n => {
        const refs = codeRefsOf(n.refs)
        const names = Object.keys(refs)
        const delegate = delegates.includes(n.signer)
        return {
          peer: n.signer,
          delegate,
          me: n.signer === repos.peerId,
          refs,
          branches: names.filter(r => r.startsWith('refs/heads/')).length,
          tags: names.filter(r => r.startsWith('refs/tags/')).length,
          cobs: Object.keys(cobRefsOf(n.refs)).length,
          fork: !delegate && names.length > 0,
          seq: n.seq,
          timestamp: n.timestamp
        }
      }).sort((a, b) => Number(b.delegate) - Number(a.delegate) || b.timestamp - a.timestamp || (a.peer < b.peer ? -1 : 1))
    },
    identity: (record) => {
      const genesis = decodeGenesis(record.genesis)
      const history: IdentityVersionView[] = (record.identity ?? []).map(r => ({ version: r.version, timestamp: r.timestamp, name: r.name, delegates: [...r.delegates], threshold: r.threshold, signers: r.signatures.map(s => s.signer) })).reverse()
      history.push({ version: 0, timestamp: genesis.created, name: genesis.name, delegates: [...genesis.delegates], threshold: 1, signers: [...genesis.delegates] })
      return { version: record.identity?.at(-1)?.version ?? 0, delegates: delegatesOf(record), threshold: thresholdOf(record), blocked: [...(record.identity?.at(-1)?.blocked ?? [])], history, diverged: record.diverged ?? [] }
    },
    canWrite: (record) => isDelegate(record) || hasCode(record, repos.peerId),
    hasFork: (record) => !isDelegate(record) && hasCode(record, repos.peerId),
    viewOf: (record, peer) => {
      const n = namespaceOf(record, peer)
      return n == null ? undefined : { ...record, refs: codeRefsOf(n.refs) }
    },
    fork: async (record) => {
      const next = await repos.fork(record.rid)
      // peers and relays hear of the new namespace
      changed(record.rid)
      return next
    },
    changeIdentity: async (record, change) => {
      const delegates = delegatesOf(record).filter(d => !(change.remove ?? []).includes(d))
      for (const d of change.add ?? []) if (!delegates.includes(d)) delegates.push(d)
      const next = await repos.changeIdentity(record.rid, { delegates, ...(change.threshold != null ? { threshold: change.threshold } : {}) })
      changed(record.rid)
      return next
    }
  }
}
