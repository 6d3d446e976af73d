// A relay's repositories on disk: the index of records in <data>/index/ and
// the bare git repositories in <data>/repos/. Kept apart from the seeder so
// that `relay import` opens them without loading libp2p.
import fs from 'node:fs'
import { join } from 'node:path'
import { Repos } from '../../src/repo/repos.js'
import { FileRepoIndex } from './file-repo-index.js'
import { atomicNodeFs } from './atomic-fs.js'
import type { Logger } from '../log.js'
import type { PrivateKey } from '@libp2p/interface'

export async function openRelayRepos (dataDir: string, key: PrivateKey, log?: Logger): Promise<{ repos: Repos, index: FileRepoIndex }> {
  const index = new FileRepoIndex(join(dataDir, 'index'), log == null
    ? {}
    : { onCorrupt: (file, err, movedTo) => log.warn(movedTo != null ? 'set aside an unreadable repository record' : 'could not read a repository record', { file, err: err.message, movedTo }) })
  await index.init()
  const root = join(dataDir, 'repos')
  fs.mkdirSync(root, { recursive: true })
  // git http-backend reads these directories while they change: writes are atomic
  const repos = new Repos({ fs: atomicNodeFs(), index, key, root, author: () => ({ name: 'Guts relay', email: 'relay@guts.invalid' }) })
  // a relay merges its packs with git (repack.ts), not in JS
  repos.packLimit = undefined
  return { repos, index }
}
