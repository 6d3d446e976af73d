// isomorphic-git, loaded when first used. It is a fifth of the app's
// JavaScript, and nothing on the way to the first screen reads a git
// object: the home page lists records from IndexedDB, the network starts
// without it. Every function it has is async, so a stand-in that imports
// the library on the first call and forwards is the same to its callers.
import type IsoGit from 'isomorphic-git'

type Git = typeof IsoGit
let loading: Promise<Git> | undefined
// (a failed load, offline before it was ever fetched, is tried again next call)
const load = async (): Promise<Git> => (loading ??= import('isomorphic-git').then(m => m.default, (err: unknown) => { loading = undefined; throw err }))

/** Starts loading isomorphic-git now (when the app is idle), so the first repository view does not wait for it. */
export function preloadGit (): void { void load().catch(() => { loading = undefined }) }

const git = new Proxy({} as Git, {
  // (no `then`: the stand-in must not look like a promise to `await`)
  get: (_target, name) => typeof name !== 'string' || name === 'then'
    ? undefined
    : async (...args: unknown[]) => ((await load()) as any)[name](...args)
})

export default git
