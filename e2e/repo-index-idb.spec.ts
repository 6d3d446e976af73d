// The repository index's contract (test/contracts/repo-index-checks.ts) on
// Chromium's real IndexedDB, through the app's own bundled IdbRepoIndex: the
// checks run here in Node, and every index call goes into the page
// (window.guts.repoIndexCall) on a database of its own, never the app's.
// What fake-indexeddb cannot tell us, this does: the browser's structured
// clone (a genesis that is a view keeps its whole buffer), its key order,
// its transaction scheduling, and that a second connection sees the data.
import { expect, test } from './fixtures.js'
import { openTab } from './fixtures.js'
import { repoIndexChecks } from '../test/contracts/repo-index-checks.js'
import type { IndexUnderTest } from '../test/contracts/repo-index-checks.js'
import type { RepoIndex, RepoRecord } from '../src/repo/repo-index.js'
import type { GutsTestHook, IndexCall, IndexCallResult } from '../src/app/test-hook.js'
import type { BrowserContext, Page } from '@playwright/test'

let context: BrowserContext
let page: Page
let dbs = 0

test.beforeAll(async ({ browser, relay }) => {
  ({ context, page } = await openTab(browser, relay.url, '#/'))
})
test.afterAll(async () => { await context?.close() })

/** The genesis as the page holds it: a view at an offset into a larger buffer, or not. */
function withShape (g: Uint8Array, shape: { byteOffset: number, bufferBytes: number } | undefined): Uint8Array {
  if (shape == null || (shape.byteOffset === 0 && shape.bufferBytes === g.byteLength)) return g
  const buffer = new Uint8Array(shape.bufferBytes)
  buffer.set(g, shape.byteOffset)
  return buffer.subarray(shape.byteOffset, shape.byteOffset + g.byteLength)
}

const shapeOf = (g: unknown): IndexCall['shape'] => g instanceof Uint8Array ? { byteOffset: g.byteOffset, bufferBytes: g.buffer.byteLength } : undefined

/** A RepoIndex in Node whose every call runs in the page, in call order. */
function remoteIndex (db: string, instance: number): RepoIndex {
  const call = async (c: Omit<IndexCall, 'db' | 'instance'>): Promise<unknown> => {
    const r: IndexCallResult = await page.evaluate(async (a) => (window as unknown as { guts: GutsTestHook }).guts.repoIndexCall(a), { ...c, db, instance })
    if (r.error != null) throw Object.assign(new Error(r.error.message), { name: r.error.name })
    const records = (c.op === 'list' ? r.value : r.value == null ? [] : [r.value]) as RepoRecord[]
    records.forEach((rec, i) => { rec.genesis = withShape(rec.genesis, r.shapes?.[i]) })
    return r.value
  }
  return {
    list: async () => call({ op: 'list' }) as Promise<RepoRecord[]>,
    get: async (rid) => call({ op: 'get', arg: rid }) as Promise<RepoRecord | undefined>,
    put: async (record) => {
      // copied now, when put is called, as the contract says (evaluate serializes later)
      const copy = structuredClone(record)
      await call({ op: 'put', arg: copy, shape: shapeOf((copy as Partial<RepoRecord> | null)?.genesis) })
    },
    delete: async (rid) => { await call({ op: 'delete', arg: rid }) }
  }
}

async function open (): Promise<IndexUnderTest> {
  const db = `guts-test-contract-${++dbs}`
  let instances = 0
  return {
    index: remoteIndex(db, 0),
    reopen: async () => remoteIndex(db, ++instances),
    close: async () => { await page.evaluate(async (db) => (window as unknown as { guts: GutsTestHook }).guts.repoIndexCall({ db, instance: 0, op: 'drop' }), db) }
  }
}

test('typed arrays cross into the page and back as they are', async () => {
  // the checks below rely on it: the harness would hide a genesis turned into something else
  const back = await page.evaluate((b) => ({ isU8: b instanceof Uint8Array, bytes: b }), new Uint8Array([0, 1, 255]))
  expect(back.isU8).toBe(true)
  expect(back.bytes).toEqual(new Uint8Array([0, 1, 255]))
})

for (const check of repoIndexChecks) {
  test(`RepoIndex contract in Chromium: ${check.name}`, async () => {
    const t = await open()
    try {
      await check.run(t)
    } finally {
      await t.close?.()
    }
  })
}
