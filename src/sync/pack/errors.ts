// Errors of /guts/pack besides the shared ones (../errors.ts): one-line classes, matched by name.

export class PackTooLargeError extends Error {
  static name = 'PackTooLargeError'
  name = 'PackTooLargeError'
}
