// Which offence a failure counts as, by error name. Pure.
import type { Offence } from './budget.js'

export function offenceFor (err: { name?: string }): Offence | undefined {
  switch (err.name) {
    case 'InvalidSignatureError': return 'forged-signature'
    case 'NotDelegateError': return 'not-delegate'
    case 'StaleSequenceError': return 'stale-sequence'
    case 'IncompleteRepositoryError': return 'missing-objects'
    case 'PackTooLargeError': return 'pack-too-large'
    case 'RidMismatchError': case 'WrongRepositoryError': case 'InvalidRefsError': case 'InvalidGenesisError': case 'ProtocolViolationError': return 'malformed'
    default: return undefined
  }
}

/** The pack's bytes are not what they claim: our indexer's PackError, or (from older code paths) isomorphic-git's. */
export function isBadPack (err: { name?: string, message?: string, code?: string }): boolean {
  // our own disk failing to take a pack (its message names the .pack file) is nobody's offence
  if (err.name === 'PackStoreError') return false
  return err.name === 'PackError' || err.code === 'InternalError' || /pack|inflate|checksum|Pako|zlib|incorrect header/i.test(err.message ?? '')
}
