// The app handle's queries for diff views: a commit's file list first, then
// each file's diff when the view asks for it (so a page of a hundred files
// shows at once), whitespace hidden, words, more context.
// Mixed into Repositories (repositories.ts): the views see plain data.
import { hunkWordChanges } from '../core/word-diff.js'
import type { Hunk } from '../core/diff.js'
import type { WordRange } from '../core/word-diff.js'
import type { Repos } from '../repo/repos.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { FileDelta } from '../repo/tree-diff.js'
import type { CommitDiff, CommitFileList, FileDiffBody } from './view-types.js'

export type { WordRange } from '../core/word-diff.js'

export interface DiffViewOptions {
  /** as `git diff -w`: changes of whitespace only are no changes */
  ignoreWhitespace?: boolean
}

export interface DiffQueries {
  /** a commit and the files it changed (renames paired, as `git diff -M`), no diff computed: bounded by MAX_DIFF_FILES; cached */
  diffList: (record: RepoRecord, oid: string, opts?: { signal?: AbortSignal }) => Promise<CommitFileList>
  /** the files changed from commit `from` to commit `to` (`git diff -M from to`), no diff computed; BadRevisionError when one is not a commit */
  diffListBetween: (record: RepoRecord, from: string, to: string, opts?: { signal?: AbortSignal }) => Promise<Omit<CommitFileList, 'commit'>>
  /** one file's diff (of a delta from diffList): counts, hunks, binary or too large (MAX_DIFF_BYTES); cached */
  fileDiff: (record: RepoRecord, delta: Pick<FileDelta, 'oldOid' | 'newOid'>, opts?: DiffViewOptions & { signal?: AbortSignal }) => Promise<FileDiffBody>
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
  const files = async (): Promise<typeof import('./diff-files.js')> => await import('./diff-files.js')
  return {
    diffList: async (record, oid, opts = {}) => (await files()).commitFileList(repos, record.rid, oid, opts),
    diffListBetween: async (record, from, to, opts = {}) => (await files()).commitsDeltas(repos, record.rid, from, to, opts),
    fileDiff: async (record, delta, opts = {}) => (await files()).fileDiff(repos, record.rid, delta, { ignoreWhitespace: opts.ignoreWhitespace === true, signal: opts.signal }),
    // (diff-files.ts and the diff algorithms it brings load on first use)
    diffWith: async (record, oid, opts) => (await import('./diff-files.js')).commitDiff(repos, record.rid, oid, { ignoreWhitespace: opts.ignoreWhitespace === true }),
    wordChanges: (hunk) => hunkWordChanges(hunk.lines),
    diffBlob: async (record, oid) => (await import('./diff-files.js')).blobReader(repos, record.rid)(oid)
  }
}
