// Our SSH signatures against OpenSSH's own ssh-keygen: it accepts what we
// sign, and we accept (and refuse) what it signs.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { fromString } from 'uint8arrays'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allowedSigners, allowedSignersLine, armor, MAX_ARMORED_SIGNATURE, MalformedSshSignatureError, NotEd25519Error, parseSshSignature, peerIdOfEd25519, signSsh, sshPublicKey, verifySsh } from './ssh-signature.js'
import type { PrivateKey } from '@libp2p/interface'

let dir: string
let key: PrivateKey
let peer: string
const enc = new TextEncoder()
const message = enc.encode('tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nhello, ünïcode\n')

/** ssh-keygen -Y verify of `sig` over `msg`: its exit status and what it printed. */
function sshVerify (sig: string, msg: Uint8Array, principal: string, allowed: string, namespace = 'git'): { ok: boolean, out: string } {
  writeFileSync(join(dir, 'allowed'), allowed)
  writeFileSync(join(dir, 'sig'), sig)
  const r = spawnSync('ssh-keygen', ['-Y', 'verify', '-f', join(dir, 'allowed'), '-I', principal, '-n', namespace, '-s', join(dir, 'sig')], { input: msg, encoding: 'utf8' })
  return { ok: r.status === 0, out: (r.stdout + r.stderr).trim() }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guts-sshsig-'))
  key = await generateKeyPair('Ed25519')
  peer = peerIdFromPrivateKey(key).toString()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('public keys and allowed signers', () => {
  it('maps a PeerId to the ssh-ed25519 key ssh-keygen reads, with the same fingerprint', () => {
    const line = sshPublicKey(peer)
    expect(line).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43}$/)
    writeFileSync(join(dir, 'k.pub'), line + '\n')
    const fp = execFileSync('ssh-keygen', ['-l', '-f', join(dir, 'k.pub')], { encoding: 'utf8' })
    expect(fp).toMatch(/^256 SHA256:\S+ .*\(ED25519\)\n$/)
    // and back: the key in the blob is the PeerId's key
    expect(peerIdOfEd25519(fromString(line.split(' ')[1], 'base64pad').subarray(19))).toBe(peer)
  })

  it('writes one line per writer, each once, skipping PeerIds of other key types', async () => {
    const other = peerIdFromPrivateKey(await generateKeyPair('secp256k1')).toString()
    expect(() => sshPublicKey(other)).toThrow(NotEd25519Error)
    expect(() => sshPublicKey('not a peer id')).toThrow(NotEd25519Error)
    expect(allowedSigners([peer, other, peer])).toBe(`${peer} namespaces="git" ${sshPublicKey(peer)}\n`)
    expect(allowedSignersLine(peer)).toBe(`${peer} namespaces="git" ${sshPublicKey(peer)}`)
  })
})

describe('signatures we make', () => {
  it('are accepted by ssh-keygen -Y verify for the PeerId as principal, and by us', async () => {
    const sig = await signSsh(key, message)
    const lines = sig.trimEnd().split('\n')
    expect(lines[0]).toBe('-----BEGIN SSH SIGNATURE-----')
    expect(lines.at(-1)).toBe('-----END SSH SIGNATURE-----')
    expect(lines.slice(1, -2).every(l => l.length === 70)).toBe(true)
    const r = sshVerify(sig, message, peer, allowedSigners([peer]))
    expect(r.out).toMatch(new RegExp(`^Good "git" signature for ${peer} with ED25519 key SHA256:`))
    expect(r.ok).toBe(true)
    expect(await verifySsh(sig, message)).toEqual({ valid: true, signer: peer })
  })

  it('fail for another message, another namespace, or a key not listed', async () => {
    const sig = await signSsh(key, message)
    const changed = enc.encode('tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nhello, unicode\n')
    expect(sshVerify(sig, changed, peer, allowedSigners([peer])).ok).toBe(false)
    expect(await verifySsh(sig, changed)).toMatchObject({ valid: false, signer: peer })
    expect(sshVerify(sig, message, peer, allowedSigners([peer]), 'file').ok).toBe(false)
    expect(await verifySsh(sig, message, 'file')).toMatchObject({ valid: false, signer: peer })
    const stranger = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
    expect(sshVerify(sig, message, stranger, allowedSigners([stranger])).ok).toBe(false)
  })
})

describe('signatures ssh-keygen makes', () => {
  let pub: string
  let keyFile: string
  beforeAll(() => {
    keyFile = join(dir, 'id_ed25519')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test', '-f', keyFile])
    pub = readFileSync(keyFile + '.pub', 'utf8')
  })
  const sshSign = (msg: Uint8Array, namespace = 'git'): string => {
    writeFileSync(join(dir, 'm'), msg)
    rmSync(join(dir, 'm.sig'), { force: true })
    execFileSync('ssh-keygen', ['-q', '-Y', 'sign', '-f', keyFile, '-n', namespace, join(dir, 'm')], { stdio: 'ignore' })
    return readFileSync(join(dir, 'm.sig'), 'utf8')
  }

  it('parse and verify, naming the key', async () => {
    const sig = sshSign(message)
    const s = parseSshSignature(sig)
    expect(s).toMatchObject({ keyType: 'ssh-ed25519', namespace: 'git', hashAlgorithm: 'sha512', signatureType: 'ssh-ed25519' })
    // the key ssh-keygen put in the signature is the one in its .pub file
    expect(sshPublicKey(peerIdOfEd25519(s.publicKey))).toBe(pub.split(' ').slice(0, 2).join(' '))
    expect(await verifySsh(sig, message)).toEqual({ valid: true, signer: peerIdOfEd25519(s.publicKey) })
    // ssh-keygen's armor is byte for byte what ours is
    expect(armor(fromString(sig.split('\n').slice(1, -2).join(''), 'base64pad'))).toBe(sig)
  })

  it('are refused when the message, the namespace or a byte of the signature changed', async () => {
    const sig = sshSign(message)
    expect(await verifySsh(sig, enc.encode('other'))).toMatchObject({ valid: false, reason: 'the signature does not match' })
    expect(await verifySsh(sshSign(message, 'file'), message)).toMatchObject({ valid: false })
    const body = sig.split('\n')
    // the last base64 line ends in the signature bytes: flip one
    const last = body.length - 3
    const c = body[last][2] === 'A' ? 'B' : 'A'
    body[last] = body[last].slice(0, 2) + c + body[last].slice(3)
    expect(await verifySsh(body.join('\n'), message)).toMatchObject({ valid: false })
  })
})

describe('malformed input', () => {
  it('is refused with a reason, never a crash', async () => {
    const good = await signSsh(key, message)
    const blob = fromString(good.split('\n').slice(1, -2).join(''), 'base64pad')
    const cases: string[] = [
      '',
      'hello',
      '-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n',
      '-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----\n',
      armor(blob.subarray(0, 40)), // cut short
      armor(new Uint8Array([...blob, 0])), // a byte after the end
      armor(new Uint8Array([...blob.subarray(0, 9), 2, ...blob.subarray(10)])), // version 2
      armor(Uint8Array.from([...enc.encode('SSHSIG'), 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff])), // a length past the end
      '-----BEGIN SSH SIGNATURE-----\n' + 'A'.repeat(MAX_ARMORED_SIGNATURE) + '\n-----END SSH SIGNATURE-----\n'
    ]
    for (const c of cases) {
      expect(() => parseSshSignature(c)).toThrow(MalformedSshSignatureError)
      expect(await verifySsh(c, message)).toMatchObject({ valid: false })
    }
    // a blob whose bytes were changed anywhere: refused, or (where only the base64 padding moved) still valid, never a throw
    let seed = 1
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n }
    for (let i = 0; i < 500; i++) {
      const b = blob.slice()
      for (let k = 0; k <= rand(3); k++) b[rand(b.length)] = rand(256)
      const v = await verifySsh(armor(b.subarray(0, b.length - rand(2))), message)
      expect(typeof v.valid).toBe('boolean')
    }
    expect(await verifySsh(armor(new Uint8Array([0xff, 0xfe, ...blob.subarray(2)])), message)).toMatchObject({ valid: false })
    // CRLF line ends, as a signature pasted from Windows has, still parse
    expect(await verifySsh(good.replace(/\n/g, '\r\n'), message)).toEqual({ valid: true, signer: peer })
  })

  it('refuses to sign with a key that is not Ed25519', async () => {
    await expect(signSsh(await generateKeyPair('secp256k1'), message)).rejects.toThrow(NotEd25519Error)
  })
})
