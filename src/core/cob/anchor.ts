// Where an inline review comment falls in a later revision of a patch.
// Pure: it works on the hunks diffText (core/diff.ts) makes, so the tab, a
// worker and Node tests agree.
//
// A comment is made on lines of one file in the diff base..head of one
// revision: a 1-based inclusive range on the new side (added or context
// lines) or the old side (deleted lines), plus a hash of the hunk holding
// them (hunkHash: the lines' kinds and texts, not their numbers, so a hunk
// that unrelated edits above it shift keeps its hash). Shown on another
// revision, the comment is placed by this rule (carry, given the file's
// hunks in both revisions' diffs):
//  1. the file is looked up under its path in that revision (a rename
//     between the revisions is followed through the path map given);
//  2. a hunk there with the same hash as the comment's: the comment moves
//     with it (by the hunk's offset on each side); if several, the nearest;
//  3. otherwise (the hunk changed), the commented lines' text, line by line
//     (the new side's lines for a new-side comment, the old side's for an
//     old-side one), together with the line just before them in their hunk
//     (when there is one), must appear exactly once, consecutive on that
//     side of one hunk: the comment goes there;
//  4. otherwise it is outdated, and keeps the place it was made on.
// A carried comment is 'kept' when it lands on the same line numbers, and
// 'moved' when they differ. A location with both sides follows the hunk
// on both; found by its text it keeps its new side only (its old one when
// it has no new side). Lines outside the diff (unchanged code far from
// any change) cannot be commented on, so a revision that drops the change
// around a comment makes it outdated even when its text is still in the file.
import type { DiffLine, Hunk } from '../diff.js'
import type { CodeLocation } from './patch-types.js'

export type Side = 'old' | 'new'
export interface LineRange { side: Side, from: number, to: number }

export interface Located {
  /** the hunk holding the lines, and its index among the file's hunks */
  hunk: Hunk
  index: number
  /** the CodeLocation fields for the lines */
  location: Pick<CodeLocation, 'old' | 'new' | 'hunk'>
}

export type CarriedStatus = 'kept' | 'moved' | 'outdated'
export interface Carried { status: CarriedStatus, location: CodeLocation }

export interface CarryOptions {
  /** the head of the revision shown: the carried location's commit (unchanged when absent) */
  commit?: string
  /** paths renamed between the two revisions: the path where made → its path in the revision shown */
  renames?: ReadonlyMap<string, string> | Record<string, string>
}

/** 64-bit FNV-1a over each line's kind and text, as 16 hex digits. */
export function hunkHash (hunk: Pick<Hunk, 'lines'>): string {
  // two 32-bit halves of the 64-bit state: BigInt per byte would be slow on a 300-file page
  let hi = 0xcbf29ce4
  let lo = 0x84222325
  const enc = new TextEncoder()
  const mix = (byte: number): void => {
    lo = (lo ^ byte) >>> 0
    // multiply by the 64-bit prime 0x100000001b3: lo * 0x1b3, plus hi * 0x1b3 and lo << 40 in the high half
    const l = lo * 0x1b3
    const carry = Math.floor(l / 0x100000000)
    hi = (Math.imul(hi, 0x1b3) + Math.imul(lo, 0x100) + carry) >>> 0
    lo = l >>> 0
  }
  for (const line of hunk.lines) {
    mix(line.kind === 'add' ? 0x2b : line.kind === 'del' ? 0x2d : 0x20)
    for (const b of enc.encode(line.text)) mix(b)
    mix(0x0a)
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
}

/** the line's number on `side`, if it has one there (added lines have no old one, deleted no new one) */
function numberOn (line: DiffLine, side: Side): number | undefined {
  return side === 'new' ? line.newNo : line.oldNo
}

/** The hunk holding lines from..to of one side, and the location fields for them; undefined when some of them are not in the diff. */
export function locate (hunks: readonly Hunk[], range: LineRange): Located | undefined {
  const found = findHunk(hunks, range)
  return found == null ? undefined : { ...found, location: { [range.side]: [range.from, range.to], hunk: hunkHash(found.hunk) } }
}

function findHunk (hunks: readonly Hunk[], { side, from, to }: LineRange): { hunk: Hunk, index: number } | undefined {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < from) return undefined
  for (let index = 0; index < hunks.length; index++) {
    const hunk = hunks[index]
    const start = startOn(hunk, side)
    const count = side === 'new' ? hunk.newCount : hunk.oldCount
    if (count > 0 && from >= start && to <= start + count - 1) return { hunk, index }
  }
  return undefined
}

const startOn = (h: Hunk, s: Side): number => s === 'new' ? h.newStart : h.oldStart

// A page places every comment of a patch against the same few hunk lists:
// their hashes and per-side texts are worked out once per list (bench
// patches.ts, a comment on every line of 300 of preact's commits: over 15
// minutes without, 21 µs a comment with).
const hashes = new WeakMap<Hunk, string>()
function hashOf (h: Hunk): string {
  let x = hashes.get(h)
  if (x == null) hashes.set(h, x = hunkHash(h))
  return x
}

interface SideIndex {
  /** per hunk, the texts of its lines on the side, in order (they are numbered from the hunk's start on it) */
  texts: string[][]
  /** a text → where it is: [hunk, position] */
  at: Map<string, Array<[number, number]>>
}
const indexes = new WeakMap<readonly Hunk[], Partial<Record<Side, SideIndex>>>()
function sideIndex (hunks: readonly Hunk[], side: Side): SideIndex {
  let both = indexes.get(hunks)
  if (both == null) indexes.set(hunks, both = {})
  let ix = both[side]
  if (ix == null) {
    ix = { texts: [], at: new Map() }
    for (let k = 0; k < hunks.length; k++) {
      const texts: string[] = []
      for (const l of hunks[k].lines) {
        if (numberOn(l, side) == null) continue
        const list = ix.at.get(l.text)
        if (list == null) ix.at.set(l.text, [[k, texts.length]])
        else list.push([k, texts.length])
        texts.push(l.text)
      }
      ix.texts.push(texts)
    }
    both[side] = ix
  }
  return ix
}

function pathIn (renames: CarryOptions['renames'], path: string): string {
  if (renames == null) return path
  const to = renames instanceof Map ? renames.get(path) : (renames as Record<string, string>)[path]
  return to ?? path
}

/**
 * Where `location` falls among `shown`, the hunks of its file in the diff
 * of the revision shown (undefined or empty: the file is not in that diff),
 * given `made`, the file's hunks in the diff of the revision the comment was
 * made on (the location says which lines, not where its hunk started, so a
 * moved hunk's offset needs them). See the rule at the top of this file.
 */
export function carry (location: CodeLocation, made: readonly Hunk[] | undefined, shown: readonly Hunk[] | undefined, opts: CarryOptions = {}): Carried {
  const outdated: Carried = { status: 'outdated', location }
  if (made == null || shown == null || shown.length === 0) return outdated
  const side: Side | undefined = location.new != null ? 'new' : location.old != null ? 'old' : undefined
  if (side == null) return outdated
  const [from, to] = location[side]!
  const found = findHunk(made, { side, from, to })
  if (found == null) return outdated
  const fields = carryByHash(location, side, found.hunk, shown) ?? carryByText(location, side, made, found, shown)
  if (fields == null) return outdated
  const { old: _old, new: _new, hunk: _hunk, ...rest } = location
  const carried: CodeLocation = { ...rest, path: pathIn(opts.renames, location.path), commit: opts.commit ?? location.commit, ...fields }
  const same = (['old', 'new'] as const).every(s => location[s]?.[0] === carried[s]?.[0] && location[s]?.[1] === carried[s]?.[1])
  return { status: same ? 'kept' : 'moved', location: carried }
}

/** step 2: a hunk with the same hash (the nearest to where the comment's was), the ranges shifted by its offsets */
function carryByHash (location: CodeLocation, side: Side, madeHunk: Hunk, shown: readonly Hunk[]): Pick<CodeLocation, 'old' | 'new' | 'hunk'> | undefined {
  const hash = hashOf(madeHunk)
  let best: Hunk | undefined
  const away = (h: Hunk): number => Math.abs(startOn(h, side) - startOn(madeHunk, side))
  for (const hunk of shown) {
    if (hashOf(hunk) === hash && (best == null || away(hunk) < away(best))) best = hunk
  }
  if (best == null) return undefined
  const out: Pick<CodeLocation, 'old' | 'new' | 'hunk'> = { hunk: hash }
  for (const s of ['old', 'new'] as const) {
    const r = location[s]
    if (r == null) continue
    const d = startOn(best, s) - startOn(madeHunk, s)
    out[s] = [r[0] + d, r[1] + d]
  }
  return out
}

/** step 3: the commented lines' text (and the line before them) found exactly once on the same side of the shown hunks */
function carryByText (location: CodeLocation, side: Side, made: readonly Hunk[], found: { hunk: Hunk, index: number }, shown: readonly Hunk[]): Pick<CodeLocation, 'old' | 'new' | 'hunk'> | undefined {
  const [from, to] = location[side]!
  const first = from - startOn(found.hunk, side)
  const lead = first > 0 ? 1 : 0
  const needle = sideIndex(made, side).texts[found.index].slice(first - lead, to - startOn(found.hunk, side) + 1)
  const { texts, at } = sideIndex(shown, side)
  // the needle's rarest line says where to look
  let rarest = 0
  for (let k = 0; k < needle.length; k++) {
    const n = at.get(needle[k])?.length ?? 0
    if (n === 0) return undefined
    if (n < (at.get(needle[rarest])?.length ?? 0)) rarest = k
  }
  let match: { hunk: number, at: number } | undefined
  for (const [h, pos] of at.get(needle[rarest])!) {
    const start = pos - rarest
    const hay = texts[h]
    if (start < 0 || start + needle.length > hay.length) continue
    let ok = true
    for (let k = 0; k < needle.length && ok; k++) ok = hay[start + k] === needle[k]
    if (!ok) continue
    if (match != null) return undefined // more than once: no telling which
    match = { hunk: h, at: start + lead }
  }
  if (match == null) return undefined
  const line = startOn(shown[match.hunk], side) + match.at
  return { [side]: [line, line + (to - from)], hunk: hashOf(shown[match.hunk]) }
}
