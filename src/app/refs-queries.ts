// The app handle's queries for the branches and tags pages (last commit, ahead and behind) and compare.
// Mixed into Repositories (repositories.ts): the views see plain data.
import type { Repos } from '../repo/repos.js'

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RefsQueries {}

export function refsQueries (_repos: Repos): RefsQueries {
  return {}
}
