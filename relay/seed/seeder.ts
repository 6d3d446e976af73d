// The relay as a seed: keeps standard bare git repositories in its data
// directory, replicates the repositories its policy covers through the same
// sync protocol as the tabs, provides them on the DHT, announces them, and
// serves them to tabs and (through git-http.ts) to the git CLI.
import { join } from 'node:path'
import { RELAY_HOP_PROTOCOL } from '../../src/net/constants.js'
import { recordSeq } from '../../src/repo/repo-index.js'
import type { Repos } from '../../src/repo/repos.js'
import { Sync } from '../../src/sync/service.js'
import { openRelayRepos } from './open-repos.js'
import { seeds } from './policy.js'
import { clearIncoming, filePackSink } from './file-pack-sink.js'
import { repairRepositories, scrubPacks } from './repair.js'
import { repackAll, repackRepository } from './repack.js'
import { gitPackBuilder } from './git-pack.js'
import { PendingFetches } from './pending-fetches.js'
import { startRefetching } from './refetch.js'
import type { Logger } from '../log.js'
import type { RelayNode } from '../node.js'
import type { SeedPolicy } from './policy.js'
import type { ContributionPolicy } from '../../src/core/namespace-accept.js'
import type { PrivateKey } from '@libp2p/interface'

export interface Seeder {
  repos: Repos
  sync: Sync
  stop: () => Promise<void>
}

export async function startSeeder (node: RelayNode, key: PrivateKey, dataDir: string, policy: SeedPolicy, maxPackBytes: number, log: Logger, opts: { reconcileEveryMs?: number, loseGossip?: boolean, contributions?: ContributionPolicy, follow?: string[] } = {}): Promise<Seeder> {
  const { repos } = await openRelayRepos(dataDir, key, log)
  repos.contributions = opts.contributions ?? 'all'
  repos.followed = new Set(opts.follow ?? [])
  /** repositories the sync service changed since the index poll last looked */
  const fetchedHere = new Set<string>()
  // what the relay wants and does not hold completely, fetched again below
  const pending = new PendingFetches(join(dataDir, 'pending.json'), { onCorrupt: (file, err) => log.warn('set aside an unreadable pending.json', { file, err: err.message }) })
  const repaired = await repairRepositories(repos, { dataDir, pending, log })
  if (repaired.repaired > 0 || repaired.failed.length > 0) log.warn('repaired repositories at start', { repaired: repaired.repaired, rebuilt: repaired.rebuilt.length, removed: repaired.removed.length, quarantined: repaired.quarantined.length, failed: repaired.failed.length, ms: repaired.ms })
  // packs arrive into files here, beside the repositories, and are moved into place
  const incoming = join(dataDir, 'repos', '.incoming')
  clearIncoming(incoming)
  // packs built for peers wait here while they are sent
  const outgoing = join(dataDir, 'repos', '.outgoing')
  clearIncoming(outgoing)

  // who announced a repository we want and lack (kept in memory: after a
  // restart, relays are asked)
  const announcers = new Map<string, Set<string>>()
  const rememberAnnouncer = (rid: string, peer: string): void => {
    const set = announcers.get(rid) ?? new Set()
    if (set.size < 8) set.add(peer)
    announcers.set(rid, set)
    if (announcers.size > 10_000) announcers.delete(announcers.keys().next().value!)
  }
  const sync = new Sync({
    node: node as any,
    repos,
    maxPackBytes,
    packSink: filePackSink(incoming),
    buildPack: gitPackBuilder({ repos, dir: outgoing, maxPackBytes }),
    // the relay is a hub of the gossip mesh, answers direct announcements,
    // and fetches what its policy covers as soon as it hears of it
    hub: true,
    wants: (rid) => seeds(policy, rid),
    catchUpWith: (info) => info.relay,
    reconcileEvery: opts.reconcileEveryMs,
    loseGossip: opts.loseGossip,
    onChange: (rid, outcome) => {
      // the index poll below is for `relay import`s: a fetch is not one
      fetchedHere.add(rid)
      log.info(outcome === 'cloned' ? 'fetched repository' : 'repository updated', { rid })
    },
    // remembered until it is held, so a fetch cut off (a crash, a provider
    // gone) is tried again
    onWanted: (news, from) => {
      log.info('heard of a repository to seed', { rid: news.rid, seq: news.signedRefs.seq })
      if (from != null) rememberAnnouncer(news.rid, from)
      pending.add({ rid: news.rid, reason: 'announced', genesis: Buffer.from(news.genesisBytes).toString('base64') })
        .catch(err => log.warn('could not record a pending fetch', { rid: news.rid, err: err.message }))
    },
    // seeding either happens within seconds or fails visibly: in the log at
    // warn, with the reason, and in the answer the announcing tab shows
    onAnnounced: (rid, peer, answer, had) => {
      const fields = { rid, peer, seq: answer.seq, ...(answer.message != null ? { reason: answer.message } : {}) }
      // an update of one already held is logged as one (onChange), not as seeding
      if (answer.status === 'seeded' && !had) log.info('seeding repository', fields)
      else if (answer.status === 'seeded') log.debug('announcement: updated', fields)
      else if (answer.status === 'failed' || answer.status === 'invalid') log.warn(`could not seed an announced repository (${answer.status})`, fields)
      else log.debug(`announcement: ${answer.status}`, fields)
    },
    // the service says what an operator needs at info (a fetch failed and
    // why, a peer cut off and why); the rest is debug
    log: (msg, fields, level) => log[level ?? 'debug'](msg, fields)
  })
  await sync.start()

  // repositories listed by rid are fetched as soon as someone has them
  const wanted = policy.kind === 'list' ? [...policy.rids] : []
  const fetchWanted = async (): Promise<void> => {
    for (const rid of wanted) {
      if (await repos.has(rid)) continue
      await sync.clone(rid).then(() => log.info('seeding repository', { rid }), () => {})
    }
  }
  const wantedTimer = wanted.length > 0 ? setInterval(() => { void fetchWanted() }, 15_000) : undefined
  void fetchWanted()

  // a repository of our own (damaged, unreadable) is fetched from anyone
  // who has it; one a stranger announced only from relays and from those
  // who announced it, never from every peer and the DHT on a stranger's word
  const refetching = startRefetching({
    pending,
    repos,
    log,
    fetch: async (p, signal) => p.reason === 'announced'
      ? sync.fetchFromRelays(p.rid, { signal, also: [...(announcers.get(p.rid) ?? [])] })
      : sync.clone(p.rid, { signal })
  })
  const onIdentify = (evt: CustomEvent<{ protocols: string[] }>): void => {
    if (evt.detail.protocols.includes(RELAY_HOP_PROTOCOL)) refetching.kick()
  }
  node.addEventListener('peer:identify', onIdentify as any)
  // damage inside a pack shows only when all of it is read: a minute after
  // start, then daily, slowly, while serving goes on
  const scrub = new AbortController()
  const runScrub = (): void => {
    scrubPacks(repos, { dataDir, pending, log, signal: scrub.signal }).then(
      (r) => { if (r.quarantined.length > 0) log.warn('the pack check took repositories out of service', { quarantined: r.quarantined.map(q => q.rid).join(','), packs: r.packs }) },
      (err) => { if (err.name !== 'AbortError') log.warn('the pack check failed', { err: err.message }) })
  }
  const scrubFirst = setTimeout(runScrub, 60_000)
  const scrubDaily = setInterval(runScrub, 24 * 3600_000)

  // packs pile up with every fetch and import: past a few, git merges them
  // (repack.ts), checked every ten minutes and when an import lands; once a
  // day every repository of more than one pack
  // one git repack at a time, whatever asks for it: each takes every core
  let repacks: Promise<unknown> = Promise.resolve()
  const oneRepackAtATime = (fn: () => Promise<unknown>): void => { repacks = repacks.then(fn, fn) }
  let repacking = false
  const runRepack = (force: boolean): void => {
    if (repacking) return
    repacking = true
    oneRepackAtATime(async () => await repackAll(repos, { force, log, signal: scrub.signal })
      .catch((err) => { if (err.name !== 'AbortError') log.warn('the repack round failed', { err: err.message }) })
      .finally(() => { repacking = false }))
  }
  const repackOften = setInterval(() => runRepack(false), 10 * 60_000)
  const repackDaily = setInterval(() => runRepack(true), 24 * 3600_000)

  // `relay import` may publish into this data directory while we run:
  // notice it; and repack what changed, if it holds too many packs
  const seen = new Map<string, number>()
  for (const r of await repos.list()) seen.set(r.rid, recordSeq(r))
  const poll = setInterval(() => {
    void (async () => {
      for (const r of await repos.list()) {
        const before = seen.get(r.rid)
        if (before === recordSeq(r)) continue
        seen.set(r.rid, recordSeq(r))
        // fetched from a peer, the service announced it already; else a `relay import`
        if (!fetchedHere.delete(r.rid)) {
          repos.dropCache(r.rid)
          log.info('publishing repository', { rid: r.rid, seq: recordSeq(r) })
          await sync.announce(r.rid, { isNew: before == null })
        }
        const rid = r.rid
        oneRepackAtATime(async () => await repackRepository(repos, rid, { signal: scrub.signal }).then(
          (done) => { if (done != null) log.info('repacked a repository', { rid, packs: done.packsBefore, ms: done.ms }) },
          (err) => { if (err.name !== 'AbortError') log.warn('could not repack a repository; left as it is', { rid, err: err.message }) }))
      }
    })().catch(err => log.warn('could not read the repository index', { err: err.message }))
  }, 2000)

  log.info('seeding', { policy: policy.kind === 'list' ? [...policy.rids].join(',') : policy.kind, repositories: seen.size })
  return {
    repos,
    sync,
    stop: async () => {
      clearInterval(poll)
      if (wantedTimer != null) clearInterval(wantedTimer)
      refetching.stop()
      node.removeEventListener('peer:identify', onIdentify as any)
      scrub.abort()
      clearTimeout(scrubFirst)
      clearInterval(scrubDaily)
      clearInterval(repackOften)
      clearInterval(repackDaily)
      await sync.stop()
    }
  }
}

export { openRelayRepos }
