// Commits made through Repos (the tab's code path) carry an SSH signature by
// the tab's key that stock git checks: `git verify-commit` with the
// allowed-signers file Guts serves. A changed commit fails; our own verifier
// agrees with git on ours and on signatures git made.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyCommit } from '../../src/core/signed-commit.js'
import { allowedSigners, sshPublicKey } from '../../src/core/ssh-signature.js'
import { checkCommit } from '../../src/repo/pack/fsck.js'
import { MemoryRepoIndex } from '../../src/repo/repo-index.js'
import { Repos } from '../../src/repo/repos.js'
import type { GitFs } from '../../src/repo/fs.js'

const ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'g', GIT_AUTHOR_EMAIL: 'g@example.org', GIT_COMMITTER_NAME: 'g', GIT_COMMITTER_EMAIL: 'g@example.org' }

let work: string
let repos: Repos
let allowed: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'guts-signed-'))
  fs.mkdirSync(join(work, 'repos'))
  repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: join(work, 'repos'), author: () => ({ name: 'Tab Author', email: 'tab@example.org' }) })
  allowed = join(work, 'allowed_signers')
  await writeFile(allowed, allowedSigners([repos.peerId]))
})
afterAll(async () => { await rm(work, { recursive: true, force: true }) })

/** git with the allowed-signers file set; status and everything it printed */
function git (gitdir: string, ...args: string[]): { ok: boolean, out: string } {
  const r = spawnSync('git', ['--git-dir', gitdir, '-c', 'gpg.format=ssh', '-c', `gpg.ssh.allowedSignersFile=${allowed}`, ...args], { env: ENV, encoding: 'utf8' })
  return { ok: r.status === 0, out: (r.stdout + r.stderr).trim() }
}
const raw = (gitdir: string, oid: string): Uint8Array => new Uint8Array(execFileSync('git', ['--git-dir', gitdir, 'cat-file', 'commit', oid], { env: ENV }))

describe('commits signed in the tab', () => {
  it('pass git verify-commit for the first commit and later ones, naming the PeerId', async () => {
    const record = await repos.create({ name: 'signed' })
    const gitdir = repos.gitdir(record.rid)
    const first = record.signedRefs.refs['refs/heads/main']
    const second = await repos.commit(record.rid, { branch: 'main', message: 'Second\n\nwith a body', changes: [{ op: 'write', path: 'a.txt', content: new TextEncoder().encode('a\n') }] })
    for (const oid of [first, second]) {
      const text = new TextDecoder().decode(raw(gitdir, oid))
      expect(text).toMatch(/\ncommitter [^\n]+\ngpgsig -----BEGIN SSH SIGNATURE-----\n( [A-Za-z0-9+/=]+\n)+ -----END SSH SIGNATURE-----\n\n/)
      const v = git(gitdir, 'verify-commit', '-v', oid)
      expect(v.out).toContain(`Good "git" signature for ${repos.peerId} with ED25519 key SHA256:`)
      expect(v.ok).toBe(true)
      expect(git(gitdir, 'log', '-1', '--format=%G? %GS', oid).out).toBe(`G ${repos.peerId}`)
      // the object id is git's for these bytes, and every peer's fsck takes it
      expect(execFileSync('git', ['hash-object', '-t', 'commit', '--stdin'], { input: raw(gitdir, oid), encoding: 'utf8' }).trim()).toBe(oid)
      checkCommit(raw(gitdir, oid), oid)
      expect(await verifyCommit(raw(gitdir, oid))).toEqual({ state: 'valid', signer: repos.peerId })
    }
    expect(git(gitdir, 'fsck', '--full', '--strict').ok).toBe(true)
    expect(git(gitdir, 'log', '--format=%s', 'main').out).toBe('Second\nInitial commit')
  })

  it('fail once changed, in git and in our verifier', async () => {
    const record = await repos.create({ name: 'tampered' })
    const gitdir = repos.gitdir(record.rid)
    const oid = record.signedRefs.refs['refs/heads/main']
    const text = new TextDecoder().decode(raw(gitdir, oid))
    const forged = execFileSync('git', ['--git-dir', gitdir, 'hash-object', '-t', 'commit', '-w', '--stdin'], { input: text.replace('Initial commit', 'Initial commit!'), env: ENV, encoding: 'utf8' }).trim()
    const v = git(gitdir, 'verify-commit', forged)
    expect(v.out).toContain('Signature verification failed: incorrect signature')
    expect(v.ok).toBe(false)
    expect(git(gitdir, 'log', '-1', '--format=%G?', forged).out).toBe('B')
    expect(await verifyCommit(raw(gitdir, forged))).toMatchObject({ state: 'invalid', signer: repos.peerId })
  })

  it('fail when the allowed-signers file does not list the key', async () => {
    const record = await repos.create({ name: 'stranger' })
    const gitdir = repos.gitdir(record.rid)
    const oid = record.signedRefs.refs['refs/heads/main']
    const other = (await import('@libp2p/peer-id')).peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
    const elsewhere = join(work, 'other_signers')
    await writeFile(elsewhere, allowedSigners([other]))
    const r = spawnSync('git', ['--git-dir', gitdir, '-c', `gpg.ssh.allowedSignersFile=${elsewhere}`, 'verify-commit', oid], { env: ENV, encoding: 'utf8' })
    expect(r.status).not.toBe(0)
    expect(r.stderr).toContain('No principal matched')
  })
})

describe('our verifier on commits git made', () => {
  it('finds git\'s SSH signature good, and an unsigned commit unsigned', async () => {
    const dir = join(work, 'git-made')
    execFileSync('git', ['init', '-q', '--bare', dir], { env: ENV })
    const keyFile = join(work, 'id_ed25519')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile])
    const tree = execFileSync('git', ['--git-dir', dir, 'hash-object', '-t', 'tree', '-w', '/dev/null'], { env: ENV, encoding: 'utf8' }).trim()
    const commitTree = (...args: string[]): string => execFileSync('git', ['--git-dir', dir, '-c', 'gpg.format=ssh', '-c', `user.signingkey=${keyFile}`, 'commit-tree', ...args, tree, '-m', 'title', '-m', 'body\n\ngpgsig in the message is not a header'], { env: ENV, encoding: 'utf8' }).trim()
    const signed = commitTree('-S')
    const v = await verifyCommit(raw(dir, signed))
    expect(v.state).toBe('valid')
    // the signer named is the key git signed with
    expect(v.state === 'valid' && sshPublicKey(v.signer)).toBe(fs.readFileSync(keyFile + '.pub', 'utf8').split(' ').slice(0, 2).join(' '))
    expect(await verifyCommit(raw(dir, commitTree()))).toEqual({ state: 'unsigned' })
  })
})
