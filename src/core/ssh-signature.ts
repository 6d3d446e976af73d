// git's SSH signatures, made with a peer's own Ed25519 key, so that stock
// git verifies what a tab signed: `git verify-commit` with gpg.format=ssh and
// an allowed-signers file listing the repository's writers. A PeerId of an
// Ed25519 key *is* the key, so it maps to an `ssh-ed25519` public key and
// back with nothing else to trust. The format is OpenSSH's PROTOCOL.sshsig;
// the wire encoding (`string` = uint32 length + bytes) is RFC 4251's. Pure:
// no I/O, only hashing and the key's own sign().

import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import { fromString, toString } from 'uint8arrays'
import type { PrivateKey } from '@libp2p/interface'

export class NotEd25519Error extends Error { static name = 'NotEd25519Error'; name = 'NotEd25519Error' }
export class MalformedSshSignatureError extends Error { static name = 'MalformedSshSignatureError'; name = 'MalformedSshSignatureError' }

/** the namespace git signs commits and tags in */
export const GIT_NAMESPACE = 'git'
const KEY_TYPE = 'ssh-ed25519'
const MAGIC = 'SSHSIG'
const VERSION = 1
const BEGIN = '-----BEGIN SSH SIGNATURE-----'
const END = '-----END SSH SIGNATURE-----'
/** ssh-keygen wraps its base64 at 70 columns */
const ARMOR_WIDTH = 70
/** an Ed25519 signature armors to ~300 characters; RSA-16384 ones stay under 8 KiB, so anything bigger is not a signature */
export const MAX_ARMORED_SIGNATURE = 16 * 1024
const ED25519_PUBLIC = 32
const ED25519_SIGNATURE = 64
const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/** What an SSH signature says, decoded (not yet verified). */
export interface SshSignature {
  /** the signer's key type, as named in the signature ("ssh-ed25519", "ssh-rsa", …) */
  keyType: string
  /** for ssh-ed25519: the 32-byte public key */
  publicKey: Uint8Array
  namespace: string
  hashAlgorithm: string
  /** the signature's own algorithm name and bytes */
  signatureType: string
  signature: Uint8Array
}

// ---- the wire encoding

function sshString (bytes: Uint8Array | string): Uint8Array {
  const b = typeof bytes === 'string' ? encoder.encode(bytes) : bytes
  const out = new Uint8Array(4 + b.length)
  new DataView(out.buffer).setUint32(0, b.length)
  out.set(b, 4)
  return out
}

function concat (parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}

/** Reads RFC 4251 values off a buffer; every length is checked against what is left. */
class Reader {
  private at = 0
  constructor (private readonly buf: Uint8Array) {}
  raw (n: number): Uint8Array {
    if (n > this.buf.length - this.at) throw new MalformedSshSignatureError('the SSH signature is cut short')
    const out = this.buf.subarray(this.at, this.at + n)
    this.at += n
    return out
  }

  uint32 (): number {
    const b = this.raw(4)
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0)
  }

  bytes (): Uint8Array { return this.raw(this.uint32()) }
  text (): string {
    try { return decoder.decode(this.bytes()) } catch { throw new MalformedSshSignatureError('the SSH signature holds a name that is not UTF-8') }
  }

  done (): boolean { return this.at === this.buf.length }
}

// ---- keys

function ed25519Raw (peerId: string): Uint8Array {
  let raw: Uint8Array | undefined
  try {
    const id = peerIdFromString(peerId)
    // (a PeerId of an RSA or secp256k1 key names no ssh-ed25519 key)
    if (id.type === 'Ed25519') raw = id.publicKey.raw
  } catch {}
  if (raw?.length !== ED25519_PUBLIC) throw new NotEd25519Error(`${peerId.slice(0, 64)} is not the PeerId of an Ed25519 key`)
  return raw
}

/** The SSH wire form of an Ed25519 public key: string "ssh-ed25519", string key. */
export function sshPublicKeyBlob (raw: Uint8Array): Uint8Array {
  if (raw.length !== ED25519_PUBLIC) throw new NotEd25519Error('an Ed25519 public key is 32 bytes')
  return concat([sshString(KEY_TYPE), sshString(raw)])
}

/** `ssh-ed25519 AAAA…`, the public key as authorized_keys and allowed_signers write it. */
export function sshPublicKey (peerId: string): string {
  return `${KEY_TYPE} ${toString(sshPublicKeyBlob(ed25519Raw(peerId)), 'base64pad')}`
}

/** The PeerId of a 32-byte Ed25519 public key. */
export function peerIdOfEd25519 (raw: Uint8Array): string {
  return peerIdFromPublicKey(publicKeyFromRaw(raw)).toString()
}

// ---- allowed signers (ssh-keygen(1), ALLOWED SIGNERS)

/**
 * One line of an allowed-signers file. The principal is the PeerId: it is
 * the writer's identity everywhere else in Guts, while the commit's email
 * is whatever the person typed. git does not match principals to emails:
 * it asks `ssh-keygen -Y find-principals` which principal the signature's
 * key belongs to, so any principal works and `%GS` then shows the PeerId.
 * (Base58 has no comma, '*', '?' or '!', so a PeerId is a literal pattern.)
 */
export function allowedSignersLine (peerId: string): string {
  return `${peerId} namespaces="${GIT_NAMESPACE}" ${sshPublicKey(peerId)}`
}

/** The allowed-signers file of `peerIds` (duplicates and non-Ed25519 PeerIds left out), one line each. */
export function allowedSigners (peerIds: Iterable<string>): string {
  const lines: string[] = []
  const seen = new Set<string>()
  for (const p of peerIds) {
    if (seen.has(p)) continue
    seen.add(p)
    try { lines.push(allowedSignersLine(p)) } catch (err) { if (!(err instanceof NotEd25519Error)) throw err }
  }
  return lines.map(l => l + '\n').join('')
}

// ---- signing

async function digest (hashAlgorithm: string, message: Uint8Array): Promise<Uint8Array> {
  if (hashAlgorithm === 'sha512') return (await sha512.digest(message)).digest
  if (hashAlgorithm === 'sha256') return (await sha256.digest(message)).digest
  throw new MalformedSshSignatureError('the SSH signature names a hash other than sha256 or sha512')
}

/** What the key actually signs: the preamble, namespace, reserved, hash name and H(message). */
async function signedData (namespace: string, hashAlgorithm: string, message: Uint8Array): Promise<Uint8Array> {
  return concat([encoder.encode(MAGIC), sshString(namespace), sshString(''), sshString(hashAlgorithm), sshString(await digest(hashAlgorithm, message))])
}

export function armor (blob: Uint8Array): string {
  const b64 = toString(blob, 'base64pad')
  const lines = [BEGIN]
  for (let i = 0; i < b64.length; i += ARMOR_WIDTH) lines.push(b64.slice(i, i + ARMOR_WIDTH))
  lines.push(END)
  return lines.join('\n') + '\n'
}

/** `message` signed by `key` (Ed25519) as `ssh-keygen -Y sign -n <namespace>` signs it, armored. */
export async function signSsh (key: PrivateKey, message: Uint8Array, namespace = GIT_NAMESPACE): Promise<string> {
  if (key.type !== 'Ed25519') throw new NotEd25519Error('SSH signatures are made with Ed25519 keys only')
  const hashAlgorithm = 'sha512'
  const sig = await key.sign(await signedData(namespace, hashAlgorithm, message))
  return armor(concat([
    encoder.encode(MAGIC),
    new Uint8Array([0, 0, 0, VERSION]),
    sshString(sshPublicKeyBlob(key.publicKey.raw)),
    sshString(namespace),
    sshString(''),
    sshString(hashAlgorithm),
    sshString(concat([sshString(KEY_TYPE), sshString(sig)]))
  ]))
}

// ---- parsing and verifying

/** The blob inside `-----BEGIN SSH SIGNATURE-----` … `-----END SSH SIGNATURE-----` (CRLF and blanks tolerated, as ssh-keygen does). */
function dearmor (armored: string): Uint8Array {
  if (armored.length > MAX_ARMORED_SIGNATURE) throw new MalformedSshSignatureError(`the SSH signature is over ${MAX_ARMORED_SIGNATURE} characters`)
  const lines = armored.split('\n').map(l => l.trim()).filter(l => l !== '')
  if (lines[0] !== BEGIN || lines[lines.length - 1] !== END || lines.length < 3) throw new MalformedSshSignatureError('not an armored SSH signature')
  const b64 = lines.slice(1, -1).join('')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new MalformedSshSignatureError('the SSH signature is not base64')
  try { return fromString(b64, 'base64pad') } catch { throw new MalformedSshSignatureError('the SSH signature is not base64') }
}

/** Decodes an armored SSH signature; throws MalformedSshSignatureError when it is not one. */
export function parseSshSignature (armored: string): SshSignature {
  const r = new Reader(dearmor(armored))
  if (r.raw(6).some((b, i) => b !== MAGIC.charCodeAt(i))) throw new MalformedSshSignatureError('the SSH signature lacks its SSHSIG preamble')
  const version = r.uint32()
  if (version !== VERSION) throw new MalformedSshSignatureError(`SSH signature version ${version} is not supported`)
  const key = new Reader(r.bytes())
  const namespace = r.text()
  r.bytes() // reserved
  const hashAlgorithm = r.text()
  const sig = new Reader(r.bytes())
  if (!r.done()) throw new MalformedSshSignatureError('the SSH signature has bytes after its end')
  const keyType = key.text()
  const publicKey = keyType === KEY_TYPE ? key.bytes() : new Uint8Array(0)
  const signatureType = sig.text()
  const signature = sig.bytes()
  if (keyType === KEY_TYPE && (publicKey.length !== ED25519_PUBLIC || !key.done())) throw new MalformedSshSignatureError('the SSH signature holds a malformed ssh-ed25519 key')
  return { keyType, publicKey, namespace, hashAlgorithm, signatureType, signature }
}

// A list of issues checks thousands of signatures by a few dozen writers:
// each key is decoded, and its PeerId encoded, once
const KEYS_KEPT = 1024
const keys = new Map<string, { key: ReturnType<typeof publicKeyFromRaw>, peer: string }>()
function keyOf (raw: Uint8Array): { key: ReturnType<typeof publicKeyFromRaw>, peer: string } {
  const id = toString(raw, 'base64')
  let k = keys.get(id)
  if (k == null) {
    const key = publicKeyFromRaw(raw)
    k = { key, peer: peerIdFromPublicKey(key).toString() }
    keys.set(id, k)
    if (keys.size > KEYS_KEPT) keys.delete(keys.keys().next().value!)
  }
  return k
}

export type SshVerification =
  | { valid: true, signer: string }
  | { valid: false, reason: string, signer?: string }

/**
 * Checks an armored signature over `message` as `ssh-keygen -Y verify` does,
 * for Ed25519 keys, and names the signer's PeerId. Whether that signer may
 * write is the caller's question (the repository's delegates).
 */
export async function verifySsh (armored: string, message: Uint8Array, namespace = GIT_NAMESPACE): Promise<SshVerification> {
  let s: SshSignature
  try { s = parseSshSignature(armored) } catch (err) {
    if (err instanceof MalformedSshSignatureError) return { valid: false, reason: err.message }
    throw err
  }
  if (s.keyType !== KEY_TYPE) return { valid: false, reason: `signed with a ${s.keyType.slice(0, 40)} key, not ssh-ed25519` }
  const key = keyOf(s.publicKey)
  const signer = key.peer
  if (s.namespace !== namespace) return { valid: false, reason: `signed for namespace "${s.namespace.slice(0, 40)}", not "${namespace}"`, signer }
  if (s.signatureType !== KEY_TYPE || s.signature.length !== ED25519_SIGNATURE) return { valid: false, reason: 'not an ssh-ed25519 signature', signer }
  let data: Uint8Array
  try { data = await signedData(s.namespace, s.hashAlgorithm, message) } catch (err) {
    if (err instanceof MalformedSshSignatureError) return { valid: false, reason: err.message, signer }
    throw err
  }
  let ok: boolean
  // (32 bytes that are no point of the curve make some verifiers throw)
  try { ok = await key.key.verify(data, s.signature) } catch { ok = false }
  return ok ? { valid: true, signer } : { valid: false, reason: 'the signature does not match', signer }
}
