// The genesis document fixes a repository's identity: its hash is the RID, so
// nothing in it can change without changing the RID. Decoding is strict (only
// the canonical bytes are accepted) so one document has exactly one RID.

import { peerIdFromString } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { canonicalBytes } from './canonical-json.js'
import { bytesToHex } from './hex.js'
import { InvalidGenesisError, RidMismatchError } from './errors.js'
import { validRefName } from './ref-names.js'
import { isWellFormed } from './text.js'

export interface Genesis {
  version: 1
  name: string
  description: string
  defaultBranch: string
  delegates: string[]
  created: number
  nonce: string
}

export const MAX_GENESIS_BYTES = 8192
const MAX_NAME = 100
const MAX_DESCRIPTION = 1000
export const MAX_DELEGATES = 16
const MAX_RID_LENGTH = 100
const FIELDS = ['created', 'defaultBranch', 'delegates', 'description', 'name', 'nonce', 'version']
// C0, DEL and C1 controls: invisible in the UI, so they could make two names look alike
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const NONCE = /^[0-9a-f]{32}$/

export function createGenesis (init: { name: string, description?: string, defaultBranch?: string, delegates: string[], created?: number, nonce?: string }): Genesis {
  const g: Genesis = {
    version: 1,
    name: init.name,
    description: init.description ?? '',
    defaultBranch: init.defaultBranch ?? 'main',
    delegates: [...init.delegates],
    created: init.created ?? Date.now(),
    nonce: init.nonce ?? randomNonce()
  }
  validateGenesis(g)
  return g
}

export function encodeGenesis (g: Genesis): Uint8Array {
  return canonicalBytes(g)
}

export function decodeGenesis (bytes: Uint8Array): Genesis {
  if (bytes.length > MAX_GENESIS_BYTES) throw new InvalidGenesisError(`genesis is larger than ${MAX_GENESIS_BYTES} bytes`)
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes))
  } catch {
    throw new InvalidGenesisError('genesis is not UTF-8 JSON')
  }
  validateGenesis(value)
  // other encodings of the same document would hash to other RIDs
  if (!sameBytes(encodeGenesis(value), bytes)) throw new InvalidGenesisError('genesis is not canonically encoded')
  return value
}

export async function ridOf (genesisBytes: Uint8Array): Promise<string> {
  const digest = await sha256.digest(genesisBytes)
  return CID.createV1(raw.code, digest).toString()
}

export async function verifyGenesis (rid: string, genesisBytes: Uint8Array): Promise<Genesis> {
  const genesis = decodeGenesis(genesisBytes)
  if (await ridOf(genesisBytes) !== rid) throw new RidMismatchError('genesis does not hash to the repository id')
  return genesis
}

export function isRid (s: string): boolean {
  if (typeof s !== 'string' || s.length > MAX_RID_LENGTH) return false
  let cid: CID
  try { cid = CID.parse(s) } catch { return false }
  return cid.version === 1 &&
    cid.code === raw.code &&
    cid.multihash.code === sha256.code &&
    cid.multihash.size === 32 &&
    // only the base32 form, so two strings never name the same repository
    cid.toString() === s
}

function validateGenesis (v: unknown): asserts v is Genesis {
  if (v == null || typeof v !== 'object' || Array.isArray(v)) throw new InvalidGenesisError('genesis is not an object')
  const g = v as Record<string, unknown>
  const keys = Object.keys(g).sort()
  if (keys.length !== FIELDS.length || keys.some((k, i) => k !== FIELDS[i])) throw new InvalidGenesisError(`genesis must have exactly the fields ${FIELDS.join(', ')}`)
  if (g.version !== 1) throw new InvalidGenesisError('unsupported genesis version')
  validateAbout(g)
  validateDelegates(g.delegates)
  if (typeof g.created !== 'number' || !Number.isSafeInteger(g.created) || g.created < 0) throw new InvalidGenesisError('created must be a non-negative integer')
  if (typeof g.nonce !== 'string' || !NONCE.test(g.nonce)) throw new InvalidGenesisError('nonce must be 32 lowercase hex characters')
}

/** What a genesis and every identity revision say about a repository: its name, description and default branch. */
export function validateAbout (g: Record<string, unknown>, Err: new (message: string) => Error = InvalidGenesisError): void {
  if (typeof g.name !== 'string' || g.name.length < 1 || g.name.length > MAX_NAME) throw new Err(`repository name must be 1 to ${MAX_NAME} characters`)
  if (CONTROL.test(g.name) || /[/\\]/.test(g.name) || !isWellFormed(g.name)) throw new Err('repository name must not contain control characters, slashes or lone surrogates')
  if (typeof g.description !== 'string' || g.description.length > MAX_DESCRIPTION) throw new Err(`description must be at most ${MAX_DESCRIPTION} characters`)
  if (!isWellFormed(g.description)) throw new Err('description must not contain lone surrogates')
  if (typeof g.defaultBranch !== 'string' || !validRefName(`refs/heads/${g.defaultBranch}`)) throw new Err('default branch is not a valid branch name')
}

/** 1 to MAX_DELEGATES Ed25519 peer ids in their usual form, none twice. */
export function validateDelegates (delegates: unknown, Err: new (message: string) => Error = InvalidGenesisError): void {
  if (!Array.isArray(delegates) || delegates.length < 1 || delegates.length > MAX_DELEGATES) throw new Err(`delegates must list 1 to ${MAX_DELEGATES} peer ids`)
  const seen = new Set<string>()
  for (const d of delegates) {
    if (typeof d !== 'string' || d.length > 128) throw new Err('delegate is not a peer id')
    let type: string
    let canonical: string
    try {
      const id = peerIdFromString(d)
      type = id.type
      canonical = id.toString()
    } catch {
      throw new Err(`delegate ${d} is not a peer id`)
    }
    // signatures are checked with the key inside the id, which only Ed25519 ids carry
    if (type !== 'Ed25519') throw new Err(`delegate ${d} is not an Ed25519 peer id`)
    // signers are matched by string, so only the usual form of an id counts
    if (canonical !== d) throw new Err(`delegate ${d} is not written in the usual form`)
    if (seen.has(d)) throw new Err(`delegate ${d} is listed twice`)
    seen.add(d)
  }
}

function randomNonce (): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return bytesToHex(bytes)
}

function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
