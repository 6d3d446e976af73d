// The app handle's queries for blame and the history of a file or folder.
// Mixed into Repositories (repositories.ts): the views see plain data.
import type { Repos } from '../repo/repos.js'

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HistoryQueries {}

export function historyQueries (_repos: Repos): HistoryQueries {
  return {}
}
