// Paths inside a repository, as a person types them in the editor. Pure.
// Each part is checked as peers check every tree they receive (fsck.ts):
// a commit made here with `.GIT`, `git~1` or `.git ` in a path would be
// refused by every peer, and its author cut off.
import { EditError } from './errors.js'
import { entryNameProblem } from './pack/fsck.js'

const MAX_PATH = 4096

/** Splits and checks a path; refuses what git (or a checkout) would choke on. */
export function splitPath (path: string): string[] {
  if (path.length === 0 || path.length > MAX_PATH) throw new EditError('a file path must be 1 to 4096 characters')
  if (path.includes('\0')) throw new EditError('a file path cannot contain a NUL character')
  const parts = path.split('/')
  for (const p of parts) {
    if (p === '') throw new EditError(`"${path}" has an empty component (a leading, trailing or double slash)`)
    if (p === '.' || p === '..') throw new EditError(`"${path}" cannot contain "." or ".." components`)
    const problem = entryNameProblem(p)
    if (problem != null) throw new EditError(`"${path}" cannot be committed: git refuses ${problem} ("${p}")`)
  }
  return parts
}
