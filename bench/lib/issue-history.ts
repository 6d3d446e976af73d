// A repository's worth of issues written fast, for bench/issues.ts: every
// change a signed commit as the app writes it (core/cob/change.ts), its
// objects straight into one pack (git index-pack indexes it), and the caller
// signs one refs document per writer holding its tips (its latest change in
// each issue it touched). Going through Repos.publishOwnRef per change would
// sign and settle the writer's whole refs document 11,000 times; and
// isomorphic-git's loose writes (a file, a directory check and pako per
// object) took 14 ms a change on a loaded 2-core machine.
import { mulberry32 } from '../../test/fixtures/prng.js'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { deflateSync } from 'node:zlib'
import { actionBytes, changeMessage, manifestBytes } from '../../src/core/cob/change.js'
import { ISSUE_TYPE, issueChangeSummary } from '../../src/core/cob/issue.js'
import { signedCommit } from '../../src/core/signed-commit.js'
import type { IssueAction } from '../../src/core/cob/issue.js'
import type { PrivateKey } from '@libp2p/interface'

export interface HistoryShape {
  issues: number
  commentsPerIssue: number
  /** chance that a comment is written on the same parents as the one before it (concurrent); the next change merges both */
  concurrency: number
  /** chance an issue gets a label by the delegate (writer 0), and is closed (by its author or the delegate) */
  labelled: number
  closed: number
}

export interface Written {
  /** per writer: issue id -> its latest change there */
  tips: Array<Map<string, string>>
  changes: number
  comments: number
  /** changes with two parents */
  merges: number
  /** actions' and commits' bytes, uncompressed */
  bytes: number
  /** the pack's */
  packBytes: number
}

/** A small seeded PRNG, so every run writes the same shape. */
export const seeded = mulberry32

const WORDS = 'the build fails when a branch name holds a slash and the cache is cold so the page shows an empty list until reload after which every commit appears twice in the history view with the wrong author and date; it started after the last update of the relay and only on mobile where the sidebar also overlaps the diff'.split(' ')

function prose (rand: () => number, min: number, max: number): string {
  const target = min + Math.floor(rand() * (max - min))
  let s = ''
  while (s.length < target) s += (s === '' ? '' : rand() < 0.08 ? '. ' : ' ') + WORDS[Math.floor(rand() * WORDS.length)]
  return s.slice(0, max)
}

const TYPES = { commit: 1, tree: 2, blob: 3 } as const

/** An undeltified pack built in memory, as git hashes and stores objects. */
class PackBuilder {
  private readonly parts: Buffer[] = []
  private readonly ids = new Set<string>()

  add (type: keyof typeof TYPES, data: Uint8Array): string {
    const oid = createHash('sha1').update(`${type} ${data.length}\0`).update(data).digest('hex')
    if (this.ids.has(oid)) return oid
    this.ids.add(oid)
    // the entry header: type and size, 4 bits then 7 per byte, low bits first
    const head = []
    let size = data.length
    let byte = (TYPES[type] << 4) | (size & 15)
    size >>>= 4
    while (size > 0) { head.push(byte | 0x80); byte = size & 0x7f; size >>>= 7 }
    head.push(byte)
    this.parts.push(Buffer.from(head), deflateSync(data, { level: 1 }))
    return oid
  }

  tree (entries: Array<{ name: string, oid: string }>): string {
    // (every entry here is a blob, so git's order is plain byte order)
    const sorted = [...entries].sort((a, b) => a.name < b.name ? -1 : 1)
    return this.add('tree', Buffer.concat(sorted.flatMap(e => [Buffer.from(`100644 ${e.name}\0`), Buffer.from(e.oid, 'hex')])))
  }

  /** Stores the pack in `gitdir` with git index-pack (which checks every object and writes the .idx). */
  store (gitdir: string): number {
    const header = Buffer.alloc(12)
    header.write('PACK', 0)
    header.writeUInt32BE(2, 4)
    header.writeUInt32BE(this.ids.size, 8)
    const body = Buffer.concat([header, ...this.parts])
    const pack = Buffer.concat([body, createHash('sha1').update(body).digest()])
    execFileSync('git', ['--git-dir', gitdir, 'index-pack', '--stdin'], { input: pack, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 28 })
    return pack.length
  }
}

/** Writes `shape` as changes by `keys` (writer 0 the delegate) into `gitdir`, as one pack. */
export async function writeIssueHistory (gitdir: string, keys: PrivateKey[], shape: HistoryShape, rand: () => number, start: number): Promise<Written> {
  const pack = new PackBuilder()
  const manifest = pack.add('blob', manifestBytes({ type: ISSUE_TYPE, version: 1 }))
  const tips = keys.map(() => new Map<string, string>())
  const out: Written = { tips, changes: 0, comments: 0, merges: 0, bytes: 0, packBytes: 0 }
  let second = Math.floor(start / 1000)
  const pick = (): number => Math.floor(rand() * keys.length)

  const change = async (writer: number, parents: string[], clock: number, actions: IssueAction[]): Promise<string> => {
    const entries = [{ name: 'manifest', oid: manifest }]
    for (let i = 0; i < actions.length; i++) {
      const blob = actionBytes(actions[i])
      out.bytes += blob.length
      entries.push({ name: String(i), oid: pack.add('blob', blob) })
    }
    const tree = pack.tree(entries)
    const who = { name: `writer ${writer}`, email: `w${writer}@example.org`, timestamp: second++, timezoneOffset: 0 }
    const message = changeMessage(issueChangeSummary(actions), { clock, identity: 0, related: [] })
    const object = await signedCommit(keys[writer], { tree, parent: parents, author: who, committer: who, message })
    out.bytes += object.length
    out.changes++
    if (parents.length > 1) out.merges++
    return pack.add('commit', object)
  }

  for (let n = 0; n < shape.issues; n++) {
    const author = pick()
    const clocks = new Map<string, number>()
    const id = await change(author, [], 1, [{ type: 'edit', title: `Issue ${n}: ${prose(rand, 20, 70)}` }, { type: 'comment', body: prose(rand, 100, 600) }])
    clocks.set(id, 1)
    tips[author].set(id, id)
    let heads = [id]
    // the parents the last change was written on, so a concurrent one can take them too
    let lastParents: string[] = []
    const next = async (writer: number, actions: IssueAction[], concurrent: boolean): Promise<void> => {
      const parents = concurrent ? lastParents : heads
      const clock = Math.max(...parents.map(p => clocks.get(p)!)) + 1
      const oid = await change(writer, parents, clock, actions)
      clocks.set(oid, clock)
      tips[writer].set(id, oid)
      heads = [...heads.filter(h => !parents.includes(h)), oid].sort()
      lastParents = parents
    }
    const closing = rand() < shape.closed
    const labelling = rand() < shape.labelled
    for (let k = 0; k < shape.commentsPerIssue; k++) {
      // never two concurrent in a row, and never at the end: the last change reaches them all
      const concurrent = k > 0 && heads.length === 1 && lastParents.length > 0 && rand() < shape.concurrency && (k < shape.commentsPerIssue - 1 || closing || labelling)
      await next(pick(), [{ type: 'comment', body: prose(rand, 100, 600) }], concurrent)
      out.comments++
    }
    if (labelling) await next(0, [{ type: 'label', add: [['bug', 'ui', 'relay', 'docs', 'perf'][Math.floor(rand() * 5)]], remove: [] }], false)
    if (closing) await next(rand() < 0.5 ? 0 : author, [{ type: 'lifecycle', state: 'closed', reason: 'solved' }], false)
    if (heads.length !== 1) throw new Error('an issue was left with two heads')
  }
  out.packBytes = pack.store(gitdir)
  return out
}
