// Draws the PWA icons (public/icon-192.png, public/icon-512.png): three
// linked nodes on a dark tile. Run once with `node scripts/make-icons.mjs`;
// the PNGs are committed.
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

function crc32 (buf) {
  let c, crc = 0xffffffff
  for (const b of buf) {
    c = (crc ^ b) & 0xff
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    crc = (crc >>> 8) ^ c
  }
  return (crc ^ 0xffffffff) >>> 0
}
function chunk (type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
function png (size) {
  const nodes = [[0.5, 0.27], [0.27, 0.7], [0.73, 0.7]].map(([x, y]) => [x * size, y * size])
  const r = size * 0.11
  const line = size * 0.035
  const distSeg = (px, py, [ax, ay], [bx, by]) => {
    const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)))
    return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)))
  }
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    for (let x = 0; x < size; x++) {
      let c = [0x1f, 0x23, 0x28]
      const onNode = nodes.some(([nx, ny]) => Math.hypot(x - nx, y - ny) < r)
      const onEdge = [[0, 1], [1, 2], [2, 0]].some(([a, b]) => distSeg(x, y, nodes[a], nodes[b]) < line)
      if (onEdge) c = [0x8b, 0x94, 0x9e]
      if (onNode) c = [0x3f, 0xb9, 0x50]
      raw.set([...c, 255], y * (size * 4 + 1) + 1 + x * 4)
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}
for (const size of [192, 512]) writeFileSync(new URL(`../public/icon-${size}.png`, import.meta.url), png(size))
