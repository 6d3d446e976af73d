// The app handle's query for a commit's signature: whether its SSH signature
// (git's gpgsig header, made by a tab's key: src/core/signed-commit.ts) is
// good, whose it is, and whether that signer writes this repository.
// Mixed into Repositories (repositories.ts): the views see plain data.
import { verifyCommit } from '../core/signed-commit.js'
import git from '../repo/git.js'
import { repoWriters } from '../repo/repo-writers.js'
import type { CommitSignature } from '../core/signed-commit.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'

export interface CommitSignatureView {
  /** valid: the signature is good (by `signer`); invalid: it is not; unsupported: OpenPGP or X.509, not checked here */
  state: CommitSignature['state']
  /** the signer's PeerId, when the signature names an Ed25519 key */
  signer?: string
  /** the signer is one of the repository's writers (its delegates, the signer of its refs) */
  writer: boolean
  /** why it is invalid or unsupported, one line */
  reason?: string
}

export interface SignatureQueries {
  /** commit `oid`'s signature, checked here against the commit's bytes */
  commitSignature: (record: RepoRecord, oid: string) => Promise<CommitSignatureView>
}

/** checked signatures kept, by commit id: a commit's bytes never change */
const MAX_CACHED = 500

export function signatureQueries (repos: Repos): SignatureQueries {
  const checked = new Map<string, Promise<CommitSignature>>()
  const check = async (record: RepoRecord, oid: string): Promise<CommitSignature> => {
    const { type, object } = await git.readObject({ fs: repos.fs, gitdir: repos.gitdir(record.rid), oid, format: 'content', cache: repos.cache(record.rid) })
    if (type !== 'commit') throw new TypeError(`${oid} is a ${type}, not a commit`)
    return verifyCommit(object as Uint8Array)
  }
  return {
    commitSignature: async (record, oid) => {
      let p = checked.get(oid)
      if (p == null) {
        p = check(record, oid)
        checked.set(oid, p)
        p.catch(() => checked.delete(oid))
        if (checked.size > MAX_CACHED) checked.delete(checked.keys().next().value!)
      }
      const sig = await p
      const signer = sig.state === 'valid' || sig.state === 'invalid' ? sig.signer : undefined
      return {
        state: sig.state,
        ...(signer != null ? { signer } : {}),
        writer: sig.state === 'valid' && repoWriters(record).includes(sig.signer),
        ...('reason' in sig ? { reason: sig.reason } : {})
      }
    }
  }
}
