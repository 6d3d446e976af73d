// A repository's identity that can change: who its delegates are, how many
// of them must agree (the threshold), and what it is called. The genesis is
// version 0 (its delegates, threshold 1) and the root: the RID never
// changes. Each later version is an identity revision that names the one it
// replaces (`prev`) and is valid only when at least `threshold` of the
// previous version's delegates sign it, so a delegate removed in version n
// cannot sign version n+1, and nobody can rewrite history below the
// threshold. The highest valid version wins; two different valid revisions of
// one version (delegates signing twice) are ordered by id so every peer
// picks the same one.
//
// The whole chain travels (bounded): a receiver verifies it from the genesis
// it already checked against the RID. Revisions are canonical JSON, signed
// with a domain prefix so no other Guts signature can be replayed as one.
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { sha256 } from 'multiformats/hashes/sha2'
import { fromString, toString } from 'uint8arrays'
import { canonicalBytes } from './canonical-json.js'
import { InvalidIdentityError, StaleIdentityError, WrongRepositoryError } from './errors.js'
import { isRid, validateAbout, validateDelegates } from './genesis.js'
import { bytesToHex } from './hex.js'
import type { Genesis } from './genesis.js'
import type { PrivateKey } from '@libp2p/interface'

export interface IdentityPayload {
  rid: string
  /** 1 for the first revision after the genesis, then one more each time */
  version: number
  /** the id of the version it replaces: the RID for version 1, else revisionId(previous) */
  prev: string
  name: string
  description: string
  defaultBranch: string
  /** PeerIds allowed to sign the canonical refs and the next revision */
  delegates: string[]
  /** how many delegates must agree: on canonical branches and on the next revision */
  threshold: number
  /** writers whose namespaces peers hide and relays drop (a delegate-signed block list) */
  blocked: string[]
  timestamp: number
}

export interface IdentitySignature { signer: string, signature: string }
export interface IdentityRevision extends IdentityPayload { signatures: IdentitySignature[] }

/** The identity in force: the genesis, or the latest valid revision. */
export interface Identity {
  rid: string
  version: number
  /** the RID for version 0, else the revision's id */
  id: string
  name: string
  description: string
  defaultBranch: string
  delegates: string[]
  threshold: number
  blocked: string[]
}

export const IDENTITY_DOMAIN = 'guts/identity/v1\n'
/** revisions a receiver follows from the genesis: more is refused, not truncated */
export const MAX_REVISIONS = 256
/** one revision, encoded, signatures included */
export const MAX_REVISION_BYTES = 16 * 1024
export const MAX_BLOCKED = 1000
const FIELDS = ['blocked', 'defaultBranch', 'delegates', 'description', 'name', 'prev', 'rid', 'signatures', 'threshold', 'timestamp', 'version']
const ED25519_SIGNATURE_BYTES = 64
const ID = /^[0-9a-f]{64}$/
const encoder = new TextEncoder()

export function identityOfGenesis (rid: string, g: Genesis): Identity {
  return { rid, version: 0, id: rid, name: g.name, description: g.description, defaultBranch: g.defaultBranch, delegates: [...g.delegates], threshold: 1, blocked: [] }
}

function payloadOf (p: IdentityPayload): IdentityPayload {
  // by name, so a revision passed in never signs its own signatures
  return { rid: p.rid, version: p.version, prev: p.prev, name: p.name, description: p.description, defaultBranch: p.defaultBranch, delegates: p.delegates, threshold: p.threshold, blocked: p.blocked, timestamp: p.timestamp }
}

export function signingBytes (p: IdentityPayload): Uint8Array {
  const payload = canonicalBytes(payloadOf(p))
  const domain = encoder.encode(IDENTITY_DOMAIN)
  const out = new Uint8Array(domain.length + payload.length)
  out.set(domain)
  out.set(payload, domain.length)
  return out
}

/** What the next revision names as its `prev`: SHA-256 of what is signed, in hex. */
export async function revisionId (p: IdentityPayload): Promise<string> {
  return bytesToHex((await sha256.digest(signingBytes(p))).digest)
}

export type IdentityChange = Partial<Pick<IdentityPayload, 'name' | 'description' | 'defaultBranch' | 'delegates' | 'threshold' | 'blocked'>>

/** The unsigned next version of `current` with `change` applied; refused if no receiver would accept it. */
export function proposeRevision (current: Identity, change: IdentityChange, timestamp: number): IdentityPayload {
  const delegates = change.delegates ?? current.delegates
  const p: IdentityPayload = {
    rid: current.rid,
    version: current.version + 1,
    prev: current.id,
    name: change.name ?? current.name,
    description: change.description ?? current.description,
    defaultBranch: change.defaultBranch ?? current.defaultBranch,
    delegates: [...delegates],
    // a threshold above the delegates left is lowered to all of them
    threshold: Math.min(change.threshold ?? current.threshold, delegates.length),
    blocked: [...new Set(change.blocked ?? current.blocked)].sort(),
    timestamp
  }
  checkShape({ ...p, signatures: [] })
  return p
}

/** Adds (or replaces) `key`'s signature on a revision; signatures are kept in signer order. */
export async function signRevision (key: PrivateKey, rev: IdentityPayload | IdentityRevision): Promise<IdentityRevision> {
  const signer = peerIdFromPrivateKey(key).toString()
  const payload = payloadOf(rev)
  checkShape({ ...payload, signatures: [] })
  const signature = toString(await key.sign(signingBytes(payload)), 'base64url')
  const others = ('signatures' in rev ? rev.signatures : []).filter(s => s.signer !== signer)
  const signatures = [...others, { signer, signature }].sort((a, b) => a.signer < b.signer ? -1 : a.signer > b.signer ? 1 : 0)
  return { ...payload, delegates: [...payload.delegates], blocked: [...payload.blocked], signatures }
}

/**
 * The identity `rev` makes of `current`: it must be the next version, name
 * `current` as its prev, and carry valid signatures of at least `threshold`
 * of `current`'s delegates (others' signatures are ignored, not counted).
 */
export async function applyRevision (current: Identity, rev: IdentityRevision): Promise<Identity> {
  checkShape(rev)
  if (rev.rid !== current.rid) throw new WrongRepositoryError('identity revision is for another repository')
  if (rev.version !== current.version + 1) throw new InvalidIdentityError(`identity revision ${rev.version} does not follow version ${current.version}`)
  if (rev.prev !== current.id) throw new InvalidIdentityError(`identity revision ${rev.version} does not follow the revision held as version ${current.version}`)
  const bytes = signingBytes(rev)
  let valid = 0
  for (const s of rev.signatures) {
    if (!current.delegates.includes(s.signer)) continue
    if (await signatureValid(s, bytes)) valid++
  }
  if (valid < current.threshold) throw new InvalidIdentityError(`identity revision ${rev.version} carries ${valid} valid delegate signature${valid === 1 ? '' : 's'}; ${current.threshold} needed`)
  return { rid: rev.rid, version: rev.version, id: await revisionId(rev), name: rev.name, description: rev.description, defaultBranch: rev.defaultBranch, delegates: [...rev.delegates], threshold: rev.threshold, blocked: [...rev.blocked] }
}

/** The identity a chain of revisions leads to from the genesis, each checked against the one before. */
export async function verifyIdentityChain (rid: string, genesis: Genesis, revisions: readonly IdentityRevision[]): Promise<Identity> {
  if (!isRid(rid)) throw new InvalidIdentityError('not a repository id')
  if (revisions.length > MAX_REVISIONS) throw new InvalidIdentityError(`more than ${MAX_REVISIONS} identity revisions`)
  let identity = identityOfGenesis(rid, genesis)
  for (const rev of revisions) identity = await applyRevision(identity, rev)
  return identity
}

/**
 * Whether a chain verified as `offered` should replace the one held as
 * `held`: a higher version, or at the same version a lower id (so peers
 * that saw two valid revisions of one version settle on the same one).
 * A lower version is a replay: StaleIdentityError.
 */
export function replacesIdentity (held: Identity, offered: Identity): boolean {
  if (offered.version < held.version) throw new StaleIdentityError(`identity version ${offered.version} is older than version ${held.version} held here`)
  if (offered.version > held.version) return true
  return offered.id < held.id
}

export function encodeRevision (rev: IdentityRevision): Uint8Array {
  return canonicalBytes(rev)
}

export function decodeRevision (bytes: Uint8Array): IdentityRevision {
  if (bytes.length > MAX_REVISION_BYTES) throw new InvalidIdentityError(`identity revision is larger than ${MAX_REVISION_BYTES} bytes`)
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw new InvalidIdentityError('identity revision is not UTF-8 JSON')
  }
  checkShape(value)
  return value
}

async function signatureValid (s: IdentitySignature, bytes: Uint8Array): Promise<boolean> {
  let sig: Uint8Array
  try {
    sig = fromString(s.signature, 'base64url')
  } catch {
    return false
  }
  if (sig.length !== ED25519_SIGNATURE_BYTES || toString(sig, 'base64url') !== s.signature) return false
  try {
    const publicKey = peerIdFromString(s.signer).publicKey
    if (publicKey == null) return false
    return await publicKey.verify(bytes, sig)
  } catch {
    return false
  }
}

/** Everything short of the signatures' validity. */
function checkShape (v: unknown): asserts v is IdentityRevision {
  if (v == null || typeof v !== 'object' || Array.isArray(v)) throw new InvalidIdentityError('identity revision is not an object')
  const r = v as Record<string, unknown>
  const keys = Object.keys(r).sort()
  if (keys.length !== FIELDS.length || keys.some((k, i) => k !== FIELDS[i])) throw new InvalidIdentityError(`identity revision must have exactly the fields ${FIELDS.join(', ')}`)
  if (typeof r.rid !== 'string' || !isRid(r.rid)) throw new InvalidIdentityError('identity revision carries no valid repository id')
  if (typeof r.version !== 'number' || !Number.isSafeInteger(r.version) || r.version < 1 || r.version > MAX_REVISIONS) throw new InvalidIdentityError(`identity version must be 1 to ${MAX_REVISIONS}`)
  if (typeof r.prev !== 'string' || (r.version === 1 ? r.prev !== r.rid : !ID.test(r.prev))) throw new InvalidIdentityError('identity revision does not name the version it replaces')
  if (typeof r.timestamp !== 'number' || !Number.isSafeInteger(r.timestamp) || r.timestamp < 0) throw new InvalidIdentityError('identity timestamp must be a non-negative integer')
  validateAbout(r, InvalidIdentityError)
  validateDelegates(r.delegates, InvalidIdentityError)
  const delegates = r.delegates as string[]
  if (typeof r.threshold !== 'number' || !Number.isSafeInteger(r.threshold) || r.threshold < 1 || r.threshold > delegates.length) throw new InvalidIdentityError(`threshold must be 1 to ${delegates.length} (the delegates)`)
  if (!Array.isArray(r.blocked) || r.blocked.length > MAX_BLOCKED) throw new InvalidIdentityError(`blocked must list at most ${MAX_BLOCKED} peer ids`)
  for (let i = 0; i < r.blocked.length; i++) {
    const b = r.blocked[i]
    if (typeof b !== 'string' || b.length === 0 || b.length > 128) throw new InvalidIdentityError('blocked lists something that is not a peer id')
    // sorted and unique: one list, one encoding
    if (i > 0 && !(r.blocked[i - 1] < b)) throw new InvalidIdentityError('blocked must be sorted, each peer once')
    if (delegates.includes(b)) throw new InvalidIdentityError(`delegate ${b} cannot be blocked`)
  }
  if (!Array.isArray(r.signatures) || r.signatures.length > delegates.length + 16) throw new InvalidIdentityError('identity revision carries too many signatures')
  const signers = new Set<string>()
  for (const s of r.signatures) {
    if (s == null || typeof s !== 'object' || Object.keys(s).sort().join(',') !== 'signature,signer') throw new InvalidIdentityError('an identity signature must have exactly signer and signature')
    if (typeof s.signer !== 'string' || s.signer.length === 0 || s.signer.length > 128 || typeof s.signature !== 'string' || s.signature.length > 128) throw new InvalidIdentityError('an identity signature is malformed')
    if (signers.has(s.signer)) throw new InvalidIdentityError(`${s.signer} signed twice`)
    signers.add(s.signer)
  }
}
