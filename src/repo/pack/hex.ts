// Object ids as lowercase hex, the form the rest of the code (and
// isomorphic-git) uses. A table of byte → two characters makes this cheap
// enough to do for every tree entry in a pack.

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

/** The 40 lowercase hex characters at `bytes[at..)` as a string, or null if they aren't. */
export function readHexOid (bytes: Uint8Array, at: number): string | null {
  if (at + 40 > bytes.length) return null
  for (let i = at; i < at + 40; i++) if (HEX_VALUE[bytes[i]] < 0) return null
  return String.fromCharCode.apply(null, bytes.subarray(at, at + 40) as unknown as number[])
}
