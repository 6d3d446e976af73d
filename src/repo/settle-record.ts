// A repository record made whole after its writers' documents or its
// identity changed: the canonical refs computed from the delegates'
// namespaces (core/canonical-refs.ts, ancestry from the stored commits), the
// name and default branch the identity gives, and the delegate document old
// peers are served. Also the git refs a record stands for on disk, so git
// tools (a relay's http-backend) see what Guts sees:
//   refs/heads/*, refs/tags/*             the canonical refs (code only)
//   refs/namespaces/<peer>/refs/…         every writer's own refs, its
//                                         collaborative objects' too
// A delegate's cob refs (refs/cobs/<type>/<id>) are its own tips of an issue
// or patch, not a claim about the repository's code: they never count for
// the canonical refs.
import { canonicalRefs } from '../core/canonical-refs.js'
import { codeRefsOf } from '../core/ref-names.js'
import { meetTips } from './merge-base.js'
import { CommitGraph, commitFacts } from './merge-base-graph.js'
import { identityOfRecord, namespacesOf } from './repo-index.js'
import { withObjectStore } from './object-files.js'
import type { AncestryOracle } from '../core/canonical-refs.js'
import type { Identity } from '../core/identity.js'
import type { SignedRefs } from '../core/signed-refs.js'
import type { GitFs } from './fs.js'
import type { ObjectStore } from './pack/object-store.js'
import type { RepoRecord } from './repo-index.js'

/** Ancestry over a repository's stored commits; a fresh graph each time, so a commit missing earlier is looked for again. */
export function storeOracle (store: ObjectStore): AncestryOracle {
  const graph = new CommitGraph()
  const read = async (oid: string): Promise<{ parents: string[], date: number } | undefined> => {
    const obj = await store.read(oid)
    return obj?.type === 'commit' ? commitFacts(obj.data) : undefined
  }
  return {
    isAncestor: async (a, b) => {
      const ancestry = await graph.ancestry(graph.id(b), read)
      const i = graph.id(a)
      return i < ancestry.marks.length && ancestry.marks[i] === 1
    },
    mergeBase: async (a, b) => (await meetTips(graph, a, b, read)).mergeBases[0]
  }
}

/**
 * `record` with `namespaces` (one per signer; sorted here) and `identity`
 * (a verified chain) in place, and everything that follows from them.
 */
export async function settleRecord (fs: GitFs, gitdir: string, record: RepoRecord, identity: Identity): Promise<RepoRecord> {
  const namespaces = [...namespacesOf(record)].sort((a, b) => a.signer < b.signer ? -1 : 1)
  const delegateDocs = namespaces.filter(n => identity.delegates.includes(n.signer))
  const byDelegate = new Map(delegateDocs.map(n => [n.signer, codeRefsOf(n.refs)]))
  const code = [...byDelegate.values()]
  // one delegate, or delegates that agree: nothing to read
  const agree = code.every(refs => sameRefs(refs, code[0]))
  const canonical = agree
    ? { refs: { ...(code[0] ?? {}) }, diverged: [] }
    : await withObjectStore(fs, gitdir, async (store) => {
      try { return await canonicalRefs(byDelegate, identity.threshold, storeOracle(store)) } finally { store.release() }
    })
  // old peers get a current delegate's document: the newest one held
  const served = newest(delegateDocs) ?? record.signedRefs
  return {
    ...record,
    name: identity.name,
    description: identity.description,
    defaultBranch: identity.defaultBranch,
    signedRefs: served,
    namespaces,
    refs: canonical.refs,
    diverged: canonical.diverged
  }
}

function newest (docs: SignedRefs[]): SignedRefs | undefined {
  let best: SignedRefs | undefined
  for (const d of docs) if (best == null || d.timestamp > best.timestamp || (d.timestamp === best.timestamp && d.signer < best.signer)) best = d
  return best
}

function sameRefs (a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  return ka.every(k => b[k] === a[k])
}

/** The git refs a record stands for: the canonical ones, and each writer's under refs/namespaces/<peer>/. */
export function gitRefsOf (record: RepoRecord): Record<string, string> {
  const out: Record<string, string> = { ...codeRefsOf(record.refs ?? record.signedRefs.refs) }
  for (const n of namespacesOf(record)) {
    for (const [ref, oid] of Object.entries(n.refs)) out[`refs/namespaces/${n.signer}/${ref}`] = oid
  }
  return out
}

export { identityOfRecord }
