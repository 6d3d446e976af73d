// The app handle's queries for diff views beyond a commit's own diff (whitespace, more context).
// Mixed into Repositories (repositories.ts): the views see plain data.
import type { Repos } from '../repo/repos.js'

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DiffQueries {}

export function diffQueries (_repos: Repos): DiffQueries {
  return {}
}
