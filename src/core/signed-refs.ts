// Signed refs: a delegate's statement "these are all the branches and tags of
// repository <rid>, version <seq>". Peers store and forward the document
// verbatim; each receiver verifies it again, so no peer has to be trusted.

import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { fromString, toString } from 'uint8arrays'
import { canonicalBytes } from './canonical-json.js'
import { InvalidRefsError, InvalidSignatureError, NotDelegateError, StaleSequenceError, WrongRepositoryError } from './errors.js'
import { isRid } from './genesis.js'
import { validRefName } from './ref-names.js'
import type { Genesis } from './genesis.js'
import type { PrivateKey } from '@libp2p/interface'

export interface RefsPayload { rid: string, seq: number, refs: Record<string, string>, signer: string, timestamp: number }
export interface SignedRefs extends RefsPayload { signature: string }

// Prefixed before signing so a signature over refs can never be replayed as a
// signature over some other document that happens to share the encoding.
export const SIGNED_REFS_DOMAIN = 'guts/signed-refs/v1\n'
export const MAX_SIGNED_REFS_BYTES = 1024 * 1024
export const MAX_REFS = 10_000
const OID = /^[0-9a-f]{40}$/
const MAX_SIGNER_LENGTH = 128
const MAX_SIGNATURE_LENGTH = 128
const ED25519_SIGNATURE_BYTES = 64
const FIELDS = ['refs', 'rid', 'seq', 'signature', 'signer', 'timestamp']
const encoder = new TextEncoder()

export function signingBytes (p: RefsPayload): Uint8Array {
  // pick the fields by name: a SignedRefs passed in must not sign its own signature
  const payload = canonicalBytes({ rid: p.rid, seq: p.seq, refs: p.refs, signer: p.signer, timestamp: p.timestamp })
  const domain = encoder.encode(SIGNED_REFS_DOMAIN)
  const out = new Uint8Array(domain.length + payload.length)
  out.set(domain)
  out.set(payload, domain.length)
  return out
}

export async function signRefs (key: PrivateKey, p: Omit<RefsPayload, 'signer'>): Promise<SignedRefs> {
  const payload: RefsPayload = { rid: p.rid, seq: p.seq, refs: { ...p.refs }, signer: peerIdFromPrivateKey(key).toString(), timestamp: p.timestamp }
  // refuse to sign what every receiver would reject anyway
  checkShape({ ...payload, signature: '' })
  const sig = await key.sign(signingBytes(payload))
  return { ...payload, signature: toString(sig, 'base64url') }
}

export async function verifySignedRefs (sr: SignedRefs, genesis: Pick<Genesis, 'delegates'>, opts: { rid: string, currentSeq?: number }): Promise<void> {
  if ((sr as Partial<SignedRefs> | null)?.rid !== opts.rid) throw new WrongRepositoryError('signed refs are for another repository')
  checkShape(sr)
  if (!genesis.delegates.includes(sr.signer)) throw new NotDelegateError(`${sr.signer} is not a delegate of this repository`)
  await verifyWriterRefs(sr, opts)
}

/**
 * A writer's own signed refs (a fork's namespace, or a delegate's): the
 * shape, the signature by its signer, and a sequence above the one held of
 * that signer. Whether the writer's refs count for anything is the caller's
 * to decide (namespace-accept.ts).
 */
export async function verifyWriterRefs (sr: SignedRefs, opts: { rid: string, currentSeq?: number }): Promise<void> {
  if ((sr as Partial<SignedRefs> | null)?.rid !== opts.rid) throw new WrongRepositoryError('signed refs are for another repository')
  checkShape(sr)
  if (!await signatureValid(sr)) throw new InvalidSignatureError(`signed refs do not carry a valid signature by ${sr.signer}`)
  if (opts.currentSeq != null && sr.seq <= opts.currentSeq) throw new StaleSequenceError(`signed refs sequence ${sr.seq} is not newer than ${opts.currentSeq}`)
}

export function encodeSignedRefs (sr: SignedRefs): Uint8Array {
  return canonicalBytes(sr)
}

export function decodeSignedRefs (bytes: Uint8Array): SignedRefs {
  if (bytes.length > MAX_SIGNED_REFS_BYTES) throw new InvalidRefsError(`signed refs are larger than ${MAX_SIGNED_REFS_BYTES} bytes`)
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw new InvalidRefsError('signed refs are not UTF-8 JSON')
  }
  checkShape(value)
  return value
}

async function signatureValid (sr: SignedRefs): Promise<boolean> {
  let sig: Uint8Array
  try {
    sig = fromString(sr.signature, 'base64url')
  } catch {
    return false
  }
  // one signature, one string: re-encoding catches stray trailing bits and padding
  if (sig.length !== ED25519_SIGNATURE_BYTES || toString(sig, 'base64url') !== sr.signature) return false
  try {
    const publicKey = peerIdFromString(sr.signer).publicKey
    if (publicKey == null) return false
    return await publicKey.verify(signingBytes(sr), sig)
  } catch {
    return false
  }
}

// Everything short of the signature and the genesis: types, no extra fields,
// and values every receiver would refuse.
function checkShape (v: unknown): asserts v is SignedRefs {
  if (v == null || typeof v !== 'object' || Array.isArray(v)) throw new InvalidRefsError('signed refs are not an object')
  const sr = v as Record<string, unknown>
  const keys = Object.keys(sr).sort()
  if (keys.length !== FIELDS.length || keys.some((k, i) => k !== FIELDS[i])) throw new InvalidRefsError(`signed refs must have exactly the fields ${FIELDS.join(', ')}`)
  if (typeof sr.rid !== 'string' || !isRid(sr.rid)) throw new InvalidRefsError('signed refs carry no valid repository id')
  if (typeof sr.seq !== 'number' || !Number.isSafeInteger(sr.seq) || sr.seq < 1) throw new InvalidRefsError('signed refs sequence must be a positive integer')
  if (typeof sr.timestamp !== 'number' || !Number.isSafeInteger(sr.timestamp) || sr.timestamp < 0) throw new InvalidRefsError('signed refs timestamp must be a non-negative integer')
  if (typeof sr.signer !== 'string' || sr.signer.length === 0 || sr.signer.length > MAX_SIGNER_LENGTH) throw new InvalidRefsError('signed refs carry no signer')
  if (typeof sr.signature !== 'string' || sr.signature.length > MAX_SIGNATURE_LENGTH) throw new InvalidRefsError('signed refs carry no signature')
  checkRefs(sr.refs)
}

function checkRefs (refs: unknown): void {
  if (refs == null || typeof refs !== 'object' || Array.isArray(refs)) throw new InvalidRefsError('refs must be an object')
  const proto = Object.getPrototypeOf(refs)
  if (proto !== Object.prototype && proto !== null) throw new InvalidRefsError('refs must be a plain object')
  const entries = Object.entries(refs)
  if (entries.length > MAX_REFS) throw new InvalidRefsError(`more than ${MAX_REFS} refs`)
  for (const [name, oid] of entries) {
    if (!validRefName(name)) throw new InvalidRefsError(`invalid ref name ${JSON.stringify(name.slice(0, 300))}`)
    if (typeof oid !== 'string' || !OID.test(oid)) throw new InvalidRefsError(`ref ${name} has no valid object id`)
  }
}
