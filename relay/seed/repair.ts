// After a crash: make every seeded repository valid again. The index is the
// authority: a pack without its index (a write cut short) is removed, and the
// git refs on disk are rewritten from the signed refs.
import { createHash } from 'node:crypto'
import { readFile, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Repos } from '../../src/repo/repos.js'

export async function repairRepositories (repos: Repos): Promise<number> {
  let repaired = 0
  for (const record of await repos.list()) {
    const packDir = join(repos.gitdir(record.rid), 'objects', 'pack')
    const files = await readdir(packDir).catch(() => [] as string[])
    for (const f of files) {
      const stem = f.replace(/\.(pack|idx)$/, '')
      const orphanPack = f.endsWith('.pack') && !files.includes(`${stem}.idx`)
      const orphanIdx = f.endsWith('.idx') && !files.includes(`${stem}.pack`)
      const torn = f.endsWith('.idx') && !orphanIdx && !(await checksumOk(join(packDir, f)))
      if (orphanPack || orphanIdx || torn || f.startsWith('tmp')) {
        await rm(join(packDir, f), { force: true })
        if (torn) await rm(join(packDir, `${stem}.pack`), { force: true })
        repaired++
      }
    }
    await repos.mirrorRefs(record.rid, record.defaultBranch, {}, record.signedRefs.refs)
  }
  return repaired
}

/** An index file ends with the SHA-1 of everything before it: a torn write fails this. */
async function checksumOk (path: string): Promise<boolean> {
  const b = await readFile(path).catch(() => undefined)
  if (b == null || b.length < 40) return false
  return createHash('sha1').update(b.subarray(0, b.length - 20)).digest().equals(b.subarray(b.length - 20))
}
