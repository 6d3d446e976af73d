// Repositories for the pack-writing tests: an author and a replica that
// takes in one received pack per fetch, as a tab does; a git-made history
// with many edits to the same files (so its pack is mostly deltas); and the
// checks stock git makes of a pack we wrote.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { withObjectStore } from '../../src/repo/object-files.js'
import { planPack } from '../../src/repo/pack/pack-writer.js'
import { acceptReceived, packFor } from '../../src/repo/remote.js'
import { MemoryRepoIndex } from '../../src/repo/repo-index.js'
import { Repos } from '../../src/repo/repos.js'
import { objectsToSend } from '../../src/repo/send-walk.js'
import { git } from '../fixtures/git-fixture.js'
import type { GitFs } from '../../src/repo/fs.js'
import type { PackSource } from '../../src/repo/pack-source.js'
import type { PackPlan } from '../../src/repo/pack/pack-writer.js'
import type { RepoRecord } from '../../src/repo/repo-index.js'

export async function makeRepos (root: string, name: string, fsys: GitFs = fs as unknown as GitFs): Promise<Repos> {
  fs.mkdirSync(root, { recursive: true })
  return new Repos({ fs: fsys, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root, author: () => ({ name, email: `${name}@example.org` }) })
}

/** A pack source's bytes, whole. */
export async function drain (source: PackSource): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  try {
    for await (const c of source.chunks(64 * 1024)) parts.push(c.slice())
  } finally {
    await source.close()
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.length }
  if (out.length !== source.bytes) throw new Error(`the source announced ${source.bytes} bytes and gave ${out.length}`)
  return out
}

/** One fetch from `from` into `to`: the pack packFor makes for what `to` lacks, taken in as a tab takes it. */
export async function fetchInto (from: Repos, to: Repos, rid: string): Promise<{ record: RepoRecord, objects: number, bytes: number }> {
  const source = await from.get(rid)
  const held = await to.index.get(rid)
  const wants = [...new Set(Object.values(source.signedRefs.refs))]
  const haves = held == null ? [] : [...new Set(Object.values(held.signedRefs.refs))]
  const pack = await packFor(from, rid, wants, haves)
  const objects = pack.objects
  const bytes = await drain(pack)
  const record = await acceptReceived(to, { rid, genesisBytes: source.genesis, signedRefs: source.signedRefs, pack: bytes })
  return { record, objects, bytes: bytes.length }
}

/** The pack packFor would send, with how its writer made each entry. */
export async function packPlanStats (repos: Repos, rid: string, wants: string[], haves: string[]): Promise<{ bytes: Uint8Array, stats: PackPlan['stats'] }> {
  return await withObjectStore(repos.fs, repos.gitdir(rid), async (store) => {
    try {
      const plan = await planPack(store, (await objectsToSend(store, wants, haves)).oids)
      return { bytes: await drain({ ...plan, close: async () => {} }), stats: plan.stats }
    } finally {
      store.release()
    }
  })
}

/**
 * Checks a clone pack as git would take it: `git index-pack` indexes it
 * into an empty repository, the refs are set, `git fsck` finds it clean;
 * returns the ids it holds, sorted.
 */
export function gitTakesPack (pack: Uint8Array, refs: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'guts-clone-check-'))
  try {
    git(dir, 'init', '-q', '--bare', dir)
    const file = join(dir, 'objects', 'pack', 'incoming.pack')
    writeFileSync(file, pack)
    git(dir, '--git-dir', dir, 'index-pack', '--strict', file)
    for (const [ref, oid] of Object.entries(refs)) git(dir, '--git-dir', dir, 'update-ref', ref, oid)
    git(dir, '--git-dir', dir, 'fsck', '--full', '--strict', '--no-dangling')
    return git(dir, '--git-dir', dir, 'cat-file', '--batch-all-objects', '--batch-check=%(objectname)').trim().split('\n').sort()
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** `git rev-list --objects --all`, ids only, sorted. */
export function reachableIds (gitdir: string): string[] {
  return git(gitdir, '--git-dir', gitdir, 'rev-list', '--objects', '--all').trim().split('\n').map(l => l.slice(0, 40)).sort()
}

/**
 * A git repository of `commits` commits, each editing one of `files` files
 * (a line changed in a file of a few hundred lines, in a few directories),
 * written by `git fast-import` and repacked with deltas, as after `git gc`.
 */
export function editedHistory (commits: number, files: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'guts-edits-'))
  git(dir, 'init', '-q', '-b', 'main')
  const contents: string[][] = []
  for (let f = 0; f < files; f++) contents.push(Array.from({ length: 300 }, (_, i) => `file ${f} line ${i}: ${'lorem ipsum dolor sit amet '.repeat(1 + (i % 3))}`))
  const path = (f: number): string => f % 3 === 0 ? `f${f}.txt` : `dir${f % 3}/sub${f % 2}/f${f}.txt`
  let stream = ''
  // `data <bytes>` then exactly that many bytes (all text here is ASCII)
  const data = (s: string): string => `data ${s.length}\n${s}\n`
  for (let c = 0; c < commits; c++) {
    stream += `commit refs/heads/main\nmark :${c + 1}\ncommitter Ada Lovelace <ada@example.org> ${1_700_000_000 + c * 60} +0000\n` + data(`edit ${c}\n`)
    if (c > 0) stream += `from :${c}\n`
    const touched = c === 0 ? Array.from({ length: files }, (_, f) => f) : [c % files]
    for (const f of touched) {
      if (c > 0) contents[f][(c * 7) % 300] = `file ${f} line edited in commit ${c}`
      stream += `M 100644 inline ${path(f)}\n` + data(contents[f].join('\n') + '\n')
    }
    stream += '\n'
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: stream })
  git(dir, 'tag', '-a', '-m', 'a release', 'v1', 'main')
  git(dir, 'branch', 'side', `main~${Math.floor(commits / 2)}`)
  git(dir, 'repack', '-q', '-a', '-d', '-f')
  return dir
}
