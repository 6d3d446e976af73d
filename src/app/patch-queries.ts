// The app handle's side of patches and review (patch-queries-api.ts says
// what each call does). Mixed into Repositories (repositories.ts).
import { MemoryCobCache } from '../repo/cob-cache.js'
import type { CobCache } from '../repo/cob-cache.js'
import type { Repos } from '../repo/repos.js'
import type { PatchQueries } from './patch-queries-api.js'

export type { PatchQueries } from './patch-queries-api.js'

class NotYetError extends Error { static name = 'NotYetError'; name = 'NotYetError' }

export function patchQueries (_repos: Repos, _changed: (rid: string) => void, _cache: CobCache = new MemoryCobCache()): PatchQueries {
  const no = async (): Promise<never> => { throw new NotYetError('patches are being built') }
  return { patches: { list: no, get: no, commits: no, inlineComments: no, compare: no, mergePlan: no, proposable: no, open: no, revise: no, comment: no, replyToReview: no, review: no, editReview: no, editComment: no, redactComment: no, react: no, resolve: no, edit: no, setStatus: no, label: no, assign: no, merge: no } }
}
