// Object ids as lowercase hex, the form the rest of the code (and
// isomorphic-git) uses, and back.

const BYTE_HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** The 20 bytes at `bytes[at..at+20)` as 40 hex characters. */
export function oidToHex (bytes: Uint8Array, at = 0): string {
  let s = ''
  for (let i = at; i < at + 20; i++) s += BYTE_HEX[bytes[i]]
  return s
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
