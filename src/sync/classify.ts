// Which offence a failure counts as, by error name. Pure.
import type { Offence } from './budget.js'

export function offenceFor (err: { name?: string }): Offence | undefined {
  switch (err.name) {
    case 'InvalidSignatureError': case 'InvalidIdentityError': return 'forged-signature'
    case 'NotDelegateError': return 'not-delegate'
    case 'StaleSequenceError': return 'stale-sequence'
    case 'IncompleteRepositoryError': return 'missing-objects'
    case 'PackTooLargeError': return 'pack-too-large'
    case 'RidMismatchError': case 'WrongRepositoryError': case 'InvalidRefsError': case 'InvalidGenesisError': case 'ProtocolViolationError': return 'malformed'
    default: return undefined
  }
}

/**
 * The pack's bytes are not what they claim: our indexer's PackError (its
 * subclasses keep the name, and the worker boundary passes errors on by
 * name). Matched by name only, never by a message: our own disk failing
 * (PackStoreError, whose message names the .pack file) is nobody's offence.
 */
export function isBadPack (err: { name?: string }): boolean {
  return err.name === 'PackError'
}
