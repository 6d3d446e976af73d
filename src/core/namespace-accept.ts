// Which writers' signed refs a peer takes in for a repository. Every reader
// may become a writer (a fork is a namespace of its own signed refs under the
// same RID), but a holder decides what it keeps:
//  - a delegate's valid document always (it moves the canonical refs);
//  - anyone else's when its signature holds, its sequence rises, it is
//    within the caps (refs and bytes per namespace, namespaces and their
//    bytes together per repository), its writer is not on the identity's block list, and the
//    holder's policy takes it: 'all', 'none', or 'followed' writers only.
// A refusal says whether the sender is to blame: a forged or oversized
// document is wrong for every receiver, so the peer that sent it is scored;
// a stale one may be an honest re-broadcast, and a policy or a full table
// is this holder's choice, which the sender cannot know.
import { isCobRef } from './ref-names.js'
import { encodeSignedRefs, verifyWriterRefs } from './signed-refs.js'
import type { Identity } from './identity.js'
import type { SignedRefs } from './signed-refs.js'

export type ContributionPolicy = 'all' | 'none' | 'followed'
export const CONTRIBUTION_POLICIES: readonly ContributionPolicy[] = ['all', 'none', 'followed']

export interface NamespaceCaps {
  /** code refs (branches and tags) in one non-delegate namespace */
  maxRefs: number
  /** collaborative objects' refs (refs/cobs/…) in one non-delegate namespace: one per issue or patch its writer took part in */
  maxCobRefs: number
  /** one non-delegate namespace's signed refs, encoded */
  maxBytes: number
  /** non-delegate namespaces kept per repository */
  maxNamespaces: number
  /** all non-delegate namespaces of a repository together, encoded */
  maxTotalBytes: number
}

// The numbers, and why they fit together:
//  - a cob ref encodes to ~107 bytes ("refs/cobs/guts.issue/<40 hex>":"<40 hex>",),
//    so 5,000 of them are ~535 KiB; with the 64 KiB that 500 branches and
//    tags took before, a namespace is at most 640 KiB: under the 1 MiB of any
//    signed refs document (signed-refs.ts) and of a /guts/refs/2.0.0 page
//    (sync/refs/refs2.ts), so the largest namespace still travels whole;
//  - 256 namespaces of 640 KiB would be 160 MiB in one record, far past a
//    relay's record cap (24 MiB: relay/seed/file-repo-index.ts), so the
//    non-delegate namespaces of a repository share 16 MiB: what 256 forks
//    of 64 KiB could take before, so the record cap's sum still holds. A
//    few heavy commenters and hundreds of light ones fit; a flood of large
//    namespaces fills the table, which is this holder's choice (no blame).
export const DEFAULT_NAMESPACE_CAPS: NamespaceCaps = { maxRefs: 500, maxCobRefs: 5_000, maxBytes: 640 * 1024, maxNamespaces: 256, maxTotalBytes: 16 * 1024 * 1024 }

export interface AcceptInput {
  identity: Identity
  doc: SignedRefs
  /** the document's encoded size */
  bytes: number
  /** the sequence held of this writer, if any */
  heldSeq?: number
  /** non-delegate namespaces held for the repository now (this writer's included, if held) */
  namespaces: number
  /** the encoded bytes of the non-delegate namespaces held now, this writer's own excluded (namespacesBytes) */
  heldBytes?: number
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
  let cobs = 0
  for (const name of Object.keys(doc.refs)) if (isCobRef(name)) cobs++
  const refs = Object.keys(doc.refs).length - cobs
  if (refs > caps.maxRefs) return { ok: false, reason: `the namespace of ${doc.signer} has ${refs} refs; at most ${caps.maxRefs} are kept`, blame: true }
  if (cobs > caps.maxCobRefs) return { ok: false, reason: `the namespace of ${doc.signer} has ${cobs} issue and patch refs; at most ${caps.maxCobRefs} are kept`, blame: true }
  if (input.bytes > caps.maxBytes) return { ok: false, reason: `the namespace of ${doc.signer} is ${input.bytes} bytes; at most ${caps.maxBytes} are kept`, blame: true }
  if (identity.blocked.includes(doc.signer)) return { ok: false, reason: `${doc.signer} is blocked by the repository's delegates`, blame: false }
  if (input.policy === 'none') return { ok: false, reason: 'this peer keeps only the delegates\' refs', blame: false }
  if (input.policy === 'followed' && input.followed?.has(doc.signer) !== true) return { ok: false, reason: `this peer keeps only writers it follows, and not ${doc.signer}`, blame: false }
  const isNew = input.heldSeq == null
  if (isNew && input.namespaces >= caps.maxNamespaces) return { ok: false, reason: `this peer keeps at most ${caps.maxNamespaces} namespaces of a repository`, blame: false }
  if ((input.heldBytes ?? 0) + input.bytes > caps.maxTotalBytes) return { ok: false, reason: `this peer keeps at most ${caps.maxTotalBytes} bytes of a repository's namespaces`, blame: false }
  return { ok: true, delegate: false }
}

/** The encoded bytes of `docs`' non-delegate namespaces, `except` one writer's (the one being vetted): AcceptInput.heldBytes. `docs` are held ones, already verified. */
export function namespacesBytes (docs: readonly SignedRefs[], identity: Pick<Identity, 'delegates'>, except?: string): number {
  let total = 0
  for (const d of docs) if (d.signer !== except && !identity.delegates.includes(d.signer)) total += heldSize(d)
  return total
}

// Encoding 16 MiB of namespaces takes ~250 ms, and every offer of a full
// repository would pay it again: sizes are kept by signature (one signature,
// one verified document), up to a bound.
const sizes = new Map<string, number>()
const MAX_SIZES = 8192

function heldSize (d: SignedRefs): number {
  const key = `${d.signer} ${d.signature}`
  let n = sizes.get(key)
  if (n == null) {
    n = encodeSignedRefs(d).length
    if (sizes.size >= MAX_SIZES) sizes.delete(sizes.keys().next().value as string)
    sizes.set(key, n)
  }
  return n
}
