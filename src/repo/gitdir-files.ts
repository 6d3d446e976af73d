// Reading a repository's .git directory as a list of files (what a browser
// directory picker gives us). Pure: parses refs, packed-refs and pack
// indexes; the copying is in gitdir-import.ts.
import { oidToHex } from './pack/hex.js'

export interface PickedFile {
  /** path relative to the .git directory, with forward slashes */
  path: string
  read: () => Promise<Uint8Array>
}

const OID = /^[0-9a-f]{40}$/

/** Loose refs override packed ones, as in git. Only branches and tags. */
export function parseRefs (packedRefs: string | undefined, loose: Array<{ name: string, content: string }>): Map<string, string> {
  const refs = new Map<string, string>()
  for (const line of (packedRefs ?? '').split('\n')) {
    if (line.startsWith('#') || line.startsWith('^') || line.trim() === '') continue
    const [oid, name] = line.trim().split(' ')
    if (OID.test(oid) && name != null) refs.set(name, oid)
  }
  for (const { name, content } of loose) {
    const oid = content.trim()
    if (OID.test(oid)) refs.set(name, oid)
  }
  for (const name of [...refs.keys()]) {
    if (!name.startsWith('refs/heads/') && !name.startsWith('refs/tags/')) refs.delete(name)
  }
  return refs
}

/** "ref: refs/heads/main" → "main"; a detached HEAD gives undefined. */
export function headBranch (head: string | undefined): string | undefined {
  const m = /^ref: refs\/heads\/(.+)$/.exec((head ?? '').trim())
  return m?.[1]
}

/** The object ids listed in a version 2 pack index. */
export function idxOids (bytes: Uint8Array): string[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.length < 8 + 1024 || v.getUint32(0) !== 0xff744f63 || v.getUint32(4) !== 2) {
    throw new Error('not a version 2 pack index')
  }
  const count = v.getUint32(8 + 255 * 4)
  const start = 8 + 1024
  if (bytes.length < start + count * 20) throw new Error('truncated pack index')
  const out: string[] = new Array(count)
  for (let i = 0; i < count; i++) out[i] = oidToHex(bytes, start + i * 20)
  return out
}

export type GitdirFileKind = 'head' | 'packed-refs' | 'ref' | 'loose-object' | 'pack' | 'idx' | 'shallow' | 'alternates' | 'other'

export function classify (path: string): GitdirFileKind {
  if (path === 'HEAD') return 'head'
  if (path === 'packed-refs') return 'packed-refs'
  if (path === 'shallow') return 'shallow'
  if (path === 'objects/info/alternates') return 'alternates'
  if (/^refs\/(heads|tags)\/.+/.test(path)) return 'ref'
  if (/^objects\/[0-9a-f]{2}\/[0-9a-f]{38}$/.test(path)) return 'loose-object'
  if (/^objects\/pack\/pack-[0-9a-f]{40}\.pack$/.test(path)) return 'pack'
  if (/^objects\/pack\/pack-[0-9a-f]{40}\.idx$/.test(path)) return 'idx'
  return 'other'
}

/**
 * From the paths a directory picker gave (relative to the picked folder),
 * the ones inside its .git directory, relative to that directory. Accepts
 * picking the working tree (which holds .git) or the .git folder itself.
 */
export function gitdirPaths (paths: string[]): Map<string, string> {
  const out = new Map<string, string>()
  // the picker prefixes every path with the picked folder's name
  const strip = (p: string): string => p.split('/').slice(1).join('/')
  const inside = paths.filter(p => strip(p).startsWith('.git/'))
  if (inside.length > 0) {
    for (const p of inside) out.set(strip(p).slice('.git/'.length), p)
    return out
  }
  // the .git folder itself was picked (or a bare repository)
  if (paths.some(p => strip(p) === 'HEAD')) for (const p of paths) out.set(strip(p), p)
  return out
}
