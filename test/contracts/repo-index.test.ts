// One contract, three indexes: in memory (tests, Node peers), IndexedDB (the
// tab; here on fake-indexeddb, and in Chromium by e2e/repo-index-idb.spec.ts)
// and files (relays).
import 'fake-indexeddb/auto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { encodeSignedRefs } from '../../src/core/signed-refs.js'
import { MemoryRepoIndex } from '../../src/repo/repo-index.js'
import { openGutsDb } from '../../src/store/db.js'
import { IdbRepoIndex } from '../../src/store/repo-index-idb.js'
import { FileRepoIndex } from '../../relay/seed/file-repo-index.js'
import { repoIndexContract } from './repo-index-contract.js'
import { makeRecord } from './repo-index-checks.js'

repoIndexContract('memory', async () => ({ index: new MemoryRepoIndex() }), { persistent: false })

let dbs = 0
repoIndexContract('IndexedDB (fake-indexeddb)', async () => {
  const name = `guts-contract-${++dbs}`
  const open = [await openGutsDb(name)]
  return {
    index: new IdbRepoIndex(open[0]),
    reopen: async () => {
      const db = await openGutsDb(name)
      open.push(db)
      return new IdbRepoIndex(db)
    },
    close: async () => {
      for (const db of open) db.close()
      indexedDB.deleteDatabase(name)
    }
  }
}, { persistent: true })

repoIndexContract('files', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'guts-index-contract-'))
  const make = async (): Promise<FileRepoIndex> => {
    // a record the contract cannot read back would be set aside: say so loudly
    const index = new FileRepoIndex(join(dataDir, 'index'), { onCorrupt: (file, err) => { throw new Error(`${file}: ${err.message}`) } })
    await index.init()
    return index
  }
  return { index: await make(), reopen: make, close: async () => rm(dataDir, { recursive: true, force: true }) }
}, { persistent: true })

describe('checkRecord', () => {
  it('measures signed refs as their canonical encoding, unicode included', async () => {
    const r = await makeRecord({ refs: { 'refs/heads/ветка': '0'.repeat(40), 'refs/tags/🏷️': '1'.repeat(40), 'refs/heads/a"b': '2'.repeat(40) } })
    expect(new TextEncoder().encode(JSON.stringify(r.signedRefs)).length).toBe(encodeSignedRefs(r.signedRefs).length)
  })
})
