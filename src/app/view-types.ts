// The plain-data shapes the repository commands and queries return (see
// repositories.ts); the UI gets them through types.ts.
import type { TextDiff } from '../core/diff.js'
import type { CommitSummary } from '../repo/read.js'
import type { FileDelta } from '../repo/tree-diff.js'
import type { SyncProgress } from '../sync/types.js'

/** A clone's progress: joining the network first, then what sync reports. */
export type CloneProgress = SyncProgress | { phase: 'Joining the network' }

/** One file of a commit's diff, as the commit view shows it. */
export interface FileDiffView {
  delta: FileDelta
  /** undefined for binary, too large, or unchanged (a pure rename) */
  diff?: TextDiff
  binary: boolean
  tooLarge: boolean
  size: number
  /** the diff is not computed (diff, binary, tooLarge and size say nothing yet): ask fileDiff for it */
  pending?: true
}

export interface CommitDiff {
  commit: CommitSummary
  /** the first MAX_DIFF_FILES files */
  files: FileDiffView[]
  /** how many files the commit changed */
  total: number
}

/** A commit and the files it changed, before their diffs: what its page lists first. */
export interface CommitFileList {
  commit: CommitSummary
  /** the first MAX_DIFF_FILES files, renames paired */
  deltas: FileDelta[]
  /** how many files the commit changed */
  total: number
}

/** One file's diff on its own, asked for file by file (a FileDiffView without its delta). */
export type FileDiffBody = Omit<FileDiffView, 'delta'>

/** A file from a directory picker: its path below the picked folder's parent, and its bytes. */
export interface FolderFile {
  relativePath: string
  read: () => Promise<Uint8Array>
}

