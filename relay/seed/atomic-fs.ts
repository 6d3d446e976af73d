// Node's fs for a relay's repositories, with writes that a concurrent
// reader never sees half done. `git http-backend` reads the same git
// directories while the seeder updates them: isomorphic-git writes a ref or
// HEAD with a plain writeFile, which truncates first, and a `git clone`
// that reads HEAD in that instant finds no repository and answers 404 (seen
// in CI: "RPC failed; HTTP 404 … expected 'packfile'" between info/refs and
// the POST). Here every write goes to a temporary file beside the target
// and is renamed over it, as git itself updates refs. The temporary name
// ends in `.lock`, which git skips when it lists refs or packs.
import fs from 'node:fs'
import { rename, unlink, writeFile } from 'node:fs/promises'
import type { GitFs } from '../../src/repo/fs.js'

let counter = 0

/** Writes `data` to `path` by rename, so readers see the old bytes or the new, never a part. */
export async function writeFileAtomic (path: string, data: Uint8Array | string, opts?: any): Promise<void> {
  const flag = typeof opts === 'object' && opts != null ? opts.flag : undefined
  // appends and exclusive creates keep their own meaning
  if (flag != null && flag !== 'w') { await writeFile(path, data, opts); return }
  const tmp = `${path}.${process.pid}-${counter++}.lock`
  try {
    await writeFile(tmp, data, opts)
    await rename(tmp, path)
  } catch (err) {
    await unlink(tmp).catch(() => {})
    throw err
  }
}

/** Node's fs as isomorphic-git and Repos use it, with atomic writeFile. */
export function atomicNodeFs (): GitFs {
  const promises = { ...fs.promises, writeFile: writeFileAtomic }
  return { ...fs, promises } as unknown as GitFs
}
