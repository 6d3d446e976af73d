// Writing a collaborative object's change: the actions checked against the
// object as this peer holds it (so a person hears why before anything is
// signed), then blobs, tree and a signed commit on the object's heads, and
// the writer's ref moved, in one step (Repos.publishOwnRef).
import { actionBytes, actionName, CHANGE_CAPS, changeMessage, MANIFEST, manifestBytes } from '../core/cob/change.js'
import { headsOf, nextClock } from '../core/cob/evaluate.js'
import { EditError, RepoNotFoundError } from './errors.js'
import git from './git.js'
import { identityVersions } from './cob-index.js'
import { loadChange } from './cob-read.js'
import type { Change } from '../core/cob/change.js'
import type { CobObjects } from './cob-index.js'
import type { ObjectReader } from './cob-read.js'
import type { Reducer } from '../core/cob/evaluate.js'
import type { Repos } from './repos.js'
import type { RepoRecord } from './repo-index.js'

export class ObjectNotFoundError extends Error {
  static name = 'ObjectNotFoundError'
  name = 'ObjectNotFoundError'
}

export interface ChangeInput {
  /** the object changed; absent: a new object, whose id is this change's */
  id?: string
  actions: unknown[]
  /** the line `git log` shows */
  summary: string
  /** commits the change refers to (a patch's revision): parents too, so they travel with it */
  related?: string[]
  /** branches or tags moved in the same signed step (a merge moves the target) */
  code?: Record<string, string>
}

/** A change decided under the repository's lock, on the record as it is then (a merge plans on the target's head then, and may write its commit first). */
export type ChangeMaker = (record: RepoRecord, commit: (tree: string, parents: string[], message: string) => Promise<string>) => Promise<ChangeInput>

const TRIAL_ID = '0'.repeat(40)

/** Writes and publishes a change; the change's commit id (for a new object: its id). */
export async function writeChange<S> (repos: Repos, rid: string, objects: CobObjects<S, unknown>, reducer: Reducer<S>, read: ObjectReader, given: ChangeInput | ChangeMaker): Promise<string> {
  if (!await repos.has(rid)) throw new RepoNotFoundError(`this browser does not hold ${rid}`)
  return await repos.publishOwnRef(rid, async (record, commit) => {
    const input = typeof given === 'function' ? await given(record, commit) : given
    const ids = identityVersions(record)
    const identity = ids.delegates.length - 1
    const ctx = { delegates: ids.delegates[identity] }
    const related = [...new Set(input.related ?? [])]
    const now = Date.now()
    let parents: string[] = []
    let clock = 1
    const trial = (): Change => ({ id: input.id == null ? TRIAL_ID : TRIAL_ID.slice(1) + '1', parents, related, author: repos.peerId, clock, identity, at: now, type: objects.type, actions: input.actions })
    if (input.id == null) {
      const s = reducer.init(trial(), ctx)
      if (typeof s === 'string') throw new EditError(s)
    } else {
      const res = await objects.object(record, read, input.id)
      if (res?.evaluation.state == null) throw new ObjectNotFoundError(`this browser holds no ${objects.type} ${input.id}`)
      const byId = new Map(res.changes.map(l => [l.ok ? l.change.id : l.bad.id, l]))
      const parentsOf = (id: string): readonly string[] => { const l = byId.get(id); return l?.ok === true ? l.change.parents : [] }
      parents = headsOf(res.evaluation.applied, parentsOf)
      // many writers at once leave many heads: build on the newest that fit (any heads are valid parents)
      const room = CHANGE_CAPS.maxParents - related.length
      if (parents.length > room) {
        const clockOf = (id: string): number => { const l = byId.get(id); return l?.ok === true ? l.change.clock : 0 }
        parents = [...parents].sort((a, b) => clockOf(b) - clockOf(a) || (a < b ? -1 : 1)).slice(0, Math.max(1, room))
      }
      clock = nextClock(res.evaluation.applied, parents)
      const why = reducer.check(res.evaluation.state, trial(), ctx)
      if (why != null) throw new EditError(why)
    }
    // what every peer would refuse is refused here, before anything is signed (a refused change would get the writer's whole document refused)
    if (input.actions.length > CHANGE_CAPS.maxActions) throw new EditError(`a change holds at most ${CHANGE_CAPS.maxActions} actions`)
    for (const a of input.actions) {
      const bytes = actionBytes(a).length
      if (bytes > CHANGE_CAPS.maxActionBytes) throw new EditError(`this is too large to publish: ${Math.ceil(bytes / 1024)} KiB, where one change's action may hold ${CHANGE_CAPS.maxActionBytes / 1024} KiB (fewer or shorter comments)`)
    }
    if (parents.length + related.length > CHANGE_CAPS.maxParents) throw new EditError(`a change names at most ${CHANGE_CAPS.maxParents} commits`)
    const gitdir = repos.gitdir(rid)
    const fs = repos.fs
    const tree = [{ mode: '100644', path: MANIFEST, type: 'blob' as const, oid: await git.writeBlob({ fs, gitdir, blob: manifestBytes({ type: objects.type, version: 1 }) }) }]
    for (let i = 0; i < input.actions.length; i++) {
      tree.push({ mode: '100644', path: actionName(i), type: 'blob', oid: await git.writeBlob({ fs, gitdir, blob: actionBytes(input.actions[i]) }) })
    }
    const treeOid = await git.writeTree({ fs, gitdir, tree })
    const oid = await commit(treeOid, [...parents, ...related], changeMessage(input.summary, { clock, identity, related }))
    // and read back as a peer reads it (signature, caps, decoding): never publish what others refuse
    const back = await loadChange(read, oid, objects.type)
    if (back != null && !back.ok) throw new EditError(`this change cannot be published: ${back.bad.reason}`)
    return { ref: `refs/cobs/${objects.type}/${input.id ?? oid}`, oid, value: oid, ...(input.code != null ? { code: input.code } : {}) }
  })
}
