// The filesystem seam. isomorphic-git takes an injected fs: lightning-fs in
// the tab, Node's fs in tests and on relays. These helpers use only the
// promise API both offer.
import type { FsClient } from 'isomorphic-git'

export type GitFs = FsClient & { promises: PromiseFs }

export interface PromiseFs {
  readFile: (path: string, opts?: any) => Promise<any>
  writeFile: (path: string, data: Uint8Array | string, opts?: any) => Promise<void>
  mkdir: (path: string, opts?: any) => Promise<void>
  readdir: (path: string) => Promise<string[]>
  stat: (path: string) => Promise<{ isDirectory: () => boolean, size: number }>
  lstat: (path: string) => Promise<{ isDirectory: () => boolean, size: number }>
  unlink: (path: string) => Promise<void>
  rmdir: (path: string) => Promise<void>
  rename: (from: string, to: string) => Promise<void>
  flush?: () => Promise<void>
}

export async function exists (fs: GitFs, path: string): Promise<boolean> {
  try { await fs.promises.stat(path); return true } catch { return false }
}

export async function mkdirp (fs: GitFs, path: string): Promise<void> {
  const parts = path.split('/').filter(Boolean)
  let cur = ''
  for (const p of parts) {
    cur += '/' + p
    try { await fs.promises.mkdir(cur) } catch (err: any) {
      if (err?.code !== 'EEXIST') throw err
    }
  }
}

/** rm -rf, written out because lightning-fs has no recursive remove. */
export async function rmrf (fs: GitFs, path: string): Promise<void> {
  let st
  try { st = await fs.promises.lstat(path) } catch { return }
  if (st.isDirectory()) {
    for (const name of await fs.promises.readdir(path)) await rmrf(fs, `${path}/${name}`)
    await fs.promises.rmdir(path)
  } else {
    await fs.promises.unlink(path)
  }
}

/** lightning-fs writes its directory tree lazily; make it durable now. */
export async function flush (fs: GitFs): Promise<void> {
  await fs.promises.flush?.()
}
