// `npm run relay -- import <path>`: turns a local git repository into a Guts
// repository signed by the relay's key, in the relay's data directory.
// Running it again on the same path publishes the new commits under the same
// RID. A relay running on the same data directory notices and announces it.
import { readFile, readdir, stat, writeFile, rename } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { loadOrCreateKey } from './key.js'
import { openRelayRepos } from './seed/seeder.js'
import type { RelayOptions } from './cli.js'
import type { PickedFile } from '../src/repo/gitdir-files.js'

export class ImportCommandError extends Error {
  static name = 'ImportCommandError'
  name = 'ImportCommandError'
}

export interface ImportResult { rid: string, url: string, created: boolean, changed: boolean, seq: number, refs: number }

export async function importRepository (opts: RelayOptions, path: string): Promise<ImportResult> {
  const source = resolve(path)
  const gitdir = await findGitdir(source)
  const files = await listFiles(gitdir)
  const dataDir = resolve(opts.dataDir)
  const { key } = await loadOrCreateKey(dataDir)
  const { repos } = await openRelayRepos(dataDir, key)
  const mapFile = join(dataDir, 'imports.json')
  const map: Record<string, string> = JSON.parse(await readFile(mapFile, 'utf8').catch(() => '{}'))

  let rid = map[source]
  let created = false
  let changed = true
  if (rid != null && await repos.has(rid)) {
    ({ changed } = await repos.refreshFromGitdir(rid, files))
  } else {
    const name = basename(source).replace(/\.git$/, '') || 'imported'
    rid = (await repos.importGitdir(files, { name })).rid
    created = true
    map[source] = rid
    const tmp = `${mapFile}.${process.pid}.tmp`
    await writeFile(tmp, JSON.stringify(map, null, 2))
    await rename(tmp, mapFile)
  }
  const record = await repos.get(rid)
  const host = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host
  return {
    rid,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${opts.port}/#/r/${rid}`,
    created,
    changed,
    seq: record.signedRefs.seq,
    refs: Object.keys(record.signedRefs.refs).length
  }
}

async function findGitdir (source: string): Promise<string> {
  const isDir = async (p: string): Promise<boolean> => (await stat(p).catch(() => undefined))?.isDirectory() ?? false
  if (!(await isDir(source))) throw new ImportCommandError(`${source} is not a directory`)
  if (await isDir(join(source, '.git'))) return join(source, '.git')
  if ((await stat(join(source, 'HEAD')).catch(() => undefined))?.isFile() === true && await isDir(join(source, 'objects'))) return source
  throw new ImportCommandError(`${source} is not a git repository (no .git directory, and not a bare repository)`)
}

async function listFiles (root: string): Promise<PickedFile[]> {
  const out: PickedFile[] = []
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const name of await readdir(dir)) {
      const p = join(dir, name)
      const r = rel === '' ? name : `${rel}/${name}`
      const st = await stat(p)
      if (st.isDirectory()) await walk(p, r)
      else out.push({ path: r, read: async () => new Uint8Array(await readFile(p)) })
    }
  }
  await walk(root, '')
  return out
}
