// The repositories this peer holds: create, import, export, commit, branch.
// Objects go into a git directory per repository (through an injected fs);
// refs are published by signing a new signed-refs document and storing it in
// the index, in one step, only after the objects are complete. A failure
// before that leaves the repository as it was.
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import git from './git.js'
import { createGenesis, decodeGenesis, encodeGenesis, ridOf } from '../core/genesis.js'
import { commitIdent } from '../core/ident.js'
import { cobRefsOf, codeRefsOf, isCodeRef, validRefName } from '../core/ref-names.js'
import { signedCommit } from '../core/signed-commit.js'
import { signRefs, verifyWriterRefs } from '../core/signed-refs.js'
import { consolidatePacks } from './consolidate.js'
import { EditError, ImportError, NotADelegateError, RepoNotFoundError, StorageFullError, isQuotaError } from './errors.js'
import { flush, rmrf } from './fs.js'
import { packNames } from './object-files.js'
import { applyChanges } from './tree-edit.js'
import type { ConsolidateOptions, ConsolidateResult } from './consolidate.js'
import type { Genesis } from '../core/genesis.js'
import type { Progress } from './bundle-io.js'
import type { GitFs } from './fs.js'
import type { PickedFile } from './gitdir-files.js'
import { identityOfRecord, namespaceOf, namespacesOf, refsOf } from './repo-index.js'
import { gitRefsOf, settleRecord } from './settle-record.js'
import { writeIdentityChain } from './identity-git.js'
import { applyRevision, proposeRevision, signRevision } from '../core/identity.js'
import type { Identity, IdentityChange, IdentityRevision } from '../core/identity.js'
import type { ContributionPolicy } from '../core/namespace-accept.js'
import type { RepoIndex, RepoRecord } from './repo-index.js'
import type { FileChange } from './tree-edit.js'
import type { PrivateKey } from '@libp2p/interface'

export interface Author { name: string, email: string }

/** packs a repository may hold before a received one makes it consolidate (git's gc.autoPackLimit is 50; ours are read whole, so fewer) */
export const PACK_LIMIT = 16
/** commits made in a tab before their loose objects are packed (consolidate.ts) */
export const COMMITS_PER_PACK = 100

export interface ReposInit {
  fs: GitFs
  index: RepoIndex
  key: PrivateKey
  /** where git directories live in `fs` */
  root?: string
  author: () => Promise<Author> | Author
  now?: () => number
  /**
   * runs `fn` holding a lock on `rid` shared by everything that writes this
   * store: other tabs of the profile (Web Locks), so that two never sign the
   * same sequence number. Default: this object's own lock only
   */
  lock?: <T>(rid: string, fn: () => Promise<T>) => Promise<T>
}

export interface CreateRepoInput { name: string, description?: string, defaultBranch?: string, readme?: string }
export interface ImportOptions { name?: string, description?: string, signal?: AbortSignal, onProgress?: (p: Progress) => void }
export interface CommitInput { branch: string, message: string, changes: FileChange[], /** fail if the branch moved meanwhile */ expectedHead?: string }

export class Repos {
  readonly fs: GitFs
  readonly index: RepoIndex
  private readonly key: PrivateKey
  private readonly root: string
  private readonly author: ReposInit['author']
  private readonly now: () => number
  private readonly caches = new Map<string, object>()
  private readonly locks = new Map<string, Promise<unknown>>()
  private readonly shared: NonNullable<ReposInit['lock']>
  readonly peerId: string

  constructor (init: ReposInit) {
    this.fs = init.fs
    this.index = init.index
    this.key = init.key
    this.root = init.root ?? '/repos'
    this.author = init.author
    this.now = init.now ?? Date.now
    this.shared = init.lock ?? (async (_rid, fn) => fn())
    this.peerId = peerIdFromPrivateKey(init.key).toString()
  }

  gitdir (rid: string): string { return `${this.root}/${rid}.git` }

  /** isomorphic-git's object cache, one per repository */
  cache (rid: string): object {
    let c = this.caches.get(rid)
    if (c == null) { c = {}; this.caches.set(rid, c) }
    return c
  }

  /** forgets cached objects, after objects were removed from disk */
  dropCache (rid: string): void { this.caches.delete(rid) }

  async has (rid: string): Promise<boolean> { return (await this.index.get(rid)) != null }

  async list (): Promise<RepoRecord[]> {
    return (await this.index.list()).sort((a, b) => b.updated - a.updated)
  }

  async get (rid: string): Promise<RepoRecord> {
    const r = await this.index.get(rid)
    if (r == null) throw new RepoNotFoundError(`no repository ${rid} here`)
    return r
  }

  genesisOf (record: RepoRecord): Genesis { return decodeGenesis(record.genesis) }

  async create (input: CreateRepoInput): Promise<RepoRecord> {
    const genesis = createGenesis({ name: input.name.trim(), description: input.description?.trim(), defaultBranch: input.defaultBranch?.trim() || 'main', delegates: [this.peerId], created: this.now() })
    return this.fresh(genesis, async (gitdir) => {
      const readme = input.readme ?? `# ${genesis.name}\n\n${genesis.description}\n`
      const tree = await applyChanges(this.fs, gitdir, undefined, [{ op: 'write', path: 'README.md', content: new TextEncoder().encode(readme) }])
      const oid = await this.writeCommit(gitdir, tree, [], 'Initial commit')
      return { refs: { [`refs/heads/${genesis.defaultBranch}`]: oid } }
    })
  }

  async importBundle (bytes: Uint8Array, opts: ImportOptions = {}): Promise<RepoRecord> {
    return this.importWith(opts, async (gitdir, cache) => {
      // (bundle and folder imports, and export, load their code when first used)
      const { unpackBundle } = await import('./bundle-io.js')
      const { refs, head } = await unpackBundle(this.fs, gitdir, bytes, { cache, signal: opts.signal, onProgress: opts.onProgress })
      const branches = refs.filter(r => r.name.startsWith('refs/heads/'))
      // HEAD's branch: the one it points at, preferring the usual names on a tie
      const atHead = branches.filter(b => b.oid === head).map(b => b.name.slice(11))
      const names = branches.map(b => b.name.slice(11))
      const defaultBranch = pick(atHead) ?? pick(names) ?? names[0]
      return { refs, defaultBranch }
    })
  }

  async importGitdir (files: PickedFile[], opts: ImportOptions = {}): Promise<RepoRecord> {
    return this.importWith(opts, async (gitdir, cache) => {
      const { refs, headBranch } = await (await import('./gitdir-import.js')).copyGitdir(this.fs, gitdir, files, { cache, signal: opts.signal, onProgress: opts.onProgress })
      const names = refs.filter(r => r.name.startsWith('refs/heads/')).map(r => r.name.slice(11))
      const defaultBranch = headBranch != null && names.includes(headBranch) ? headBranch : pick(names) ?? names[0]
      return { refs, defaultBranch }
    })
  }

  /**
   * Brings an existing repository up to date with a .git directory it was
   * imported from: copies the objects and publishes the new refs (a new
   * signed refs document) when they changed.
   */
  async refreshFromGitdir (rid: string, files: PickedFile[], opts: ImportOptions = {}): Promise<{ record: RepoRecord, changed: boolean }> {
    return this.refreshWith(rid, async (gitdir, cache) => (await (await import('./gitdir-import.js')).copyGitdir(this.fs, gitdir, files, { cache, signal: opts.signal, onProgress: opts.onProgress })).refs)
  }

  /**
   * Brings an existing repository up to date: `fill` adds the objects to its
   * git directory (complete, checked) and returns the refs they make; the
   * new refs are published when they changed. (A relay fills it with the
   * stock git: relay/git-import.ts.)
   */
  async refreshWith (rid: string, fill: (gitdir: string, cache: object) => Promise<Array<{ name: string, oid: string }>>): Promise<{ record: RepoRecord, changed: boolean }> {
    return this.locked(rid, async () => {
      const record = await this.get(rid)
      await this.assertWriter(record)
      const refs = await fill(this.gitdir(rid), this.cache(rid))
      const mine = await this.writableRefs(record)
      // the code refs are the imported ones; the issues' and patches' stay
      const next = { ...Object.fromEntries(refs.map(r => [r.name, r.oid])), ...cobRefsOf(mine) }
      const same = JSON.stringify(Object.entries(next).sort()) === JSON.stringify(Object.entries(mine).sort())
      if (same) return { record, changed: false }
      this.dropCache(rid)
      const published = await this.storage('the update', async () => this.publish(record, next))
      return { record: published, changed: true }
    })
  }

  /** A bundle of everything the refs reach, its pack copied from the stored packs' entries (deltas and all). */
  async exportBundle (rid: string, opts: { signal?: AbortSignal, onProgress?: (p: Progress) => void } = {}): Promise<Uint8Array> {
    const record = await this.get(rid)
    const canonical = refsOf(record)
    const refs = Object.entries(canonical).map(([name, oid]) => ({ name, oid }))
    const head = canonical[`refs/heads/${record.defaultBranch}`]
    const { packBundle } = await import('./bundle-io.js')
    return packBundle(this.fs, this.gitdir(rid), refs, head, opts)
  }

  /**
   * Past this many packs, a received pack makes the repository consolidate
   * (every pack and loose object merged into one: consolidate.ts), so a
   * repository fetched into a thousand times still reads and clones as fast
   * as a fresh one. undefined: never (a relay that repacks with git).
   */
  packLimit: number | undefined = PACK_LIMIT

  /** Merges the repository's packs and loose objects into one pack, holding its lock (on a schedule, or by hand). */
  async consolidate (rid: string, opts: ConsolidateOptions = {}): Promise<ConsolidateResult | undefined> {
    await this.get(rid)
    return this.locked(rid, async () => this.consolidateHeld(rid, opts))
  }

  /**
   * consolidate(), for a caller that already holds the repository's lock
   * (acceptReceived, after a pack came in); `ifOver`: only when it holds
   * more packs than that.
   */
  async consolidateHeld (rid: string, opts: ConsolidateOptions & { ifOver?: number } = {}): Promise<ConsolidateResult | undefined> {
    const gitdir = this.gitdir(rid)
    if (opts.ifOver != null && (await packNames(this.fs, gitdir)).length <= opts.ifOver) return undefined
    try {
      return await consolidatePacks(this.fs, gitdir, opts)
    } finally {
      // isomorphic-git's cache remembers which packs there were
      this.dropCache(rid)
    }
  }

  /** Commits `changes` on top of `branch` (creating the branch if it has no commits). */
  async commit (rid: string, input: CommitInput): Promise<string> {
    const message = input.message.trim()
    if (message === '') throw new EditError('a commit needs a message')
    if (input.changes.length === 0) throw new EditError('nothing to commit')
    return this.locked(rid, async () => {
      const record = await this.get(rid)
      await this.assertWriter(record)
      const ref = `refs/heads/${input.branch}`
      if (!validRefName(ref)) throw new EditError(`"${input.branch}" is not a valid branch name`)
      const mine = await this.writableRefs(record)
      const head = mine[ref]
      if (input.expectedHead != null && head !== input.expectedHead) throw new EditError(`${input.branch} has moved since you started editing; reload and try again`)
      const gitdir = this.gitdir(rid)
      const cache = this.cache(rid)
      return this.storage('the commit', async () => {
        const parentTree = head == null ? undefined : (await git.readCommit({ fs: this.fs, gitdir, oid: head, cache })).commit.tree
        const tree = await applyChanges(this.fs, gitdir, parentTree, input.changes, cache)
        if (tree === parentTree) throw new EditError('these changes leave the files as they were: nothing to commit')
        const oid = await this.writeCommit(gitdir, tree, head == null ? [] : [head], message)
        await this.publish(record, { ...mine, [ref]: oid })
        await this.packLooseNowAndThen(rid)
        return oid
      })
    })
  }

  /** whose forks this peer keeps: every writer's, none (delegates only), or those it follows (relays: --contributions) */
  contributions: ContributionPolicy = 'all'
  /** the writers kept under 'followed' */
  followed: ReadonlySet<string> = new Set()

  /** commits made here before their loose objects are packed (with packLimit undefined: never) */
  commitsPerPack = COMMITS_PER_PACK

  /** commits made here since their loose objects were last packed, per repository (this tab's count) */
  private readonly commitsLoose = new Map<string, number>()

  /**
   * A commit here writes loose objects (a tree per changed directory, the
   * blobs, the commit); every commitsPerPack commits they are packed, so a
   * repository edited a thousand times in the tab still reads and serves as
   * fast as a fresh one. Holding the lock; a failure only leaves them loose.
   */
  private async packLooseNowAndThen (rid: string): Promise<void> {
    const n = (this.commitsLoose.get(rid) ?? 0) + 1
    this.commitsLoose.set(rid, n)
    if (this.packLimit == null || n < this.commitsPerPack) return
    this.commitsLoose.delete(rid)
    // into a pack of their own (cheap: the big packs are left alone), then
    // everything merged if that makes too many packs
    await this.consolidateHeld(rid, { looseOnly: true }).catch(() => {})
    await this.consolidateHeld(rid, { ifOver: this.packLimit }).catch(() => {})
  }

  async createBranch (rid: string, name: string, from: string): Promise<void> {
    const ref = `refs/heads/${name.trim()}`
    if (!validRefName(ref)) throw new EditError(`"${name}" is not a valid branch name`)
    await this.locked(rid, async () => {
      const record = await this.get(rid)
      await this.assertWriter(record)
      const mine = await this.writableRefs(record)
      if (mine[ref] != null) throw new EditError(`a branch named ${name} already exists`)
      await git.readCommit({ fs: this.fs, gitdir: this.gitdir(rid), oid: from, cache: this.cache(rid) })
      await this.storage('the branch', async () => this.publish(record, { ...mine, [ref]: from }))
    })
  }

  async delete (rid: string): Promise<void> {
    await this.index.delete(rid)
    await rmrf(this.fs, this.gitdir(rid))
    await flush(this.fs)
    this.caches.delete(rid)
  }

  // ---- internals

  /** Whether this peer is a delegate under the identity in force. */
  async isDelegate (record: RepoRecord): Promise<boolean> {
    return (await identityOfRecord(record)).delegates.includes(this.peerId)
  }

  /**
   * A delegate, or a writer with a fork (a namespace of its own with code) of
   * the repository: a namespace holding only issues' and patches' refs is
   * someone who took part in them, and must fork to commit code.
   */
  private async assertWriter (record: RepoRecord): Promise<void> {
    if (Object.keys(codeRefsOf(namespaceOf(record, this.peerId)?.refs ?? {})).length > 0 || await this.isDelegate(record)) return
    throw new NotADelegateError('only the repository\'s delegates and its forks\' writers can change it; this tab holds a copy: fork it to make changes')
  }

  /**
   * The refs this peer changes: its own namespace's, or, for a delegate with
   * none yet or with only issues and patches, the canonical code refs; its
   * collaborative objects' refs always stay (re-signing must not drop them).
   */
  private async writableRefs (record: RepoRecord): Promise<Record<string, string>> {
    const mine = namespaceOf(record, this.peerId)?.refs ?? {}
    const code = codeRefsOf(mine)
    return { ...(Object.keys(code).length > 0 ? code : codeRefsOf(refsOf(record))), ...cobRefsOf(mine) }
  }

  /**
   * A new identity revision signed by this peer (a delegate): who the
   * delegates are, how many must agree. Takes effect here when this one
   * signature is enough (a threshold of 1); more would need co-signers.
   */
  async changeIdentity (rid: string, change: IdentityChange): Promise<RepoRecord> {
    return await this.locked(rid, async () => {
      const record = await this.get(rid)
      const current = await identityOfRecord(record)
      if (!current.delegates.includes(this.peerId)) throw new NotADelegateError('only a delegate can change who maintains the repository')
      if (current.threshold > 1) throw new EditError(`this change needs ${current.threshold} delegates' signatures; signing it together is not supported yet`)
      let payload
      try {
        payload = proposeRevision(current, change, this.now())
      } catch (err: any) {
        throw new EditError(err.message)
      }
      const rev = await signRevision(this.key, payload)
      const identity = await applyRevision(current, rev)
      const chain = [...(record.identity ?? []), rev]
      // this delegate's own refs signed again with it, one sequence up: the
      // news that makes peers and relays fetch, and with it the new identity
      const refs = { ...(namespaceOf(record, this.peerId)?.refs ?? refsOf(record)) }
      return await this.storage('the identity change', async () => this.publish(record, refs, { chain, current: identity }))
    })
  }

  /**
   * Makes this peer a writer of a repository it holds: its own namespace,
   * starting at the canonical refs (no objects are copied: a fork shares
   * the repository's). Nothing happens for a writer already.
   */
  async fork (rid: string): Promise<RepoRecord> {
    return await this.locked(rid, async () => {
      const record = await this.get(rid)
      const own = namespaceOf(record, this.peerId)
      // one who only took part in issues and patches forks too: the code joins its cob refs
      if (own != null && Object.keys(codeRefsOf(own.refs)).length > 0) return record
      return await this.storage('the fork', async () => this.publish(record, { ...codeRefsOf(refsOf(record)), ...cobRefsOf(own?.refs ?? {}) }))
    })
  }

  /**
   * A new repository whose objects `fill` puts into a fresh git directory
   * (complete, checked), returning its refs and default branch; then it is
   * moved under its RID and published. importBundle and importGitdir use
   * it; a relay fills it with the stock git (relay/git-import.ts).
   */
  async importWith (opts: ImportOptions, fill: (gitdir: string, cache: object) => Promise<{ refs: Array<{ name: string, oid: string }>, defaultBranch: string }>): Promise<RepoRecord> {
    // the genesis needs the default branch, known only after reading the
    // refs: fill a staging directory first, then move it under its RID
    const staging = `${this.root}/.staging-${(globalThis as { process?: { pid?: number } }).process?.pid ?? 0}-${Math.random().toString(36).slice(2)}`
    const cache = {}
    try {
      await git.init({ fs: this.fs, gitdir: staging, bare: true })
      const { refs, defaultBranch } = await fill(staging, cache)
      const genesis = createGenesis({ name: (opts.name ?? 'imported').trim() || 'imported', description: opts.description ?? '', defaultBranch, delegates: [this.peerId], created: this.now() })
      const bytes = encodeGenesis(genesis)
      const rid = await ridOf(bytes)
      await this.fs.promises.rename(staging, this.gitdir(rid))
      this.caches.set(rid, cache)
      const refMap = Object.fromEntries(refs.map(r => [r.name, r.oid]))
      return await this.storage('the import', async () => this.publishNew(rid, genesis, bytes, refMap))
    } catch (err) {
      await rmrf(this.fs, staging).catch(() => {})
      if (isQuotaError(err)) throw new StorageFullError('the import')
      throw err
    }
  }

  private async fresh (genesis: Genesis, fill: (gitdir: string) => Promise<{ refs: Record<string, string> }>): Promise<RepoRecord> {
    const bytes = encodeGenesis(genesis)
    const rid = await ridOf(bytes)
    const gitdir = this.gitdir(rid)
    try {
      await git.init({ fs: this.fs, gitdir, bare: true, defaultBranch: genesis.defaultBranch })
      const { refs } = await fill(gitdir)
      return await this.publishNew(rid, genesis, bytes, refs)
    } catch (err) {
      await rmrf(this.fs, gitdir).catch(() => {})
      if (isQuotaError(err)) throw new StorageFullError('the new repository')
      throw err
    }
  }

  private async publishNew (rid: string, genesis: Genesis, genesisBytes: Uint8Array, refs: Record<string, string>): Promise<RepoRecord> {
    const signedRefs = await signRefs(this.key, { rid, seq: 1, refs, timestamp: this.now() })
    const record: RepoRecord = { rid, genesis: genesisBytes, name: genesis.name, description: genesis.description, defaultBranch: genesis.defaultBranch, signedRefs, namespaces: [signedRefs], refs: { ...refs }, updated: this.now() }
    await this.mirrorRefs(rid, genesis.defaultBranch, {}, gitRefsOf(record))
    await flush(this.fs)
    await this.index.put(record)
    return record
  }

  /**
   * Signs and stores new refs of this peer's namespace: the one step that
   * makes a change visible. A delegate's refs move the canonical refs (as
   * the threshold allows); a fork's move only its own. With `identity`, a
   * new identity chain takes effect in the same step (changeIdentity).
   */
  private async publish (record: RepoRecord, refs: Record<string, string>, identity?: { chain: IdentityRevision[], current: Identity }): Promise<RepoRecord> {
    const own = namespaceOf(record, this.peerId)
    const signedRefs = await signRefs(this.key, { rid: record.rid, seq: (own?.seq ?? 0) + 1, refs, timestamp: this.now() })
    await verifyWriterRefs(signedRefs, { rid: record.rid, currentSeq: own?.seq })
    const namespaces = [...namespacesOf(record).filter(n => n.signer !== this.peerId), signedRefs]
    const gitdir = this.gitdir(record.rid)
    const changed = { ...record, namespaces, updated: this.now(), ...(identity != null ? { identity: identity.chain } : {}) }
    const next = await settleRecord(this.fs, gitdir, changed, identity?.current ?? await identityOfRecord(record))
    if (identity != null) await writeIdentityChain(this.fs, gitdir, identity.chain)
    await flush(this.fs)
    await this.index.put(next)
    // the git refs on disk mirror the signed refs, for git tools (relays)
    await this.mirrorRefs(record.rid, next.defaultBranch, gitRefsOf(record), gitRefsOf(next)).catch(() => {})
    return next
  }

  /** Writes git refs on disk to match `after` (they mirror the signed refs, for git tools). */
  async mirrorRefs (rid: string, defaultBranch: string, before: Record<string, string>, after: Record<string, string>): Promise<void> {
    const gitdir = this.gitdir(rid)
    for (const [ref, oid] of Object.entries(after)) {
      if (before[ref] !== oid) await git.writeRef({ fs: this.fs, gitdir, ref, value: oid, force: true })
    }
    for (const ref of Object.keys(before)) {
      if (after[ref] == null) await git.deleteRef({ fs: this.fs, gitdir, ref }).catch(() => {})
    }
    await git.writeRef({ fs: this.fs, gitdir, ref: 'HEAD', value: `refs/heads/${defaultBranch}`, symbolic: true, force: true })
  }

  private async writeCommit (gitdir: string, tree: string, parent: string[], message: string): Promise<string> {
    // as git writes what a person typed: a '<' or newline in a name would
    // make a commit every peer refuses; an empty name is no name at all
    const a = commitIdent(await this.author(), { name: 'Anonymous', email: `${this.peerId.slice(-12)}@guts.invalid` })
    const sig = { name: a.name, email: a.email, timestamp: Math.floor(this.now() / 1000), timezoneOffset: new Date(this.now()).getTimezoneOffset() }
    // signed in git's SSH format with this peer's key, so `git verify-commit` checks it (src/core/signed-commit.ts)
    const object = await signedCommit(this.key, { message: message.endsWith('\n') ? message : message + '\n', tree, parent, author: sig, committer: sig })
    return git.writeObject({ fs: this.fs, gitdir, type: 'commit', format: 'content', object })
  }

  /**
   * A collaborative object's change written and its ref published in this
   * peer's namespace, in one step under the repository's lock. `make` gets
   * the record as it is now and a way to write a signed commit; it returns
   * the ref (refs/cobs/<type>/<id>) and the commit. Anyone holding the
   * repository may: a reader gets a namespace holding only such refs (not a
   * fork); a delegate's keeps its code (the canonical refs, if it had none).
   */
  async publishOwnRef<T> (rid: string, make: (record: RepoRecord, commit: (tree: string, parents: string[], message: string) => Promise<string>) => Promise<{ ref: string, oid: string, value: T, code?: Record<string, string> }>): Promise<T> {
    return await this.locked(rid, async () => {
      const record = await this.get(rid)
      const gitdir = this.gitdir(rid)
      return await this.storage('the change', async () => {
        const made = await make(record, async (tree, parents, message) => this.writeCommit(gitdir, tree, parents, message))
        if (!validRefName(made.ref)) throw new EditError(`${made.ref} is not a ref a namespace may hold`)
        // a delegate's document keeps (or takes) code: with a threshold above
        // 1, one without main would take main out of the canonical refs;
        // anyone else's holds only what it wrote, or every commenter is a fork
        const base = await this.isDelegate(record) ? await this.writableRefs(record) : { ...(namespaceOf(record, this.peerId)?.refs ?? {}) }
        // code moved in the same step (a merge: the branch and the patch's record of it), by a writer only
        if (made.code != null) {
          await this.assertWriter(record)
          for (const ref of Object.keys(made.code)) if (!validRefName(ref) || !isCodeRef(ref)) throw new EditError(`${ref} is not a branch or tag`)
        }
        await this.publish(record, { ...base, ...made.code, [made.ref]: made.oid })
        await this.packLooseNowAndThen(rid)
        return made.value
      })
    })
  }

  private async storage<T> (what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (err) {
      if (isQuotaError(err)) throw new StorageFullError(what)
      throw err
    }
  }

  /**
   * One change at a time per repository, here and (with `lock`) in every
   * other tab of the profile, so sequence numbers never collide: each change
   * reads the record afresh once it holds the lock.
   */
  async locked<T> (rid: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(rid) ?? Promise.resolve()
    const next = prev.catch(() => {}).then(async () => this.shared(rid, fn))
    this.locks.set(rid, next)
    try { return await next } finally {
      if (this.locks.get(rid) === next) this.locks.delete(rid)
    }
  }
}

function pick (names: string[]): string | undefined {
  return ['main', 'master', 'trunk', 'develop'].find(n => names.includes(n)) ?? names[0]
}

export { ImportError }
