// The repositories side of the app handle: the Repos store plus change
// notifications for the views, and the author identity from settings.
import { Repos } from '../repo/repos.js'
import { saveSetting } from '../store/settings.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { GutsDb } from '../store/db.js'
import type { Settings } from '../store/settings.js'
import type { GitFs } from '../repo/fs.js'
import type { RepoIndex } from '../repo/repo-index.js'
import type { PrivateKey } from '@libp2p/interface'

export interface RepoService {
  repos: Repos
  /** bumps on every change, so views can re-read */
  version: () => number
  subscribe: (fn: () => void) => () => void
  /** call after a change made here: views refresh, and peers hear of it */
  changed: (rid?: string, opts?: { isNew?: boolean }) => void
  /** set by the app once the network is up */
  onLocalChange?: (rid: string, opts: { isNew?: boolean }) => void
  author: () => { name: string, email: string }
  setAuthor: (name: string, email: string) => Promise<void>
  list: () => Promise<RepoRecord[]>
}

export function createRepoService (db: GutsDb, fs: GitFs, index: RepoIndex, key: PrivateKey, settings: Settings): RepoService {
  let author = { name: settings.authorName, email: settings.authorEmail }
  let version = 0
  const listeners = new Set<() => void>()
  const repos: Repos = new Repos({
    fs,
    index,
    key,
    author: (): { name: string, email: string } => ({
      name: author.name.trim() || 'Anonymous',
      // git wants an email; a PeerId-based one is unique and says where it came from
      email: author.email.trim() || `${repos.peerId.slice(-12)}@guts.invalid`
    })
  })
  const bump = (): void => {
    version++
    for (const fn of listeners) fn()
  }
  const service: RepoService = {
    repos,
    version: () => version,
    subscribe: (fn) => { listeners.add(fn); return () => listeners.delete(fn) },
    changed: (rid, opts = {}) => {
      bump()
      if (rid != null) service.onLocalChange?.(rid, opts)
    },
    author: () => author,
    setAuthor: async (name, email) => {
      author = { name: name.trim().slice(0, 200), email: email.trim().slice(0, 200) }
      await saveSetting(db, 'authorName', author.name)
      await saveSetting(db, 'authorEmail', author.email)
      bump()
    },
    list: async () => repos.list()
  }
  return service
}
