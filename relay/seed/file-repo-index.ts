// The relay's repository index on disk: one JSON file per repository in
// <data>/index/<rid>.json, written to a temporary file, flushed and renamed,
// so a crash (even SIGKILL) leaves either the old record or the new one.
import { open, readFile, readdir, rename, rm, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { isRid } from '../../src/core/genesis.js'
import type { RepoIndex, RepoRecord } from '../../src/repo/repo-index.js'

interface Stored extends Omit<RepoRecord, 'genesis'> { genesis: string }

export class FileRepoIndex implements RepoIndex {
  constructor (private readonly dir: string) {}

  async init (): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    // leftovers of writes cut short by a crash
    for (const f of await readdir(this.dir)) if (f.endsWith('.tmp')) await rm(join(this.dir, f), { force: true })
  }

  async list (): Promise<RepoRecord[]> {
    const out: RepoRecord[] = []
    for (const f of await readdir(this.dir).catch(() => [] as string[])) {
      if (!f.endsWith('.json')) continue
      const r = await this.get(f.slice(0, -5))
      if (r != null) out.push(r)
    }
    return out
  }

  async get (rid: string): Promise<RepoRecord | undefined> {
    if (!isRid(rid)) return undefined
    let text: string
    try { text = await readFile(join(this.dir, `${rid}.json`), 'utf8') } catch { return undefined }
    const s = JSON.parse(text) as Stored
    return { ...s, genesis: new Uint8Array(Buffer.from(s.genesis, 'base64')) }
  }

  async put (record: RepoRecord): Promise<void> {
    const stored: Stored = { ...record, genesis: Buffer.from(record.genesis).toString('base64') }
    const path = join(this.dir, `${record.rid}.json`)
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
    const fh = await open(tmp, 'w')
    try {
      await fh.writeFile(JSON.stringify(stored, null, 1))
      await fh.sync()
    } finally {
      await fh.close()
    }
    await rename(tmp, path)
  }

  async delete (rid: string): Promise<void> {
    await rm(join(this.dir, `${rid}.json`), { force: true })
  }
}
