// Which writers' signed refs a peer takes in for a repository. Every reader
// may become a writer (a fork is a namespace of its own signed refs under the
// same RID), but a holder decides what it keeps:
//  - a delegate's valid document always (it moves the canonical refs);
//  - anyone else's when its signature holds, its sequence rises, it is
//    within the caps (refs and bytes per namespace, namespaces per
//    repository), its writer is not on the identity's block list, and the
//    holder's policy takes it: 'all', 'none', or 'followed' writers only.
// A refusal says whether the sender is to blame: a forged or oversized
// document is wrong for every receiver, so the peer that sent it is scored;
// a stale one may be an honest re-broadcast, and a policy or a full table
// is this holder's choice, which the sender cannot know.
import { verifyWriterRefs } from './signed-refs.js'
import type { Identity } from './identity.js'
import type { SignedRefs } from './signed-refs.js'

export type ContributionPolicy = 'all' | 'none' | 'followed'
export const CONTRIBUTION_POLICIES: readonly ContributionPolicy[] = ['all', 'none', 'followed']

export interface NamespaceCaps {
  /** refs in one non-delegate namespace */
  maxRefs: number
  /** one non-delegate namespace's signed refs, encoded */
  maxBytes: number
  /** non-delegate namespaces kept per repository */
  maxNamespaces: number
}

export const DEFAULT_NAMESPACE_CAPS: NamespaceCaps = { maxRefs: 500, maxBytes: 64 * 1024, maxNamespaces: 256 }

export interface AcceptInput {
  identity: Identity
  doc: SignedRefs
  /** the document's encoded size */
  bytes: number
  /** the sequence held of this writer, if any */
  heldSeq?: number
  /** non-delegate namespaces held for the repository now (this writer's included, if held) */
  namespaces: number
  policy: ContributionPolicy
  followed?: ReadonlySet<string>
  caps?: NamespaceCaps
}

export type Acceptance =
  | { ok: true, delegate: boolean }
  | { ok: false, reason: string, blame: boolean }

export async function acceptNamespace (input: AcceptInput): Promise<Acceptance> {
  const { identity, doc } = input
  try {
    await verifyWriterRefs(doc, { rid: identity.rid })
  } catch (err: any) {
    return { ok: false, reason: err.message, blame: true }
  }
  if (input.heldSeq != null && doc.seq <= input.heldSeq) return { ok: false, reason: `signed refs sequence ${doc.seq} of ${doc.signer} is not newer than ${input.heldSeq}`, blame: false }
  if (identity.delegates.includes(doc.signer)) return { ok: true, delegate: true }
  const caps = input.caps ?? DEFAULT_NAMESPACE_CAPS
  const refs = Object.keys(doc.refs).length
  if (refs > caps.maxRefs) return { ok: false, reason: `the namespace of ${doc.signer} has ${refs} refs; at most ${caps.maxRefs} are kept`, blame: true }
  if (input.bytes > caps.maxBytes) return { ok: false, reason: `the namespace of ${doc.signer} is ${input.bytes} bytes; at most ${caps.maxBytes} are kept`, blame: true }
  if (identity.blocked.includes(doc.signer)) return { ok: false, reason: `${doc.signer} is blocked by the repository's delegates`, blame: false }
  if (input.policy === 'none') return { ok: false, reason: 'this peer keeps only the delegates\' refs', blame: false }
  if (input.policy === 'followed' && input.followed?.has(doc.signer) !== true) return { ok: false, reason: `this peer keeps only writers it follows, and not ${doc.signer}`, blame: false }
  const isNew = input.heldSeq == null
  if (isNew && input.namespaces >= caps.maxNamespaces) return { ok: false, reason: `this peer keeps at most ${caps.maxNamespaces} namespaces of a repository`, blame: false }
  return { ok: true, delegate: false }
}
