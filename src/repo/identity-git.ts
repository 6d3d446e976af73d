// Identity revisions in git, so relays keep them and git reads them: a chain
// of commits at refs/guts/id, one per revision, each holding the revision as
// `identity.json` (its canonical encoding, signatures included). The
// commits are made the same way by every peer (fixed author, the revision's
// own time), so every copy of a repository has the same chain ids; `git log
// refs/guts/id` reads the maintainers' history.
import git from './git.js'
import { encodeRevision } from '../core/identity.js'
import type { IdentityRevision } from '../core/identity.js'
import type { GitFs } from './fs.js'

export const IDENTITY_REF = 'refs/guts/id'
const WHO = { name: 'Guts identity', email: 'identity@guts.invalid', timezoneOffset: 0 }

/** Writes the chain's commits (those present are written again, to the same ids) and points refs/guts/id at its tip. */
export async function writeIdentityChain (fs: GitFs, gitdir: string, chain: readonly IdentityRevision[]): Promise<string | undefined> {
  let parent: string | undefined
  for (const rev of chain) {
    const blob = await git.writeBlob({ fs, gitdir, blob: encodeRevision(rev) })
    const tree = await git.writeTree({ fs, gitdir, tree: [{ mode: '100644', path: 'identity.json', oid: blob, type: 'blob' }] })
    const who = { ...WHO, timestamp: Math.floor(rev.timestamp / 1000) }
    const delegates = rev.delegates.map(d => `delegate ${d}`).join('\n')
    const message = `Identity version ${rev.version}: ${rev.delegates.length} delegate${rev.delegates.length === 1 ? '' : 's'}, threshold ${rev.threshold}\n\n${delegates}\n`
    parent = await git.writeCommit({ fs, gitdir, commit: { message, tree, parent: parent == null ? [] : [parent], author: who, committer: who } })
  }
  if (parent != null) await git.writeRef({ fs, gitdir, ref: IDENTITY_REF, value: parent, force: true })
  return parent
}
