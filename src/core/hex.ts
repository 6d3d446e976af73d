// Bytes as lowercase hex: the one helper for it (object ids in bulk have a
// faster one of their own, src/repo/pack/hex.ts oidToHex). Pure.

const DIGITS = '0123456789abcdef'

export function bytesToHex (bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i++) s += DIGITS[bytes[i] >> 4] + DIGITS[bytes[i] & 15]
  return s
}
