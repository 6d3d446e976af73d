// What a peer checks of a writer's collaborative-object refs before it takes
// the writer's document in (remote.ts, after the pack is stored, before any
// ref moves): each new tip is a change that reads, is signed by that writer
// (a writer's ref is its own latest change), and whose actions are well
// formed. Those are facts every receiver sees the same way, so a peer that
// sends anything else is blamed. Whether an action is allowed depends on
// the object's state and is for evaluation to judge (dropped, not blamed).
import { parseIssueAction, ISSUE_TYPE } from '../core/cob/issue.js'
import { PATCH_TYPE, patchActionProblem } from '../core/cob/patch.js'
import { InvalidRefsError, InvalidSignatureError } from '../core/errors.js'
import { loadChange } from './cob-read.js'
import type { SignedRefs } from '../core/signed-refs.js'
import type { ObjectReader } from './cob-read.js'

const COB_REF = /^refs\/cobs\/([^/]+)\/([0-9a-f]{40})$/

/** each known type's check of one action's shape */
const SHAPES: Record<string, (a: unknown) => string | undefined> = {
  [ISSUE_TYPE]: (a) => { const r = parseIssueAction(a); return typeof r === 'string' ? r : undefined },
  [PATCH_TYPE]: patchActionProblem
}

export async function vetChangeTips (read: ObjectReader, docs: readonly SignedRefs[], held: ReadonlySet<string>): Promise<void> {
  for (const d of docs) {
    for (const [ref, oid] of Object.entries(d.refs)) {
      const m = COB_REF.exec(ref)
      if (m == null || held.has(oid)) continue
      const l = await loadChange(read, oid, m[1])
      // tips were checked present; one that is not is the completeness check's to report
      if (l == null) continue
      const at = `the change ${oid.slice(0, 12)} at ${ref} of ${d.signer}`
      if (!l.ok) {
        if (/signature|not signed/.test(l.bad.reason)) throw new InvalidSignatureError(`${at}: ${l.bad.reason}`)
        throw new InvalidRefsError(`${at} is malformed: ${l.bad.reason}`)
      }
      if (l.change.author !== d.signer) throw new InvalidSignatureError(`${at} is signed by ${l.change.author}, not by the writer`)
      if (l.change.parents.length === 0 && oid !== m[2]) throw new InvalidRefsError(`${at} is the first change of another object`)
      const shape = SHAPES[m[1]]
      for (const a of shape != null ? l.change.actions : []) {
        const why = shape(a)
        if (why != null) throw new InvalidRefsError(`${at} is malformed: ${why}`)
      }
    }
  }
}
