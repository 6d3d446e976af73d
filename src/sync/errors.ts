// Errors shared by the sync protocols (each protocol's folder has its own
// errors.ts for the rest): one-line classes, matched by name.

export class ProtocolViolationError extends Error {
  static name = 'ProtocolViolationError'
  name = 'ProtocolViolationError'
}

export class NotFoundRemotelyError extends Error {
  static name = 'NotFoundRemotelyError'
  name = 'NotFoundRemotelyError'
}

export class RefusedError extends Error {
  static name = 'RefusedError'
  name = 'RefusedError'
}

export class NoProvidersError extends Error {
  static name = 'NoProvidersError'
  name = 'NoProvidersError'
}

/** The connection or stream failed while a pack was arriving (not bad data): worth another try. */
export class TransferInterruptedError extends Error {
  static name = 'TransferInterruptedError'
  name = 'TransferInterruptedError'
}

/** More tips than one pack request may want: this peer's limit, nobody's offence. */
export class TooManyWantsError extends Error {
  static name = 'TooManyWantsError'
  name = 'TooManyWantsError'
}
