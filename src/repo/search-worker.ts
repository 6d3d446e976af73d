// Content search in a Web Worker, off the page's thread (search-client.ts
// drives it). The worker never opens the tab's file system: lightning-fs
// allows one instance per name per page, so it asks the page for each file
// it needs (the packs' .idx and .pack, loose objects) and keeps the packs
// it was given between searches, as long as the repository's listing of
// packs and loose objects stays the same. One search at a time: a newer one
// (or a cancel) makes the running one stop at its next pause.
import { ObjectStore } from './pack/object-store.js'
import { searchTree } from './search-tree.js'
import type { FromSearchWorker, ToSearchWorker } from './search-client.js'

type SearchMsg = Extract<ToSearchWorker, { t: 'search' }>

let cached: { key: string, store: ObjectStore } | undefined
let current = 0
let nextReq = 0
const waiting = new Map<number, { resolve: (b: Uint8Array) => void, reject: (e: Error) => void }>()

const post = (msg: FromSearchWorker): void => { (self as unknown as Worker).postMessage(msg) }

/** a file of the repository, read by the page */
async function readFile (path: string): Promise<Uint8Array> {
  const req = ++nextReq
  return await new Promise((resolve, reject) => {
    waiting.set(req, { resolve, reject })
    post({ t: 'read', req, path })
  })
}

/**
 * Lets a cancel or a newer search in. A message on a channel of its own,
 * not scheduler.yield (its continuation would run before the message) nor
 * setTimeout(0) (stretched to 4 ms when nested).
 */
async function pause (): Promise<void> {
  await new Promise<void>(resolve => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => { channel.port1.close(); resolve() }
    channel.port2.postMessage(null)
  })
}

async function storeFor (msg: SearchMsg): Promise<ObjectStore> {
  const key = `${msg.gitdir}\n${msg.packs.join(',')}\n${msg.loose.join(',')}`
  if (cached?.key === key) return cached.store
  cached = undefined // let the old packs go before the new ones come
  const dir = `${msg.gitdir}/objects/pack`
  const idx = await Promise.all(msg.packs.map(async name => await readFile(`${dir}/${name}.idx`)))
  const store = new ObjectStore({
    packs: msg.packs.map((name, i) => ({ name, idx: idx[i], load: async () => await readFile(`${dir}/${name}.pack`) })),
    loose: msg.loose,
    readLoose: async (oid) => await readFile(`${msg.gitdir}/objects/${oid.slice(0, 2)}/${oid.slice(2)}`)
  })
  cached = { key, store }
  return store
}

async function run (msg: SearchMsg): Promise<void> {
  try {
    const store = await storeFor(msg)
    const summary = await searchTree(store, msg.tree, msg.query, {
      pause,
      stopped: () => current !== msg.id,
      onProgress: (p) => { if (current === msg.id) post({ t: 'progress', id: msg.id, ...p }) }
    })
    post({ t: 'done', id: msg.id, summary })
  } catch (err: any) {
    if (err?.code === 'ENOENT') cached = undefined // packs were consolidated meanwhile: list them again
    post({ t: 'error', id: msg.id, name: err?.name ?? 'Error', message: err?.message ?? String(err), code: err?.code })
  }
}

self.onmessage = (evt: MessageEvent<ToSearchWorker>) => {
  const msg = evt.data
  if (msg.t === 'file') {
    const w = waiting.get(msg.req)
    waiting.delete(msg.req)
    if (msg.bytes != null) w?.resolve(msg.bytes)
    else w?.reject(Object.assign(new Error(msg.error ?? 'unreadable'), { code: msg.code }))
  } else if (msg.t === 'cancel') {
    if (current === msg.id) current = 0
  } else if (msg.t === 'search') {
    current = msg.id
    void run(msg)
  }
}
