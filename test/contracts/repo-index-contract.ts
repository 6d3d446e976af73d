// The shared conformance suite for every RepoIndex: give it a factory that
// makes a fresh, empty index (and, where storage persists, a way to open a
// second instance on it), and it registers one Vitest test per check in
// repo-index-checks.ts.
import { afterEach, describe, it } from 'vitest'
import { repoIndexChecks } from './repo-index-checks.js'
import type { IndexFactory, IndexUnderTest } from './repo-index-checks.js'

export function repoIndexContract (name: string, factory: IndexFactory, opts: { persistent: boolean }): void {
  describe(`RepoIndex contract: ${name}`, () => {
    let open: IndexUnderTest | undefined
    afterEach(async () => {
      await open?.close?.()
      open = undefined
    })
    for (const check of repoIndexChecks) {
      it.skipIf(check.persistent === true && !opts.persistent)(check.name, async () => {
        open = await factory()
        await check.run(open)
      }, 60_000)
    }
  })
}
