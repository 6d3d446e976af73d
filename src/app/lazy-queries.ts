// Queries whose engines load on first use. Blame, history, refs, compare
// and search pull in code (diff algorithms, graph walks, the search worker's
// client) that the first screen never runs; keeping them out of the entry
// chunk is what brings the initial JavaScript down to what starting needs.

/** The async queries `names` of what `load` makes, forwarded to it once loaded (a failed load is tried again next call). */
export function lazyQueries<Q extends object> (load: () => Promise<Q>, names: ReadonlyArray<keyof Q & string>): Q {
  let loaded: Promise<Q> | undefined
  const get = async (): Promise<Q> => (loaded ??= load().catch((err: unknown) => { loaded = undefined; throw err }))
  return Object.fromEntries(names.map(n => [n, async (...args: unknown[]) => ((await get())[n] as (...a: unknown[]) => unknown)(...args)])) as Q
}
