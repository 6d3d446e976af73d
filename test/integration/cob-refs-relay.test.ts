// A contributor's issue on a relay, checked with stock git only: the relay
// takes a namespace holding only a cob ref (refs/cobs/guts.issue/<id>),
// mirrors it to refs/namespaces/<peer>/refs/cobs/…, serves it to
// `git fetch <relay> '+refs/namespaces/*:refs/guts/*'` (while a plain clone
// gets the code only), lists the contributor in allowed_signers, and
// `git verify-commit` finds the change commit good.
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs } from '../../relay/cli.js'
import { createLogger } from '../../relay/log.js'
import { startRelay } from '../../relay/relay.js'
import { cobRefOf } from '../../src/core/ref-names.js'
import { namespaceOf, refsOf } from '../../src/repo/repo-index.js'
import { publishRefs, writeChange } from './cob-publish.js'
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

describe('a relay seeding a contributor\'s issue', () => {
  let relay: Relay
  let dataDir: string
  let author: WsPeer
  let contributor: WsPeer

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'guts-cob-relay-'))
    const parsed = parseArgs(['--port', '0', '--data', dataDir, '--no-mdns', '--app', 'dist'])
    if (parsed.command !== 'serve') throw new Error('bad args')
    relay = await startRelay(parsed.options, createLogger({ level: 'error' }))
    author = await createWsPeer('author', { announceToRelays: true })
    contributor = await createWsPeer('contributor')
  })
  afterAll(async () => {
    await contributor?.stop()
    await author?.stop()
    await relay?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('mirrors the cob ref under the contributor\'s namespace, stock git fetches and verifies it, a clone gets code only', async () => {
    const ws = relay.node.getMultiaddrs().find(ma => ma.toString().includes('/ws/'))!
    const repo = await author.repos.create({ name: 'issues' })
    const rid = repo.rid
    await author.node.dial(ws)
    await expect.poll(async () => (await relay.seeder.repos.index.get(rid))?.signedRefs.seq, { timeout: 15_000 }).toBe(1)

    await contributor.node.dial(ws)
    await contributor.sync.fetchFrom(relay.node.peerId, rid)
    const change = await writeChange(contributor.repos, rid, 'The relay should keep this')
    const ref = cobRefOf('guts.issue', change)
    await publishRefs(contributor.repos, rid, { [ref]: change })
    const peer = contributor.repos.peerId
    await contributor.sync.announceTo(relay.node.peerId, rid)
    await expect.poll(async () => {
      const held = await relay.seeder.repos.index.get(rid)
      return held == null ? undefined : namespaceOf(held, peer)?.refs
    }, { timeout: 15_000 }).toEqual({ [ref]: change })
    // the delegate opens one too: its cob ref is its own, never canonical
    const own = await writeChange(author.repos, rid, 'A delegate\'s issue')
    const ownRef = cobRefOf('guts.issue', own)
    await publishRefs(author.repos, rid, { [ownRef]: own })
    await author.sync.announceTo(relay.node.peerId, rid)
    await expect.poll(async () => (await relay.seeder.repos.index.get(rid))?.signedRefs.refs, { timeout: 15_000 }).toEqual({ ...repo.signedRefs.refs, [ownRef]: own })
    const held = (await relay.seeder.repos.index.get(rid))!
    expect(refsOf(held)).toEqual(repo.signedRefs.refs)

    const url = new URL(`git/${rid}`, relay.url).href
    // the relay advertises the issue under the namespace, nothing under the top-level refs
    const advertised = (await git('ls-remote', url)).out.split('\n').filter(Boolean).map(l => l.split('\t')[1])
    expect(advertised).toContain(`refs/namespaces/${peer}/${ref}`)
    expect(advertised).toContain(`refs/namespaces/${author.repos.peerId}/${ownRef}`)
    expect(advertised.filter(r => r.startsWith('refs/cobs/'))).toEqual([])

    const work = await mkdtemp(join(tmpdir(), 'guts-cob-relay-clone-'))
    try {
      const clone = join(work, 'clone')
      expect(await git('clone', '-q', url, clone)).toMatchObject({ ok: true })
      // a plain clone: the code, and no cob ref
      expect((await git('-C', clone, 'for-each-ref', '--format=%(refname)')).out).toBe('refs/heads/main\nrefs/remotes/origin/HEAD\nrefs/remotes/origin/main\n')
      expect(await git('-C', clone, 'fetch', '-q', 'origin', '+refs/namespaces/*:refs/guts/*')).toMatchObject({ ok: true })
      expect((await git('-C', clone, 'rev-parse', `refs/guts/${peer}/${ref}`)).out.trim()).toBe(change)
      expect((await git('-C', clone, 'ls-tree', '--name-only', change)).out).toBe('0\nmanifest\n')
      expect((await git('-C', clone, 'log', '--format=%s', `refs/guts/${peer}/${ref}`)).out).toBe('Open issue\n')
      // the contributor is among the repository's writers: its change verifies
      const res = await fetch(new URL(`git/${rid}/allowed_signers`, relay.url))
      const signers = await res.text()
      expect(signers).toContain(`${peer} namespaces="git" `)
      expect(signers).toContain(`${author.repos.peerId} namespaces="git" `)
      const file = join(work, 'allowed_signers')
      await writeFile(file, signers)
      const verified = await git('-C', clone, '-c', `gpg.ssh.allowedSignersFile=${file}`, 'verify-commit', change)
      expect(verified.err).toContain(`Good "git" signature for ${peer} with ED25519 key SHA256:`)
      expect(verified.ok).toBe(true)
    } finally {
      await rm(work, { recursive: true, force: true })
    }
  }, 60_000)
})
