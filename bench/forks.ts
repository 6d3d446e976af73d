// What many writers cost: a repository with 0, 10 and 100 forks (each fork a
// writer's own signed namespace with one commit of its own), measured as
//  - the /guts/refs/2.0.0 answer: bytes, pages, and the time for a peer to
//    ask and receive it over libp2p (@libp2p/memory, Noise, yamux);
//  - a Guts clone's pack (every writer's tips), against a plain `git clone`
//    of the canonical refs from the same repository on disk, which must
//    not grow with the forks: they share history.
// Usage: npm run bench:forks [-- --commits 200]
import '../relay/polyfills.js'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { packFor } from '../src/repo/remote.js'
import { allTips, namespacesOf, refsOf } from '../src/repo/repo-index.js'
import { MemoryRepoIndex } from '../src/repo/repo-index.js'
import { Repos } from '../src/repo/repos.js'
import { decodeSignedRefs } from '../src/core/signed-refs.js'
import { REFS2_PROTOCOL, handleRefs2, pageOf, requestRefs2 } from '../src/sync/refs/refs2.js'
import { createNode } from '../test/integration/sync-peer.js'
import type { GitFs } from '../src/repo/fs.js'

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const COMMITS = arg('commits', 200)
const text = (s: string): Uint8Array => new TextEncoder().encode(s)

async function packBytes (repos: Repos, rid: string, wants: string[]): Promise<number> {
  const source = await packFor(repos, rid, wants, [])
  let n = 0
  for await (const c of source.chunks(1 << 20)) n += c.length
  await source.close()
  return n
}

async function main (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'guts-bench-forks-'))
  const index = new MemoryRepoIndex()
  const gitFs = fs as unknown as GitFs
  const make = async (name: string): Promise<Repos> => new Repos({ fs: gitFs, index, key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name, email: `${name}@example.org` }) })
  const owner = await make('owner')
  const { rid } = await owner.create({ name: 'forked' })
  for (let i = 0; i < COMMITS; i++) {
    await owner.commit(rid, { branch: 'main', message: `commit ${i}`, changes: [{ op: 'write', path: `src/f${i % 40}.txt`, content: text(`line ${i}\n`.repeat(20 + i)) }] })
  }
  const [server, client] = await Promise.all([createNode('bench-server'), createNode('bench-client')])
  await server.handle(REFS2_PROTOCOL, (stream) => {
    void handleRefs2(stream, async (r) => {
      const rec = await index.get(r)
      return rec == null ? undefined : { genesis: rec.genesis, identity: rec.identity ?? [], namespaces: namespacesOf(rec) }
    })
  }, { runOnLimitedConnection: true })
  await client.dial(server.getMultiaddrs()[0])
  const rows: string[][] = []
  let forks = 0
  for (const target of [0, 10, 100]) {
    while (forks < target) {
      const w = await make(`writer${forks}`)
      await w.fork(rid)
      await w.commit(rid, { branch: 'main', message: `fork ${forks}`, changes: [{ op: 'write', path: `forks/${forks}.txt`, content: text(`mine ${forks}\n`) }] })
      forks++
    }
    const record = await index.get(rid)
    if (record == null) throw new Error('lost the record')
    const docs = namespacesOf(record)
    const answer = { genesis: record.genesis, identity: record.identity ?? [], namespaces: docs }
    let pages = 0
    let bytes = 0
    for (let after = ''; ;) {
      const p = pageOf(answer, after)
      pages++
      bytes += p.namespaces!.reduce((n, b) => n + b.length, 0) + record.genesis.length
      if (p.more !== true) break
      after = decodeSignedRefs(p.namespaces!.at(-1)!).signer
    }
    const times: number[] = []
    for (let k = 0; k < 5; k++) {
      const t = performance.now()
      const got = await requestRefs2(async (signal) => await client.dialProtocol(server.peerId, REFS2_PROTOCOL, { signal }), rid)
      times.push(performance.now() - t)
      if (got.namespaces.length !== docs.length) throw new Error('short answer')
    }
    times.sort((a, b) => a - b)
    const gutsClone = await packBytes(owner, rid, [...allTips(record)])
    const canonicalClone = await packBytes(owner, rid, [...new Set(Object.values(refsOf(record)))])
    // the stock client, cloning the canonical branches from the same git directory
    const into = join(dir, `clone-${target}.git`)
    execFileSync('git', ['clone', '-q', '--bare', '--no-local', owner.gitdir(rid), into], { stdio: ['ignore', 'pipe', 'pipe'] })
    const gitPack = fs.readdirSync(join(into, 'objects', 'pack')).filter(f => f.endsWith('.pack')).reduce((n, f) => n + fs.statSync(join(into, 'objects', 'pack', f)).size, 0)
    rows.push([String(target), String(docs.length), String(bytes), String(pages), `${times[2].toFixed(1)}`, String(gutsClone), String(canonicalClone), String(gitPack), (canonicalClone / gitPack).toFixed(3)])
  }
  await client.stop()
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
  const head = ['forks', 'namespaces', 'refs bytes', 'pages', 'refs ms (median of 5)', 'Guts clone pack (all writers)', 'Guts pack of canonical refs', 'git clone pack', 'canonical / git']
  console.log(`repository of ${COMMITS} commits; each fork adds one commit of its own`)
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)))
  for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padStart(widths[i])).join('  '))
}

await main()
