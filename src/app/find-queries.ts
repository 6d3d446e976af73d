// The app handle's queries for the file finder (every path of a tree) and content search.
// Mixed into Repositories (repositories.ts): the views see plain data.
import type { Repos } from '../repo/repos.js'

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FindQueries {}

export function findQueries (_repos: Repos): FindQueries {
  return {}
}
