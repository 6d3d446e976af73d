import { randomBytes } from 'node:crypto'
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { precompressDir } from './precompress.js'

describe('precompressDir', () => {
  let dir: string
  const text = (n: number): string => Array.from({ length: n }, (_, i) => `const v${i % 97} = ${i % 13}\n`).join('')
  const exists = async (p: string): Promise<boolean> => await readFile(p).then(() => true, () => false)

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'guts-precompress-'))
    await mkdir(join(dir, 'assets'))
  })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  it('writes .br and .gz copies that decode to the file, for compressible files only', async () => {
    const js = text(3000)
    await writeFile(join(dir, 'assets', 'index-AbCd1234.js'), js)
    await writeFile(join(dir, 'index.html'), '<!doctype html>' + '<p>x</p>'.repeat(500))
    await writeFile(join(dir, 'assets', 'index-AbCd1234.js.map'), JSON.stringify({ mappings: text(2000) }))
    await writeFile(join(dir, 'icon.png'), Buffer.alloc(5000)) // compresses well, but images are left alone
    await writeFile(join(dir, 'tiny.js'), 'x()')
    const r = await precompressDir(dir)
    expect(r.files).toBe(3)
    const base = join(dir, 'assets', 'index-AbCd1234.js')
    expect(brotliDecompressSync(await readFile(base + '.br')).toString()).toBe(js)
    expect(gunzipSync(await readFile(base + '.gz')).toString()).toBe(js)
    expect((await readFile(base + '.br')).length).toBeLessThan(js.length / 5)
    expect(await exists(join(dir, 'index.html.br'))).toBe(true)
    // source maps: gzip only (brotli 11 on a 6 MB map costs ~25 s for developer tools alone)
    expect(await exists(base + '.map.gz')).toBe(true)
    expect(await exists(base + '.map.br')).toBe(false)
    expect(await exists(join(dir, 'icon.png.br'))).toBe(false)
    expect(await exists(join(dir, 'tiny.js.gz'))).toBe(false)
    // nothing half-written left behind
    const all = await readdir(dir, { recursive: true })
    expect(all.filter(f => f.includes('.tmp-'))).toEqual([])
  })

  it('keeps no copy that is not smaller than its file', async () => {
    await writeFile(join(dir, 'random.js'), randomBytes(8192))
    await precompressDir(dir)
    expect(await exists(join(dir, 'random.js.br'))).toBe(false)
    expect(await exists(join(dir, 'random.js.gz'))).toBe(false)
  })

  it('replaces a copy left from an earlier run, and removes one whose file no longer gets one', async () => {
    const path = join(dir, 'app.js')
    await writeFile(path, text(1000))
    await precompressDir(dir)
    await writeFile(path, text(1500))
    await precompressDir(dir)
    expect(gunzipSync(await readFile(path + '.gz')).toString()).toBe(text(1500))
    expect(brotliDecompressSync(await readFile(path + '.br')).toString()).toBe(text(1500))
    await writeFile(path, 'x()') // now too small to be worth a copy
    await precompressDir(dir)
    expect(await exists(path + '.gz')).toBe(false)
    expect(await exists(path + '.br')).toBe(false)
  })

  it('stops when aborted', async () => {
    await writeFile(join(dir, 'app.js'), text(1000))
    await expect(precompressDir(dir, { signal: AbortSignal.abort() })).rejects.toThrow()
    expect(await exists(join(dir, 'app.js.br'))).toBe(false)
  })
})
