// The digest of a list of (rid, seq) pairs, by bucket: pure. A bucket is the
// RID's gossip shard; its digest is SHA-256 over its sorted "rid seq\n"
// lines, cut to 8 bytes; the root is SHA-256 over the 256 bucket digests,
// cut to 16. Two peers whose lists are equal get the same root, so a round
// where nothing changed costs one small message each way; when they differ,
// the bucket digests say where.
import { sha256 } from 'multiformats/hashes/sha2'
import { shardOf } from '../gossip/topics.js'
import { BUCKET_DIGEST_BYTES, BUCKETS, ROOT_BYTES } from './constants.js'

export interface InventoryEntry { rid: string, seq: number }

export const bucketOf = shardOf

const encoder = new TextEncoder()

/** One digest per bucket, concatenated (an empty bucket is all zeros). */
export async function bucketDigests (entries: InventoryEntry[]): Promise<Uint8Array<ArrayBuffer>> {
  const byBucket = new Map<number, InventoryEntry[]>()
  for (const e of entries) {
    const b = bucketOf(e.rid)
    let list = byBucket.get(b)
    if (list == null) { list = []; byBucket.set(b, list) }
    list.push(e)
  }
  const out = new Uint8Array(BUCKETS * BUCKET_DIGEST_BYTES)
  for (const [b, list] of byBucket) {
    list.sort((x, y) => x.rid < y.rid ? -1 : x.rid > y.rid ? 1 : 0)
    const d = await sha256.digest(encoder.encode(list.map(e => `${e.rid} ${e.seq}\n`).join('')))
    out.set(d.digest.subarray(0, BUCKET_DIGEST_BYTES), b * BUCKET_DIGEST_BYTES)
  }
  return out
}

export async function rootOf (digests: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array((await sha256.digest(digests)).digest.subarray(0, ROOT_BYTES))
}

/** The buckets whose digests differ. */
export function differingBuckets (a: Uint8Array, b: Uint8Array): number[] {
  const out: number[] = []
  for (let i = 0; i < BUCKETS; i++) {
    for (let j = i * BUCKET_DIGEST_BYTES; j < (i + 1) * BUCKET_DIGEST_BYTES; j++) {
      if (a[j] !== b[j]) { out.push(i); break }
    }
  }
  return out
}

export function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
