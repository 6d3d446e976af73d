// The app handle's queries for diff views beyond a commit's own diff (whitespace, more context).
// Mixed into Repositories (repositories.ts): the views see plain data.
import { hunkWordChanges } from '../core/word-diff.js'
import type { Hunk } from '../core/diff.js'
import type { WordRange } from '../core/word-diff.js'
import type { Repos } from '../repo/repos.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { CommitDiff } from './view-types.js'

export type { WordRange } from '../core/word-diff.js'

export interface DiffViewOptions {
  /** as `git diff -w`: changes of whitespace only are no changes */
  ignoreWhitespace?: boolean
}

export interface DiffQueries {
  /** `diff` with options: the same commit, files and bounds */
  diffWith: (record: RepoRecord, oid: string, opts: DiffViewOptions) => Promise<CommitDiff>
  /**
   * The changed words of a hunk's lines, by line index (undefined where a
   * line has none: context, unpaired, too long or rewritten whole). Pure and
   * synchronous: the view asks once it draws the hunk.
   */
  wordChanges: (hunk: Pick<Hunk, 'lines'>) => Array<WordRange[] | undefined>
  /** a blob of a diff (a FileDelta's oldOid or newOid), read straight from the packs */
  diffBlob: (record: RepoRecord, oid: string) => Promise<Uint8Array>
}

export function diffQueries (repos: Repos): DiffQueries {
  return {
    // (diff-files.ts and the diff algorithms it brings load on first use)
    diffWith: async (record, oid, opts) => (await import('./diff-files.js')).commitDiff(repos, record.rid, oid, { ignoreWhitespace: opts.ignoreWhitespace === true }),
    wordChanges: (hunk) => hunkWordChanges(hunk.lines),
    diffBlob: async (record, oid) => (await import('./diff-files.js')).blobReader(repos, record.rid)(oid)
  }
}
