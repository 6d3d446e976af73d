// A pack to send, read in chunks as it goes out: from a file (a relay's
// stored pack, or one git just built into a temporary file), from memory,
// or written as it goes from the stored packs (pack/pack-writer.ts). A
// relay serving many peers from files holds one chunk per transfer, not
// one whole pack each.
import type { GitFs } from './fs.js'
import type { PackPlan } from './pack/pack-writer.js'

export interface PackSource {
  objects: number
  bytes: number
  /** the pack's bytes in order, in fresh chunks of at most `size` bytes */
  chunks: (size: number) => AsyncIterable<Uint8Array>
  /** frees what the source holds (an open file, a temporary file); safe to call twice */
  close: () => Promise<void>
}

export function bytesSource (pack: Uint8Array, objects: number): PackSource {
  return {
    objects,
    bytes: pack.length,
    chunks: async function * (size) {
      for (let i = 0; i < pack.length; i += size) yield pack.subarray(i, i + size)
    },
    close: async () => {}
  }
}

/**
 * A pack the writer planned: its size is known before its first byte;
 * `release` lets go of what it reads from (the loaded packs) when closed.
 */
export function plannedSource (plan: PackPlan, release: () => void): PackSource {
  let closed = false
  return {
    objects: plan.objects,
    bytes: plan.bytes,
    chunks: plan.chunks,
    close: async () => {
      if (closed) return
      closed = true
      release()
    }
  }
}

/**
 * A stored pack file as a source: its object count from its header, its
 * bytes streamed (or, where the fs cannot read part of a file, read once).
 * Undefined when it is not a pack.
 */
export async function openPackFile (fs: GitFs, path: string): Promise<PackSource | undefined> {
  const open = openOf(fs)
  if (open == null) {
    const whole = new Uint8Array(await fs.promises.readFile(path))
    const objects = packObjectCount(whole)
    return objects == null ? undefined : bytesSource(whole, objects)
  }
  const { size } = await fs.promises.stat(path)
  const head = new Uint8Array(12)
  const fh = await open(path, 'r')
  try { await fh.read(head, 0, 12, 0) } finally { await fh.close() }
  const objects = packObjectCount(head)
  return objects == null || size < 32 ? undefined : fileSource(fs, path, { objects, bytes: size })
}

/** The object count in a pack's 12-byte header ('PACK', version 2 or 3, count). */
export function packObjectCount (head: Uint8Array): number | undefined {
  if (head.length < 12 || head[0] !== 0x50 || head[1] !== 0x41 || head[2] !== 0x43 || head[3] !== 0x4b) return undefined
  const view = new DataView(head.buffer, head.byteOffset, 12)
  const version = view.getUint32(4)
  return version === 2 || version === 3 ? view.getUint32(8) : undefined
}

function openOf (fs: GitFs): ((path: string, flags: string) => Promise<FileHandleLike>) | undefined {
  const p = fs.promises as { open?: (path: string, flags: string) => Promise<FileHandleLike> }
  return p.open?.bind(p)
}

interface FileHandleLike {
  read: (buffer: Uint8Array, offset: number, length: number, position: number) => Promise<{ bytesRead: number }>
  close: () => Promise<void>
}

/**
 * A pack in a file of `bytes` bytes. With Node's fs it is read a chunk at a
 * time; lightning-fs (the tab) can only read whole files. `remove`: delete
 * the file when closed (a temporary pack).
 */
export function fileSource (fs: GitFs, path: string, info: { objects: number, bytes: number, remove?: boolean }): PackSource {
  const open = openOf(fs)
  let closed = false
  return {
    objects: info.objects,
    bytes: info.bytes,
    chunks: async function * (size) {
      if (open == null) {
        const whole = new Uint8Array(await fs.promises.readFile(path))
        yield * bytesSource(whole.subarray(0, info.bytes), info.objects).chunks(size)
        return
      }
      const fh = await open(path, 'r')
      try {
        for (let at = 0; at < info.bytes;) {
          // a fresh buffer per chunk: the stream may hold on to it until it is sent
          const buf = new Uint8Array(Math.min(size, info.bytes - at))
          const { bytesRead } = await fh.read(buf, 0, buf.length, at)
          if (bytesRead === 0) throw new Error(`${path} ended after ${at} of ${info.bytes} bytes`)
          at += bytesRead
          yield bytesRead === buf.length ? buf : buf.subarray(0, bytesRead)
        }
      } finally {
        await fh.close()
      }
    },
    close: async () => {
      if (closed) return
      closed = true
      if (info.remove === true) await fs.promises.unlink(path).catch(() => {})
    }
  }
}
