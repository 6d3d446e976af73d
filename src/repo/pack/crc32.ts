// CRC-32 (IEEE 802.3, reflected, polynomial 0xedb88320), as zlib computes it.
// A pack's .idx stores one per entry, over the entry's raw bytes in the pack,
// so a damaged entry can be found without inflating it.

const TABLE = (() => {
  const t = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = (c & 1) !== 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c
  }
  return t
})()

/** CRC-32 of `bytes[start..end)`; pass a previous result as `crc` to continue it. */
export function crc32 (bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  let c = ~crc
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8)
  return ~c >>> 0
}
