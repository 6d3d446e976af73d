// `npm run relay -- import <path>`: turns a local git repository into a Guts
// repository signed by the relay's key, in the relay's data directory.
// Running it again on the same path publishes the new commits under the same
// RID. A relay running on the same data directory notices and announces it.
import { randomBytes } from 'node:crypto'
import { lstat, readFile, readdir, readlink, rm, stat, writeFile, rename } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { loadOrCreateKey } from './key.js'
import { fillWithGit, initBare, movePacks } from './git-import.js'
import { openRelayRepos } from './seed/open-repos.js'
import { classify } from '../src/repo/gitdir-files.js'
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
  // git would follow a symlinked branch or objects directory out of the
  // folder named: refuse those by name first, as the JS import does
  await listFiles(gitdir)
  const dataDir = resolve(opts.dataDir)
  const { key } = await loadOrCreateKey(dataDir)
  const { repos } = await openRelayRepos(dataDir, key)
  const mapFile = join(dataDir, 'imports.json')
  const map: Record<string, string> = JSON.parse(await readFile(mapFile, 'utf8').catch(() => '{}'))

  let rid = map[source]
  let created = false
  let changed = true
  // the stock git copies (git-import.ts), our indexer checks; the relay host has git
  if (rid != null && await repos.has(rid)) {
    const live = rid
    ;({ changed } = await repos.refreshWith(live, async (target) => {
      // fetch beside the repository, borrowing its objects, then move in only what is new
      const staging = join(dataDir, 'repos', `.staging-${process.pid}-${randomBytes(6).toString('hex')}`)
      try {
        await initBare(staging)
        const { refs } = await fillWithGit(gitdir, staging, { lend: target })
        movePacks(staging, target)
        return refs
      } finally {
        await rm(staging, { recursive: true, force: true })
      }
    }))
  } else {
    const name = basename(source).replace(/\.git$/, '') || 'imported'
    rid = (await repos.importWith({ name }, async (staging) => {
      const { refs, headBranch } = await fillWithGit(gitdir, staging)
      const names = refs.filter(r => r.name.startsWith('refs/heads/')).map(r => r.name.slice(11))
      const usual = ['main', 'master', 'trunk', 'develop'].find(n => names.includes(n))
      const defaultBranch = headBranch != null && names.includes(headBranch) ? headBranch : usual ?? names[0]
      if (defaultBranch == null) throw new ImportCommandError(`${source} has tags but no branch: Guts needs a default branch`)
      return { refs, defaultBranch }
    })).rid
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

/**
 * Every regular file of the git directory, as a folder picker gives them.
 * Symlinks are not followed (lstat), nor are FIFOs and the like read: git
 * makes no symlinks in a .git directory but HEAD with
 * core.preferSymlinkRefs (early git's default), which is read as git reads
 * it; any other link is another tool's — a hook, maybe dangling, or
 * git-new-workdir sharing another repository's objects and refs — and
 * following it could publish files from outside the folder named on the
 * command line, or loop for ever on a link to a parent. Where the import
 * reads (packed-refs, branches, tags, objects), such an entry is refused
 * by name, so nothing is left out unsaid; elsewhere it is skipped. A file
 * that cannot be read is an ImportCommandError naming it.
 */
export async function listFiles (root: string): Promise<PickedFile[]> {
  const out: PickedFile[] = []
  const cannot = (path: string, err: any): ImportCommandError =>
    new ImportCommandError(`cannot read ${join(root, path)}: ${err?.code ?? err?.message ?? err}`)
  const walk = async (dir: string, rel: string): Promise<void> => {
    let names: string[]
    try { names = await readdir(dir) } catch (err) { throw cannot(rel, err) }
    for (const name of names) {
      const p = join(dir, name)
      const r = rel === '' ? name : `${rel}/${name}`
      let st
      try { st = await lstat(p) } catch (err) { throw cannot(r, err) }
      if (st.isDirectory()) {
        await walk(p, r)
      } else if (st.isFile()) {
        out.push({
          path: r,
          read: async () => {
            try { return new Uint8Array(await readFile(p)) } catch (err) { throw cannot(r, err) }
          }
        })
      } else {
        const head = r === 'HEAD' && st.isSymbolicLink() ? await linkedHead(p) : undefined
        if (head != null) out.push({ path: r, read: async () => head })
        else if (classify(r) !== 'other' || IMPORTED_DIRS.test(r)) {
          throw new ImportCommandError(`${p} is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; Guts imports only the repository's own files (import the repository it points into instead)`)
        }
      }
    }
  }
  await walk(root, '')
  return out
}

/** A HEAD that links to its branch, as git reads it: `ref: <target>`; undefined if it links elsewhere. */
async function linkedHead (path: string): Promise<Uint8Array | undefined> {
  const target = await readlink(path).catch(() => '')
  return /^refs\/heads\/./.test(target) ? new TextEncoder().encode(`ref: ${target}\n`) : undefined
}

/** the directories whose files the import reads (classify names the files) */
const IMPORTED_DIRS = /^(objects|refs)$|^objects\/|^refs\/(heads|tags)(\/|$)/
