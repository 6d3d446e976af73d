// Which commit last changed each line of a file: what `git blame <start> --
// <path>` says, line by line.
//
// git's rule (blame.c, pass_blame): each commit under suspicion holds some
// lines of the final file. Among its parents (all of them, in order; blame
// does no history simplification), the first whose file is the very same
// blob takes every line. Otherwise each parent in turn takes the lines its
// version has unchanged (blame-diff.ts: git's diff, as blame runs it); what
// no parent takes was written by this commit. Suspects are taken newest
// committer date first, as git takes them; the answer does not depend on
// that order, since each line follows its own way back.
//
// Renames: when the path is not in a parent, git blame looks for the file
// under another name there (a rename in that commit). Here that is done for
// exact renames (the same blob under a path the commit deleted); a rename
// with edits is not followed, so its lines are blamed on the renaming commit.
import { LineTokens, blameLineMap } from './blame-diff.js'
import { PathNotFoundError } from './errors.js'
import { PathReader } from './path-history-reader.js'
import { WorkSlices } from './work-slices.js'
import type { PreparedText } from './blame-diff.js'
import type { HistoryMemo } from './path-history-reader.js'
import type { ObjectStore } from './pack/object-store.js'

export interface BlameOptions {
  /** stops the walk (checked at every step) */
  signal?: AbortSignal
  memo?: HistoryMemo
  /** work between yields to the event loop (work-slices.ts) */
  sliceMs?: number
}

export interface BlameLine {
  /** the commit that last changed the line */
  commit: string
  /** the file's path in that commit (it differs after a rename) */
  path: string
  /** the line's number (1-based) in that commit's version of the file */
  line: number
}

export interface Blame {
  /** the file's blob at `start` */
  blob: string
  /** one entry per line of the file, in order */
  lines: BlameLine[]
}

/** caps: a file git would diff, and a walk that cannot run away */
export const MAX_BLAME_BYTES = 8 << 20
const MAX_SUSPECTS = 500_000

interface Suspect {
  commit: string
  path: string
  blob: string
  time: number
  /** final line numbers (0-based) held, and where each is in this suspect's file */
  finals: number[]
  srcs: number[]
  queued: boolean
}

export class BlameTooLargeError extends Error {
  static name = 'BlameTooLargeError'
  name = 'BlameTooLargeError'
}

export async function blameIn (store: ObjectStore, start: string, path: string, opts: BlameOptions = {}): Promise<Blame> {
  opts.signal?.throwIfAborted()
  const reader = new PathReader(store, opts.memo)
  const top = await reader.entryAt(start, path)
  if (top == null || !/^1[02]0/.test(top)) throw new PathNotFoundError(`there is no file ${path} at ${start.slice(0, 8)}`)
  const blob = top.slice(7)
  const tokens = new LineTokens()
  const texts = new Map<string, PreparedText>()
  const textOf = async (oid: string, like?: PreparedText): Promise<PreparedText> => {
    let t = texts.get(oid)
    if (t == null) {
      const bytes = await reader.blob(oid)
      if (bytes == null) throw new PathNotFoundError(`blob ${oid} is not held`)
      if (bytes.length > MAX_BLAME_BYTES) throw new BlameTooLargeError(`${path} is over ${MAX_BLAME_BYTES >> 20} MiB at ${oid.slice(0, 8)}`)
      t = tokens.prepare(bytes, like)
      // a suspect's text is needed again only by its own children: keep a few
      if (texts.size > 64) texts.delete(texts.keys().next().value!)
      texts.set(oid, t)
    }
    return t
  }

  const learnt = reader.memo.blame
  let count = learnt.lineCount(blob)
  if (count == null) { count = (await textOf(blob)).ids.length; learnt.keepLineCount(blob, count) }
  /** which line of version `parent` each line of version `child` is: diffed once per repository */
  const lineMap = async (parent: string, child: string): Promise<Int32Array> => {
    let map = learnt.lineMap(parent, child)
    if (map == null) {
      const mine = await textOf(child)
      map = blameLineMap(await textOf(parent, mine), mine, tokens)
      learnt.keepLineMap(parent, child, map)
    }
    return map
  }
  const result: BlameLine[] = new Array(count)
  const suspects = new Map<string, Suspect>()
  const queue = new SuspectQueue()
  let made = 0

  const suspect = async (commit: string, p: string, b: string): Promise<Suspect> => {
    const key = `${commit} ${p}`
    let s = suspects.get(key)
    if (s == null) {
      if (++made > MAX_SUSPECTS) throw new BlameTooLargeError(`blaming ${path} took over ${MAX_SUSPECTS} steps`)
      s = { commit, path: p, blob: b, time: (await reader.commit(commit))?.time ?? 0, finals: [], srcs: [], queued: false }
      suspects.set(key, s)
    }
    return s
  }
  // (lines handed whole to a parent that holds none yet are handed without a copy: most steps of a walk are that)
  const give = (to: Suspect, finals: number[], srcs: number[]): void => {
    if (to.finals.length === 0) { to.finals = finals; to.srcs = srcs } else { for (let k = 0; k < finals.length; k++) { to.finals.push(finals[k]); to.srcs.push(srcs[k]) } }
    if (!to.queued && to.finals.length > 0) { to.queued = true; queue.push(to) }
  }

  const first = await suspect(start, path, blob)
  give(first, Array.from({ length: count }, (_, i) => i), Array.from({ length: count }, (_, i) => i))

  const slices = new WorkSlices(opts.signal, opts.sliceMs)
  for (let s = queue.pop(); s != null; s = queue.pop()) {
    await slices.step()
    s.queued = false
    let finals = s.finals
    let srcs = s.srcs
    s.finals = []
    s.srcs = []
    const c = await reader.commit(s.commit)
    // parents not held (a shallow edge) count as none: the lines stay here
    const parents: string[] = []
    for (const p of c?.parents ?? []) if ((await reader.commit(p)) != null) parents.push(p)

    // each parent's version of the file: the same path, or an exact rename
    const origins: Array<{ commit: string, path: string, blob: string } | undefined> = []
    let whole: { commit: string, path: string, blob: string } | undefined
    for (const p of parents) {
      const e = await reader.entryAt(p, s.path)
      const o = e != null && /^1[02]0/.test(e) ? { commit: p, path: s.path, blob: e.slice(7) } : undefined
      if (o?.blob === s.blob) { whole = o; break }
      origins.push(o != null && !origins.some(x => x?.blob === o.blob) ? o : undefined)
    }
    if (whole == null) {
      for (let i = 0; i < origins.length; i++) {
        if (origins[i] != null || (await reader.entryAt(parents[i], s.path)) != null) continue
        const from = await renamedFrom(reader, parents[i], s.commit, s.blob)
        if (from != null) { whole = { commit: parents[i], path: from, blob: s.blob }; break }
      }
    }
    if (whole != null) {
      give(await suspect(whole.commit, whole.path, whole.blob), finals, srcs)
      continue
    }

    for (const o of origins) {
      if (o == null || finals.length === 0) continue
      const map = await lineMap(o.blob, s.blob)
      const keptF: number[] = []
      const keptS: number[] = []
      const passF: number[] = []
      const passS: number[] = []
      for (let k = 0; k < finals.length; k++) {
        const to = map[srcs[k]]
        if (to >= 0) { passF.push(finals[k]); passS.push(to) } else { keptF.push(finals[k]); keptS.push(srcs[k]) }
      }
      if (passF.length > 0) give(await suspect(o.commit, o.path, o.blob), passF, passS)
      finals = keptF
      srcs = keptS
    }
    for (let k = 0; k < finals.length; k++) result[finals[k]] = { commit: s.commit, path: s.path, line: srcs[k] + 1 }
  }
  return { blob, lines: result }
}

/**
 * The path the file `blob` had in `parent` when `commit` renamed it without
 * changing it: a path holding that blob in the parent and gone in the commit.
 */
async function renamedFrom (reader: PathReader, parent: string, commit: string, blob: string): Promise<string | undefined> {
  const pc = await reader.commit(parent)
  const cc = await reader.commit(commit)
  if (pc == null || cc == null) return undefined
  const found: string[] = []
  await reader.walkChanged(pc.tree, cc.tree, '', (path, before, after) => {
    if (before?.endsWith(` ${blob}`) === true && /^1[02]0/.test(before) && after == null) found.push(path)
  })
  // git pairs exact renames by path order among equal candidates
  return found.sort()[0]
}

/** newest committer date first; among equals, first come first */
class SuspectQueue {
  private readonly heap: Array<{ s: Suspect, n: number }> = []
  private n = 0

  push (s: Suspect): void {
    const h = this.heap
    h.push({ s, n: this.n++ })
    for (let i = h.length - 1; i > 0;) {
      const up = (i - 1) >> 1
      if (!this.before(h[i], h[up])) break;
      [h[i], h[up]] = [h[up], h[i]]
      i = up
    }
  }

  pop (): Suspect | undefined {
    const h = this.heap
    if (h.length === 0) return undefined
    const top = h[0]
    const last = h.pop()!
    if (h.length > 0) {
      h[0] = last
      for (let i = 0; ;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && this.before(h[l], h[m])) m = l
        if (r < h.length && this.before(h[r], h[m])) m = r
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]]
        i = m
      }
    }
    return top.s
  }

  private before (a: { s: Suspect, n: number }, b: { s: Suspect, n: number }): boolean {
    return a.s.time !== b.s.time ? a.s.time > b.s.time : a.n < b.n
  }
}
