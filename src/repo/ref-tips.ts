// What the branches and tags pages show of each ref: the commit it comes to
// (annotated tags peeled), that commit's subject and author, and the date it
// sorts by: git's `creatordate` (a tag's tagger date, else the commit's
// committer date). Read straight from the packs; kept per object id, which
// never changes meaning.
import { identityTime } from './merge-base-graph.js'
import type { ObjectStore } from './pack/object-store.js'

export interface Identity { name: string, email: string, timestamp: number }

export interface RefTip {
  /** the short name: `main`, `feature/x`, `v1.0` */
  name: string
  /** the commit it comes to */
  commit: string
  /** seconds: the tagger date of an annotated tag, else the commit's committer date */
  date: number
  /** an annotated tag's own message subject */
  tagSubject?: string
  subject: string
  author: Identity
  committed: number
}

/** what reading one object gives the page */
interface Facts { commit?: string, peel?: string, date: number, subject: string, author?: Identity }

/** how many tags may point at tags before it is a loop */
const MAX_PEEL = 10
/** object facts kept per repository store */
const MAX_KEPT = 50_000

const decoder = new TextDecoder()

/** An object's facts: a commit's own, or a tag's and what it points at; undefined for anything else or missing. */
function parseFacts (type: string, raw: Uint8Array, oid: string): Facts | undefined {
  if (type !== 'commit' && type !== 'tag') return undefined
  const text = decoder.decode(raw)
  const split = text.indexOf('\n\n')
  const header = split < 0 ? text : text.slice(0, split)
  const message = split < 0 ? '' : text.slice(split + 2)
  const f: Facts = { date: 0, subject: message.split('\n', 1)[0] }
  for (const line of header.split('\n')) {
    if (type === 'commit' && line.startsWith('author ')) f.author = identity(line.slice(7))
    else if (type === 'commit' && line.startsWith('committer ')) f.date = identityTime(line)
    else if (type === 'tag' && line.startsWith('object ')) f.peel = line.slice(7)
    else if (type === 'tag' && line.startsWith('tagger ')) f.date = identityTime(line)
  }
  if (type === 'commit') f.commit = oid
  return f
}

function identity (s: string): Identity {
  const m = /^(.*?) ?<([^>]*)> (-?\d+)/.exec(s)
  return m == null ? { name: s, email: '', timestamp: 0 } : { name: m[1], email: m[2], timestamp: Number(m[3]) }
}

const kept = new WeakMap<object, Map<string, Facts | null>>()

/**
 * Each ref's tip; refs whose object is not held or names no commit are left
 * out. `owner` keys what is kept (the repository store; ids are global).
 */
export async function readRefTips (owner: object, store: ObjectStore, refs: Array<{ name: string, oid: string }>, opts: { signal?: AbortSignal } = {}): Promise<RefTip[]> {
  let facts = kept.get(owner)
  if (facts == null) { facts = new Map(); kept.set(owner, facts) }
  const memo = facts
  const factsOf = async (oid: string): Promise<Facts | undefined> => {
    let f = memo.get(oid)
    if (f === undefined) {
      const obj = await store.read(oid)
      f = obj == null ? null : parseFacts(obj.type, obj.data, oid) ?? null
      memo.set(oid, f)
      if (memo.size > MAX_KEPT) memo.delete(memo.keys().next().value!)
    }
    return f ?? undefined
  }
  const out: RefTip[] = []
  for (const [n, ref] of refs.entries()) {
    if (n % 200 === 199) opts.signal?.throwIfAborted()
    let f = await factsOf(ref.oid)
    const tag = f?.commit == null ? f : undefined
    for (let i = 0; f != null && f.commit == null && f.peel != null && i < MAX_PEEL; i++) f = await factsOf(f.peel)
    if (f?.commit == null || f.author == null) continue
    out.push({
      name: ref.name,
      commit: f.commit,
      date: tag?.date ?? f.date,
      ...(tag != null ? { tagSubject: tag.subject } : {}),
      subject: f.subject,
      author: f.author,
      committed: f.date
    })
  }
  return out
}

/** Newest first, then by name: `git for-each-ref --sort=-creatordate` for tags, `-committerdate` for branches. */
export function byDateNewestFirst (a: RefTip, b: RefTip): number {
  return b.date - a.date || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
}
