// Errors of the repository layer: one-line classes, matched by name.

export class StorageFullError extends Error {
  static name = 'StorageFullError'
  name = 'StorageFullError'
  constructor (what: string) {
    super(`The browser's storage for this site is full, so ${what} was not saved; the repository is as it was. Free some space (delete repositories you no longer need) and try again.`)
  }
}

export class IncompleteRepositoryError extends Error {
  static name = 'IncompleteRepositoryError'
  name = 'IncompleteRepositoryError'
}

export class ImportError extends Error {
  static name = 'ImportError'
  name = 'ImportError'
}

export class RepoNotFoundError extends Error {
  static name = 'RepoNotFoundError'
  name = 'RepoNotFoundError'
}

/** A path a view asked for is not in the tree (the message says which). */
export class PathNotFoundError extends Error {
  static name = 'PathNotFoundError'
  name = 'PathNotFoundError'
}

export class NotADelegateError extends Error {
  static name = 'NotADelegateError'
  name = 'NotADelegateError'
}

export class EditError extends Error {
  static name = 'EditError'
  name = 'EditError'
}

/** IndexedDB and lightning-fs report a full quota in a few different ways. */
/**
 * Storage is full: IndexedDB's QuotaExceededError (lightning-fs passes it
 * on, sometimes wrapped in `inner` or `cause`), or a full disk in Node.
 * Matched by name and code, never by message.
 */
export function isQuotaError (err: unknown): boolean {
  const e = err as { name?: string, code?: string, inner?: unknown, cause?: unknown } | undefined
  if (e == null || typeof e !== 'object') return false
  return e.name === 'QuotaExceededError' || e.code === 'ENOSPC' || e.code === 'EDQUOT' ||
    (e.inner != null && isQuotaError(e.inner)) || (e.cause != null && isQuotaError(e.cause))
}

/** An abbreviated commit id that more than one object's id starts with. */
export class AmbiguousRevisionError extends Error {
  static name = 'AmbiguousRevisionError'
  name = 'AmbiguousRevisionError'
}
