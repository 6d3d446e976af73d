// For the cob-refs tests, until the Repos method that publishes an issue's
// change lands: a change commit made by hand (a tree holding `manifest`,
// signed by the peer's key as the tab signs), and a writer's namespace
// re-signed with cob refs added, through the same steps Repos.publish takes
// (sign, settle the record, store it, mirror the git refs).
import git from 'isomorphic-git'
import { identityOfRecord, namespaceOf, namespacesOf } from '../../src/repo/repo-index.js'
import { gitRefsOf, settleRecord } from '../../src/repo/settle-record.js'
import { signedCommit } from '../../src/core/signed-commit.js'
import { signRefs } from '../../src/core/signed-refs.js'
import type { Repos } from '../../src/repo/repos.js'
import type { RepoRecord } from '../../src/repo/repo-index.js'
import type { PrivateKey } from '@libp2p/interface'

export const keyOf = (repos: Repos): PrivateKey => (repos as unknown as { key: PrivateKey }).key

/** A root change of an issue in `repos`' store: its commit id is the issue's id. */
export async function writeChange (repos: Repos, rid: string, body: string): Promise<string> {
  const fs = repos.fs
  const gitdir = repos.gitdir(rid)
  const manifest = await git.writeBlob({ fs, gitdir, blob: new TextEncoder().encode('{"type":"guts.issue","version":1}\n') })
  const action = await git.writeBlob({ fs, gitdir, blob: new TextEncoder().encode(JSON.stringify({ type: 'comment', body }) + '\n') })
  const tree = await git.writeTree({ fs, gitdir, tree: [{ mode: '100644', path: '0', oid: action, type: 'blob' }, { mode: '100644', path: 'manifest', oid: manifest, type: 'blob' }] })
  const who = { name: 'Contributor', email: 'c@guts.invalid', timestamp: 1_750_000_000, timezoneOffset: 0 }
  const object = await signedCommit(keyOf(repos), { message: 'Open issue\n', tree, parent: [], author: who, committer: who })
  return git.writeObject({ fs, gitdir, type: 'commit', format: 'content', object })
}

/** `repos`' own namespace signed again with `refs` added (its other refs kept). */
export async function publishRefs (repos: Repos, rid: string, refs: Record<string, string>): Promise<RepoRecord> {
  return repos.locked(rid, async () => {
    const record = await repos.get(rid)
    const own = namespaceOf(record, repos.peerId)
    const doc = await signRefs(keyOf(repos), { rid, seq: (own?.seq ?? 0) + 1, refs: { ...(own?.refs ?? {}), ...refs }, timestamp: Date.now() })
    const namespaces = [...namespacesOf(record).filter(n => n.signer !== repos.peerId), doc]
    const next = await settleRecord(repos.fs, repos.gitdir(rid), { ...record, namespaces, updated: Date.now() }, await identityOfRecord(record))
    await repos.index.put(next)
    await repos.mirrorRefs(rid, next.defaultBranch, gitRefsOf(record), gitRefsOf(next))
    return next
  })
}
