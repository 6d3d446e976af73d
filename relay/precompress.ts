// Writes `file.br` and `file.gz` next to every compressible file of a built
// app, at the highest settings, once, at build time (vite.config.ts calls it
// after the service worker is written). The relay then serves them as they
// are (http.ts): a relay on two cores never compresses per request.
import { availableParallelism } from 'node:os'
import { lstat, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { CODINGS, COMPRESSIBLE_EXTENSIONS, suffixOf } from './content-encoding.js'
import type { Coding } from './content-encoding.js'

const brotliAsync = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** Below this a compressed copy saves less than its headers and a disk read cost. */
export const MIN_PRECOMPRESS_BYTES = 1024

export interface PrecompressInit {
  signal?: AbortSignal
  /** smallest file to compress (default MIN_PRECOMPRESS_BYTES) */
  minBytes?: number
  /**
   * Which codings to write for a file (default: both, except no brotli for
   * source maps: brotli at quality 11 takes ~25 s on the entry's 6 MB map,
   * which only developer tools ever fetch).
   */
  codingsFor?: (path: string) => readonly Coding[]
}

export interface PrecompressResult {
  files: number
  plainBytes: number
  /** bytes written per coding, for the files that got a copy of it */
  written: Record<Coding, number>
  /** plain bytes of the files that got a copy of each coding, to compare against */
  plainOf: Record<Coding, number>
}

const defaultCodings = (path: string): readonly Coding[] => path.endsWith('.map') ? ['gzip'] : ['br', 'gzip']

/**
 * Compresses every file under `dir` whose type is worth it. A copy is kept
 * only when it is smaller than the file; a copy left from an earlier run is
 * replaced or removed, so what is on disk always matches its file. Each copy
 * is written under a temporary name and renamed, so a build killed midway
 * never leaves a truncated `.br` for the relay to serve.
 */
export async function precompressDir (dir: string, init: PrecompressInit = {}): Promise<PrecompressResult> {
  const minBytes = init.minBytes ?? MIN_PRECOMPRESS_BYTES
  const codingsFor = init.codingsFor ?? defaultCodings
  const result: PrecompressResult = { files: 0, plainBytes: 0, written: { br: 0, gzip: 0 }, plainOf: { br: 0, gzip: 0 } }
  const files: Array<{ path: string, size: number }> = []
  for (const rel of await readdir(dir, { recursive: true })) {
    const path = join(dir, rel)
    if (!COMPRESSIBLE_EXTENSIONS.has(extname(path))) continue
    const st = await lstat(path)
    if (!st.isFile()) continue // symbolic links are not followed
    if (st.size >= minBytes) files.push({ path, size: st.size })
    else await removeCopies(path, CODINGS.map(c => c.coding))
  }
  // the biggest first, so the slowest (brotli on the entry chunk) starts at once
  files.sort((a, b) => b.size - a.size)
  let next = 0
  const work = async (): Promise<void> => {
    for (let f = files[next++]; f != null; f = files[next++]) {
      init.signal?.throwIfAborted()
      const plain = await readFile(f.path)
      result.files++
      result.plainBytes += plain.length
      const wanted = codingsFor(f.path)
      await removeCopies(f.path, CODINGS.map(c => c.coding).filter(c => !wanted.includes(c)))
      for (const coding of wanted) {
        const packed = await compress(coding, plain, extname(f.path))
        if (packed.length >= plain.length) { await removeCopies(f.path, [coding]); continue }
        await writeAtomically(f.path + suffixOf(coding), packed)
        result.written[coding] += packed.length
        result.plainOf[coding] += plain.length
      }
    }
  }
  // compression is CPU work on libuv's threads: one file per core at a time
  await Promise.all(Array.from({ length: Math.max(1, Math.min(availableParallelism(), files.length)) }, work))
  return result
}

async function compress (coding: Coding, plain: Buffer, ext: string): Promise<Buffer> {
  if (coding === 'gzip') return await gzipAsync(plain, { level: constants.Z_BEST_COMPRESSION })
  return await brotliAsync(plain, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
      [constants.BROTLI_PARAM_MODE]: ext === '.wasm' ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT
    }
  })
}

async function writeAtomically (path: string, bytes: Buffer): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`
  try {
    await writeFile(tmp, bytes)
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}

async function removeCopies (path: string, codings: readonly Coding[]): Promise<void> {
  for (const c of codings) await rm(path + suffixOf(c), { force: true })
}
