// CRC-32 (IEEE 802.3, reflected, polynomial 0xedb88320), as zlib computes it.
// A pack's .idx stores one per entry, over the entry's raw bytes in the pack,
// so a damaged entry can be found without inflating it. Every byte of the
// pack goes through here, so it takes four bytes a step ("slicing by 4":
// table k gives the CRC of a byte followed by k zero bytes).

const TABLES = (() => {
  const t = new Int32Array(4 * 256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = (c & 1) !== 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 4; k++) t[k * 256 + n] = t[(k - 1) * 256 + n] >>> 8 ^ t[t[(k - 1) * 256 + n] & 0xff]
  }
  return t
})()

/** CRC-32 of `bytes[start..end)`; pass a previous result as `crc` to continue it. */
export function crc32 (bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  const t = TABLES
  let c = ~crc
  let i = start
  for (; i + 4 <= end; i += 4) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)
    c = t[768 + (c & 0xff)] ^ t[512 + ((c >>> 8) & 0xff)] ^ t[256 + ((c >>> 16) & 0xff)] ^ t[c >>> 24]
  }
  for (; i < end; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8)
  return ~c >>> 0
}
