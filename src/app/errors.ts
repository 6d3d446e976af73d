// The app handle's own errors: one line each, with a static name.

export class NoGitDirectoryError extends Error {
  static name = 'NoGitDirectoryError'
  name = 'NoGitDirectoryError'
}

/** A branch, tag or commit id that names no commit here. */
export class BadRevisionError extends Error {
  static name = 'BadRevisionError'
  name = 'BadRevisionError'
}

export class NoSyncError extends Error {
  static name = 'NoSyncError'
  name = 'NoSyncError'
}
