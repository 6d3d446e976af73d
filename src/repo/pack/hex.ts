// Object ids as lowercase hex, the form the rest of the code (and
// isomorphic-git) uses, and back.

const HEX_DIGITS = new Uint8Array([...'0123456789abcdef'].map(c => c.charCodeAt(0)))
const chars = new Uint8Array(40)
// One flat string per id: appending 20 two-digit pieces builds a rope of 20
// nodes, which is slower to make, to keep and to compare (about 2.5x overall).
// A latin1 TextDecoder is the quickest way there; String.fromCharCode where
// there is none.
const toString: (codes: Uint8Array) => string = (() => {
  try {
    const latin1 = new TextDecoder('latin1')
    return (codes: Uint8Array) => latin1.decode(codes)
  } catch {
    return (codes: Uint8Array) => String.fromCharCode.apply(null, codes as unknown as number[])
  }
})()

/** The 20 bytes at `bytes[at..at+20)` as 40 hex characters. */
export function oidToHex (bytes: Uint8Array, at = 0): string {
  for (let i = 0; i < 20; i++) {
    const b = bytes[at + i]
    chars[2 * i] = HEX_DIGITS[b >> 4]
    chars[2 * i + 1] = HEX_DIGITS[b & 15]
  }
  return toString(chars)
}

const HEX_VALUE = (() => {
  const t = new Int8Array(256).fill(-1)
  for (let i = 0; i < 10; i++) t[0x30 + i] = i
  for (let i = 0; i < 6; i++) t[0x61 + i] = 10 + i
  return t
})()

/**
 * Decodes the 40 lowercase hex characters at `text[at..)` into
 * `out[0..20)`; false (out partly written) if they aren't that.
 */
export function decodeHexOid (text: Uint8Array, at: number, out: Uint8Array): boolean {
  if (at + 40 > text.length) return false
  for (let i = 0; i < 20; i++) {
    const hi = HEX_VALUE[text[at + 2 * i]]
    const lo = HEX_VALUE[text[at + 2 * i + 1]]
    if (hi < 0 || lo < 0) return false
    out[i] = (hi << 4) | lo
  }
  return true
}
