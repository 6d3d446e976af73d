import { describe, expect, it } from 'vitest'
import { isBadPack, offenceFor } from './classify.js'
import { PackError } from '../repo/pack/pack-error.js'
import { PackStoreError } from '../repo/pack/pack-sink.js'

describe('classifying failures', () => {
  it('counts every PackError as a bad pack, whatever its message', () => {
    expect(isBadPack(new PackError('object at offset 40: invalid stored block lengths'))).toBe(true)
    expect(isBadPack(new PackError('delta expects a base of 28 bytes, the base has 30'))).toBe(true)
    expect(isBadPack(new Error('User-Initiated Abort, reason=Close called'))).toBe(false)
    // a message that mentions a pack is not a bad pack: only the name counts
    expect(isBadPack(new Error('incorrect header check in pack stream'))).toBe(false)
  })

  it('never counts our own disk failing as a bad pack, though its message names the pack file', () => {
    expect(isBadPack(new PackStoreError('could not write /data/repos/.incoming/incoming-1f.pack: ENOSPC: no space left on device'))).toBe(false)
    expect(offenceFor(new PackStoreError('could not write x.pack'))).toBeUndefined()
  })

  it('maps verification errors to offences by name', () => {
    expect(offenceFor({ name: 'InvalidSignatureError' })).toBe('forged-signature')
    expect(offenceFor({ name: 'IncompleteRepositoryError' })).toBe('missing-objects')
    expect(offenceFor({ name: 'TransferInterruptedError' })).toBeUndefined()
  })
})
