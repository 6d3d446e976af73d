// A tab's signed commits checked end to end with stock tools only: a relay
// seeds the repository from a peer, `git clone` takes it over smart HTTP,
// the relay's /git/<rid>/allowed_signers lists the writers, and
// `git verify-commit` finds every commit the tab made good.
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs } from '../../relay/cli.js'
import { createLogger } from '../../relay/log.js'
import { startRelay } from '../../relay/relay.js'
import { sshPublicKey } from '../../src/core/ssh-signature.js'
import { createWsPeer } from './ws-peer.js'
import type { Relay } from '../../relay/relay.js'
import type { WsPeer } from './ws-peer.js'

const ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' }
/** git, run without blocking: the relay answering it is in this process */
async function git (...args: string[]): Promise<{ ok: boolean, out: string, err: string }> {
  return promisify(execFile)('git', args, { env: ENV, encoding: 'utf8' }).then(
    ({ stdout, stderr }) => ({ ok: true, out: stdout, err: stderr }),
    (e: { stdout: string, stderr: string }) => ({ ok: false, out: e.stdout, err: e.stderr })
  )
}
/** a well-formed RID of no repository */
const RID_OF_NOTHING = 'bafkreiaxqxh4hpdky5zy5czyzxgndlysky6cxedq4b5pgnvbx6ga65zlni'

describe('a relay serving allowed signers', () => {
  let relay: Relay
  let dataDir: string
  let author: WsPeer

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'guts-signers-'))
    const parsed = parseArgs(['--port', '0', '--data', dataDir, '--no-mdns', '--app', 'dist'])
    if (parsed.command !== 'serve') throw new Error('bad args')
    relay = await startRelay(parsed.options, createLogger({ level: 'error' }))
    author = await createWsPeer('signer', { announceToRelays: true })
  })
  afterAll(async () => {
    await author?.stop()
    await relay?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('lists the writers, and git verify-commit passes on a clone with it', async () => {
    const repo = await author.repos.create({ name: 'signed' })
    const second = await author.repos.commit(repo.rid, { branch: 'main', message: 'Second', changes: [{ op: 'write', path: 'a.txt', content: new TextEncoder().encode('a\n') }] })
    await author.node.dial(relay.node.getMultiaddrs().find(ma => ma.toString().includes('/ws/'))!)
    await expect.poll(async () => (await relay.seeder.repos.index.get(repo.rid))?.signedRefs.seq, { timeout: 15_000 }).toBe(2)

    const res = await fetch(new URL(`git/${repo.rid}/allowed_signers`, relay.url))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const body = await res.text()
    expect(body).toBe(`${author.repos.peerId} namespaces="git" ${sshPublicKey(author.repos.peerId)}\n`)
    // the same with git's .git suffix; HEAD has no body
    expect(await (await fetch(new URL(`git/${repo.rid}.git/allowed_signers`, relay.url))).text()).toBe(body)
    const head = await fetch(new URL(`git/${repo.rid}/allowed_signers`, relay.url), { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')

    const work = await mkdtemp(join(tmpdir(), 'guts-signers-clone-'))
    try {
      const clone = join(work, 'clone')
      expect(await git('clone', '-q', new URL(`git/${repo.rid}`, relay.url).href, clone)).toMatchObject({ ok: true })
      const signers = join(work, 'allowed_signers')
      await writeFile(signers, body)
      for (const oid of [second, repo.signedRefs.refs['refs/heads/main']]) {
        const r = await git('-C', clone, '-c', `gpg.ssh.allowedSignersFile=${signers}`, 'verify-commit', oid)
        expect(r.err).toContain(`Good "git" signature for ${author.repos.peerId} with ED25519 key SHA256:`)
        expect(r.ok).toBe(true)
      }
      expect((await git('-C', clone, '-c', `gpg.ssh.allowedSignersFile=${signers}`, 'log', '--format=%G? %GS %s')).out)
        .toBe(`G ${author.repos.peerId} Second\nG ${author.repos.peerId} Initial commit\n`)
    } finally {
      await rm(work, { recursive: true, force: true })
    }
  }, 60_000)

  it('says what is wrong with a request, and never lists a repository it does not seed', async () => {
    const get = async (path: string, init?: RequestInit): Promise<[number, string]> => {
      const r = await fetch(new URL(path, relay.url), init)
      return [r.status, await r.text()]
    }
    expect(await get(`git/${RID_OF_NOTHING}/allowed_signers`)).toEqual([404, 'this relay does not seed that repository\n'])
    expect(await get('git/<script>/allowed_signers')).toEqual([404, 'not a Guts repository id\n'])
    const post = await fetch(new URL(`git/${RID_OF_NOTHING}/allowed_signers`, relay.url), { method: 'POST', body: 'x' })
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD'])
    // other /git/ paths are still git's
    expect((await get(`git/${RID_OF_NOTHING}/allowed_signers/x`))[0]).toBe(404)
  })
})
