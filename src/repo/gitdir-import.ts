// Imports a repository from the files of its .git directory: copies the
// objects (loose and packed) and reads the refs, then checks that the
// history is complete before anything is published. Every object is checked
// as git's fsck checks it: packed ones while their pack is indexed, loose
// ones here. Whatever is wrong with the folder is an ImportError naming the
// file or object, in one line.
import git from './git.js'
import { MAX_REFS } from '../core/signed-refs.js'
import { validRefName } from '../core/ref-names.js'
import { ImportError, IncompleteRepositoryError } from './errors.js'
import { mkdirp } from './fs.js'
import { classify, headBranch, parseRefs } from './gitdir-files.js'
import { checkObject, MalformedObjectError } from './pack/fsck.js'
import { indexPack } from './pack/index-pack.js'
import { objectLinks } from './pack/object-refs.js'
import type { BundleRef } from '../core/bundle.js'
import type { Progress } from './bundle-io.js'
import type { GitFs } from './fs.js'
import type { PickedFile } from './gitdir-files.js'

type Links = Array<[oid: string, type: string | undefined]>

export async function copyGitdir (fs: GitFs, gitdir: string, files: PickedFile[], opts: { cache?: object, signal?: AbortSignal, onProgress?: (p: Progress) => void } = {}): Promise<{ refs: BundleRef[], headBranch?: string, objects: number }> {
  const byKind = new Map<string, PickedFile[]>()
  for (const f of files) byKind.set(classify(f.path), [...(byKind.get(classify(f.path)) ?? []), f])
  const of = (k: string): PickedFile[] => byKind.get(k) ?? []
  if (of('head').length === 0) throw new ImportError('this folder holds no git repository (no .git/HEAD)')
  if (of('shallow').length > 0) throw new ImportError('this is a shallow clone: its history is incomplete. Run "git fetch --unshallow" first')
  if (of('alternates').length > 0) throw new ImportError('this repository borrows objects from another one (objects/info/alternates); run "git repack -a -d" first')

  const text = async (f: PickedFile): Promise<string> => new TextDecoder().decode(await f.read())
  const refs = parseRefs(
    of('packed-refs').length > 0 ? await text(of('packed-refs')[0]) : undefined,
    await Promise.all(of('ref').map(async f => ({ name: f.path, content: await text(f) })))
  )
  if (refs.size === 0) throw new ImportError('the repository has no branches or tags yet (make a first commit)')
  // what signing would refuse later, said now and in git's terms
  const badRef = [...refs.keys()].find(name => !validRefName(name))
  if (badRef != null) throw new ImportError(`the ref ${JSON.stringify(badRef.slice(0, 300))} is not a valid git ref name; rename or delete it first`)
  if (refs.size > MAX_REFS) throw new ImportError(`the repository has ${refs.size} branches and tags; Guts holds at most ${MAX_REFS}`)

  const have = new Set<string>()
  // packs are indexed here rather than trusting the folder's .idx files:
  // indexing hashes and checks every object, so a damaged pack cannot get in
  const copies = [...of('loose-object'), ...of('pack')]
  const loose: string[] = []
  let done = 0
  for (const f of copies) {
    opts.signal?.throwIfAborted()
    const bytes = await f.read()
    const dir = f.path.slice(0, f.path.lastIndexOf('/'))
    await mkdirp(fs, `${gitdir}/${dir}`)
    await fs.promises.writeFile(`${gitdir}/${f.path}`, bytes)
    if (f.path.endsWith('.pack')) {
      let indexed
      try {
        indexed = await indexPack(bytes, { signal: opts.signal })
      } catch (err: any) {
        if (err instanceof MalformedObjectError) throw new ImportError(`git fsck would refuse an object in ${f.path}: ${err.message}`)
        if (err?.name === 'AbortError') throw err
        throw new ImportError(`${f.path} is damaged: ${err.message}`)
      }
      await fs.promises.writeFile(`${gitdir}/${f.path.replace(/\.pack$/, '.idx')}`, indexed.idx)
      for (const oid of indexed.oids) have.add(oid)
    }
    const m = /^objects\/([0-9a-f]{2})\/([0-9a-f]{38})$/.exec(f.path)
    if (m != null) {
      have.add(m[1] + m[2])
      loose.push(m[1] + m[2])
    }
    opts.onProgress?.({ phase: 'Copying objects', loaded: ++done, total: copies.length })
  }

  // loose objects went through no indexer: read each (isomorphic-git checks
  // its id), check it, and keep what it points at for the walk below
  const looseLinks = new Map<string, Links>()
  for (const oid of loose) {
    if (looseLinks.size % 256 === 0) opts.signal?.throwIfAborted()
    const { type, object } = await readObject(fs, gitdir, oid, opts.cache, `objects/${oid.slice(0, 2)}/${oid.slice(2)}`)
    looseLinks.set(oid, type === 'blob' ? [] : objectLinks(type, object, oid))
  }

  const list = [...refs].map(([name, oid]) => ({ name, oid }))
  await checkHistory(fs, gitdir, list.map(r => r.oid), have, looseLinks, opts)
  return { refs: list, headBranch: headBranch(of('head').length > 0 ? await text(of('head')[0]) : undefined), objects: have.size }
}

/** An object's type and content, checked as git's fsck would; `what` names it in errors. */
async function readObject (fs: GitFs, gitdir: string, oid: string, cache: object | undefined, what: string): Promise<{ type: string, object: Uint8Array }> {
  let read
  try {
    read = await git.readObject({ fs, gitdir, oid, format: 'content', cache })
  } catch (err: any) {
    if (err?.code === 'NotFoundError') throw new IncompleteRepositoryError(`object ${oid} is reachable from the refs but missing`)
    throw new ImportError(`${what} is damaged: ${oneLine(err)}`)
  }
  const object = read.object as Uint8Array
  try {
    checkObject(read.type, object, oid)
  } catch (err: any) {
    if (err instanceof MalformedObjectError) throw new ImportError(`git fsck would refuse ${what}: ${err.message}`)
    throw err
  }
  return { type: read.type, object }
}

/**
 * Everything reachable from the refs must be here. Blobs are never read (a
 * tree says what is a blob, `have` whether we hold it), nor are submodule
 * commits, which live in other repositories. Trees are read with our own
 * reader, which takes every name git takes (`a\b.txt`, say).
 */
async function checkHistory (fs: GitFs, gitdir: string, tips: string[], have: Set<string>, looseLinks: Map<string, Links>,
  opts: { cache?: object, signal?: AbortSignal, onProgress?: (p: Progress) => void }): Promise<void> {
  const seen = new Set<string>()
  const queue: Links = tips.map(t => [t, undefined])
  while (queue.length > 0) {
    const [oid, hint] = queue.pop()!
    if (seen.has(oid)) continue
    if (!have.has(oid)) throw new IncompleteRepositoryError(`object ${oid} is reachable from the refs but missing`)
    seen.add(oid)
    if (seen.size % 1000 === 0) {
      opts.signal?.throwIfAborted()
      opts.onProgress?.({ phase: 'Checking history', loaded: seen.size, total: have.size })
    }
    if (hint === 'blob') continue
    let links = looseLinks.get(oid)
    if (links == null) {
      // packed: checked when its pack was indexed
      let read
      try {
        read = await git.readObject({ fs, gitdir, oid, format: 'content', cache: opts.cache })
      } catch (err: any) {
        if (err?.code === 'NotFoundError') throw new IncompleteRepositoryError(`object ${oid} is reachable from the refs but missing`)
        throw new ImportError(`object ${oid} cannot be read: ${oneLine(err)}`)
      }
      links = read.type === 'blob' ? [] : objectLinks(read.type, read.object as Uint8Array, oid)
    }
    for (const l of links) queue.push(l)
  }
}

/** isomorphic-git's InternalError wraps the one line that matters in a paragraph */
function oneLine (err: any): string {
  return String(err?.data?.message ?? err?.message ?? err).replace(/\s*\n\s*/g, ' ')
}
