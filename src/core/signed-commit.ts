// Commits signed as git signs them with gpg.format=ssh: the SSH signature of
// the commit without its signature, in a `gpgsig` header after the others.
// We render the bytes ourselves and write them as they are, so what was
// signed is exactly what is stored; the rendering is isomorphic-git's (and
// git's) for the commits Guts makes. Pure.

import { MAX_ARMORED_SIGNATURE, signSsh, verifySsh } from './ssh-signature.js'
import type { PrivateKey } from '@libp2p/interface'

export interface CommitPerson { name: string, email: string, /** seconds */ timestamp: number, /** minutes, as Date.getTimezoneOffset (west is positive) */ timezoneOffset: number }
export interface CommitFields { tree: string, parent: string[], author: CommitPerson, committer: CommitPerson, message: string }

export type CommitSignature =
  | { state: 'unsigned' }
  | { state: 'valid', signer: string }
  | { state: 'invalid', reason: string, signer?: string }
  /** signed some other way (OpenPGP, X.509): not something we can check */
  | { state: 'unsupported', reason: string }

const SIG_HEADER = 'gpgsig'
const NL = 0x0a
const SP = 0x20
const encoder = new TextEncoder()

function zone (minutes: number): string {
  // getTimezoneOffset is minutes *behind* UTC; git writes "+hhmm" ahead (and keeps -0000)
  const ahead = minutes === 0 ? (Object.is(minutes, -0) ? -1 : 1) : -Math.sign(minutes)
  const m = Math.abs(minutes)
  return `${ahead < 0 ? '-' : '+'}${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`
}

const person = (p: CommitPerson): string => `${p.name} <${p.email}> ${p.timestamp} ${zone(p.timezoneOffset)}`

/** isomorphic-git's message rule: no CR, no leading blank lines, exactly one final newline. */
function normalMessage (message: string): string {
  return message.replace(/\r/g, '').replace(/^\n+/, '').replace(/\n+$/, '') + '\n'
}

function headers (c: CommitFields): string {
  return `tree ${c.tree}\n${c.parent.map(p => `parent ${p}\n`).join('')}author ${person(c.author)}\ncommitter ${person(c.committer)}\n`
}

/** The commit object's content, unsigned, as isomorphic-git's writeCommit renders it. */
export function renderCommit (c: CommitFields): string {
  return headers(c) + '\n' + normalMessage(c.message)
}

/** The commit's content with a `gpgsig` SSH signature by `key` over its unsigned form. */
export async function signedCommit (key: PrivateKey, c: CommitFields): Promise<Uint8Array> {
  const sig = await signSsh(key, encoder.encode(renderCommit(c)))
  // a header's continuation lines start with one space (git's add_header)
  const header = SIG_HEADER + sig.trimEnd().split('\n').map(l => ' ' + l).join('\n') + '\n'
  return encoder.encode(headers(c) + header + '\n' + normalMessage(c.message))
}

/**
 * Splits a commit as git's parse_buffer_signed_by_header does: the lines of
 * the `gpgsig` header (continuations without their leading space) are the
 * signature; every other byte, in order, is the payload that was signed.
 * undefined when the commit has no such header.
 */
export function splitSignedCommit (raw: Uint8Array): { payload: Uint8Array, signature: Uint8Array } | undefined {
  const payload: Uint8Array[] = []
  const signature: Uint8Array[] = []
  let inSig = false
  let found = false
  let line = 0
  while (line < raw.length) {
    const nl = raw.indexOf(NL, line)
    let next = nl < 0 ? raw.length : nl + 1
    if (inSig && raw[line] === SP) {
      signature.push(raw.subarray(line + 1, next))
    } else if (startsWith(raw, line, SIG_HEADER + ' ')) {
      signature.push(raw.subarray(line + SIG_HEADER.length + 1, next))
      inSig = found = true
    } else {
      // the blank line ends the headers: the message is payload, whatever it holds
      if (raw[line] === NL) next = raw.length
      payload.push(raw.subarray(line, next))
      inSig = false
    }
    line = next
  }
  return found ? { payload: join(payload), signature: join(signature) } : undefined
}

/** Checks a commit's signature (stored bytes, without git's object header); the signer's right to write is the caller's question. */
export async function verifyCommit (raw: Uint8Array): Promise<CommitSignature> {
  const split = splitSignedCommit(raw)
  if (split == null) return { state: 'unsigned' }
  if (split.signature.length > MAX_ARMORED_SIGNATURE) return { state: 'invalid', reason: `the signature is over ${MAX_ARMORED_SIGNATURE} bytes` }
  const text = new TextDecoder().decode(split.signature)
  if (text.startsWith('-----BEGIN PGP SIGNATURE-----')) return { state: 'unsupported', reason: 'an OpenPGP signature' }
  if (text.startsWith('-----BEGIN SIGNED MESSAGE-----')) return { state: 'unsupported', reason: 'an X.509 signature' }
  const v = await verifySsh(text, split.payload)
  return v.valid ? { state: 'valid', signer: v.signer } : { state: 'invalid', reason: v.reason, ...(v.signer != null ? { signer: v.signer } : {}) }
}

function startsWith (buf: Uint8Array, at: number, s: string): boolean {
  if (at + s.length > buf.length) return false
  for (let i = 0; i < s.length; i++) if (buf[at + i] !== s.charCodeAt(i)) return false
  return true
}

function join (parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}
