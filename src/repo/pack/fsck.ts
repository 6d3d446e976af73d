// The checks `git fsck` makes on a commit, tag or tree before trusting it
// (git's fsck.c: fsck_commit, fsck_ident, fsck_tag_standalone, fsck_tree),
// run on every object a pack or an import brings, while it is indexed.
//
// What is enforced. git has two bars: `git fsck` fails on its "error"
// classes only; receive/fetch/transfer.fsckObjects run `index-pack --strict`,
// which fails on its "warning" classes too. Guts takes the first bar, and
// adds the warnings that make a tree unsafe to check out:
//  - git's errors: badName, badEmail, badDate, badDateOverflow,
//    zeroPaddedDate, badTimezone, missingAuthor/Committer/Email/
//    NameBeforeEmail/SpaceBeforeEmail/SpaceBeforeDate, multipleAuthors,
//    missingTree, badTreeSha1, badParentSha1, a tag's missing or bad
//    object/type/tag lines, nulInHeader, unterminatedHeader, badTree (an
//    empty name, a bad mode, a cut entry), duplicateEntries, treeNotSorted;
//  - warnings refused as errors: names that are `.`, `..`, hold a `/`, or
//    mean `.git` on some file system (hasDotgit: any case, HFS+'s ignored
//    code points, NTFS's trailing dots and spaces, `git~1`, `:stream`, and
//    after any backslash). No git checks them out; isomorphic-git will not
//    read such a tree; they are how CVE-2014-9390 and its kin attack;
//  - a file mode outside git's: 100644, 100755, 120000, 40000, 160000, and
//    early git's 100664 (git only notes others, as badFilemode): no reader
//    can tell what another mode is.
// Taken, as `git fsck` takes them (only --strict refuses them): zero-padded
// modes (040000; old tools wrote them, and real histories hold them), null
// ids, a NUL in a commit message, names over 4096 bytes; nor are odd tag
// names, tags without a tagger, or extra headers refused (git notes them).
// Not checked: .gitmodules and .gitattributes contents (git reads those
// blobs once the whole pack is in), and whether a tag's type is its
// object's. Stricter than git in one place: object ids in commit and tag
// headers must be lower-case hex (git writes nothing else).
import { PackError } from './pack-error.js'

/**
 * An object git would refuse. Its name stays PackError: whatever treats a
 * bad pack as the sender's offence (the sync layer, the worker boundary,
 * which passes errors on by name) treats it alike; an import says which
 * object of which file it was.
 */
export class MalformedObjectError extends PackError {}

const NL = 0x0a
const SPACE = 0x20
const LT = 0x3c
const GT = 0x3e
const SLASH = 0x2f
const DOT = 0x2e

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39

function startsWith (data: Uint8Array, at: number, prefix: string): boolean {
  if (at + prefix.length > data.length) return false
  for (let i = 0; i < prefix.length; i++) if (data[at + i] !== prefix.charCodeAt(i)) return false
  return true
}

function isHexOid (data: Uint8Array, at: number): boolean {
  if (at + 40 > data.length) return false
  for (let i = at; i < at + 40; i++) {
    const c = data[i]
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false
  }
  return true
}

function indexOf (data: Uint8Array, byte: number, from: number): number {
  for (let i = from; i < data.length; i++) if (data[i] === byte) return i
  return -1
}

/**
 * The headers end at an empty line, or at the object's end after a newline
 * (git's verify_headers); no NUL before that. After this, every header line
 * has its newline, so the parsers below never read past the end.
 */
function verifyHeaders (data: Uint8Array, what: string): void {
  for (let i = 0; i < data.length; i++) {
    const c = data[i]
    if (c === 0) throw new MalformedObjectError(`${what} is malformed: a NUL byte in its headers, at byte ${i}`)
    if (c === NL && data[i + 1] === NL) return
  }
  if (data.length === 0 || data[data.length - 1] !== NL) throw new MalformedObjectError(`${what} is malformed: its headers do not end`)
}

/** 2^63 - 1: the largest time git's time_t takes (date_overflows) */
const MAX_TIME = '9223372036854775807'

/**
 * `Name <email> <seconds> <+hhmm>\n` at `p` (after `author ` and the like),
 * as git's fsck_ident reads it; returns where the next line starts.
 */
function checkIdent (data: Uint8Array, p: number, what: string, field: string): number {
  const problem = identProblem(data, p)
  if (problem !== undefined) throw new MalformedObjectError(`${what} is malformed: its ${field} line ${problem}`)
  return indexOf(data, NL, p) + 1 // there is one: verifyHeaders
}

function identProblem (data: Uint8Array, p: number): string | undefined {
  if (data[p] === LT) return 'has no name before the email'
  for (;;) {
    const c = data[p]
    if (c === undefined || c === NL) return 'has no email'
    if (c === GT) return "has a '>' in the name"
    if (c === LT) break
    p++
  }
  if (data[p - 1] !== SPACE) return 'has no space before the email'
  p++
  for (;;) {
    const c = data[p]
    if (c === undefined || c === LT || c === NL) return "has a bad email (a '<' or no closing '>')"
    if (c === GT) break
    p++
  }
  p++
  if (data[p] !== SPACE) return 'has no space before the date'
  p++
  while (data[p] === SPACE || data[p] === 0x09) p++
  if (!isDigit(data[p])) return 'has a bad date'
  if (data[p] === 0x30 && data[p + 1] !== SPACE) return 'has a zero-padded date'
  const digits = p
  while (isDigit(data[p])) p++
  const n = p - digits
  if (n > MAX_TIME.length) return 'has a date past what git can hold'
  if (n === MAX_TIME.length) {
    for (let i = 0; i < n; i++) {
      const d = data[digits + i] - MAX_TIME.charCodeAt(i)
      if (d < 0) break
      if (d > 0) return 'has a date past what git can hold'
    }
  }
  if (data[p] !== SPACE) return 'has a bad date'
  p++
  if ((data[p] !== 0x2b && data[p] !== 0x2d) || !isDigit(data[p + 1]) || !isDigit(data[p + 2]) ||
    !isDigit(data[p + 3]) || !isDigit(data[p + 4]) || data[p + 5] !== NL) return 'has a bad time zone'
  return undefined
}

/**
 * A commit: `tree`, then `parent`s, then one `author` and a `committer`, in
 * that order; whatever follows (encoding, gpgsig, mergetag, others) is free.
 */
export function checkCommit (data: Uint8Array, id: string): void {
  const what = `commit ${id}`
  verifyHeaders(data, what)
  if (!startsWith(data, 0, 'tree ')) throw new MalformedObjectError(`${what} is malformed: it does not start with a tree line`)
  if (!isHexOid(data, 5) || data[45] !== NL) throw new MalformedObjectError(`${what} is malformed: its tree line holds no object id`)
  let p = 46
  while (startsWith(data, p, 'parent ')) {
    if (!isHexOid(data, p + 7) || data[p + 47] !== NL) throw new MalformedObjectError(`${what} is malformed: a parent line holds no object id`)
    p += 48
  }
  let authors = 0
  while (startsWith(data, p, 'author ')) {
    authors++
    p = checkIdent(data, p + 7, what, 'author')
  }
  if (authors === 0) throw new MalformedObjectError(`${what} is malformed: it has no author line after its tree and parents`)
  if (authors > 1) throw new MalformedObjectError(`${what} is malformed: it has ${authors} author lines`)
  if (!startsWith(data, p, 'committer ')) throw new MalformedObjectError(`${what} is malformed: it has no committer line after its author`)
  checkIdent(data, p + 10, what, 'committer')
}

const TAG_TYPES = new Set(['commit', 'tree', 'blob', 'tag'])

/** A tag: `object`, `type`, `tag`, then optionally `tagger` (early tags have none). */
export function checkTag (data: Uint8Array, id: string): void {
  const what = `tag ${id}`
  verifyHeaders(data, what)
  if (!startsWith(data, 0, 'object ')) throw new MalformedObjectError(`${what} is malformed: it does not start with an object line`)
  if (!isHexOid(data, 7) || data[47] !== NL) throw new MalformedObjectError(`${what} is malformed: its object line holds no object id`)
  let p = 48
  if (!startsWith(data, p, 'type ')) throw new MalformedObjectError(`${what} is malformed: it has no type line after its object line`)
  let eol = indexOf(data, NL, p)
  let type = ''
  for (let i = p + 5; i < eol && i < p + 12; i++) type += String.fromCharCode(data[i])
  if (eol - p - 5 > 6 || !TAG_TYPES.has(type)) throw new MalformedObjectError(`${what} is malformed: its type line names no object type`)
  p = eol + 1
  if (!startsWith(data, p, 'tag ')) throw new MalformedObjectError(`${what} is malformed: it has no tag line after its type line`)
  eol = indexOf(data, NL, p)
  p = eol + 1
  if (startsWith(data, p, 'tagger ')) checkIdent(data, p + 7, what, 'tagger')
}

// ---- trees

const MODE_TREE = 0o40000
const MODE_GITLINK = 0o160000

const isCont = (data: Uint8Array, i: number, end: number): boolean => i < end && (data[i] & 0xc0) === 0x80

/**
 * The code point of the UTF-8 sequence at `p` and its length; -1 when it is
 * malformed as git's pick_one_utf8_char sees it (overlong, a surrogate,
 * U+FFFE/U+FFFF, past U+10FFFF, cut short by `end`).
 */
function utf8At (data: Uint8Array, p: number, end: number): [number, number] {
  const s0 = data[p]
  if (s0 < 0x80) return [s0, 1]
  if ((s0 & 0xe0) === 0xc0) {
    if (!isCont(data, p + 1, end) || (s0 & 0xfe) === 0xc0) return [-1, 1]
    return [((s0 & 0x1f) << 6) | (data[p + 1] & 0x3f), 2]
  }
  if ((s0 & 0xf0) === 0xe0) {
    const s1 = data[p + 1]
    if (!isCont(data, p + 1, end) || !isCont(data, p + 2, end) || (s0 === 0xe0 && (s1 & 0xe0) === 0x80) ||
      (s0 === 0xed && (s1 & 0xe0) === 0xa0) || (s0 === 0xef && s1 === 0xbf && (data[p + 2] & 0xfe) === 0xbe)) return [-1, 1]
    return [((s0 & 0x0f) << 12) | ((s1 & 0x3f) << 6) | (data[p + 2] & 0x3f), 3]
  }
  if ((s0 & 0xf8) === 0xf0) {
    const s1 = data[p + 1]
    if (!isCont(data, p + 1, end) || !isCont(data, p + 2, end) || !isCont(data, p + 3, end) ||
      (s0 === 0xf0 && (s1 & 0xf0) === 0x80) || (s0 === 0xf4 && s1 > 0x8f) || s0 > 0xf4) return [-1, 1]
    return [((s0 & 0x07) << 18) | ((s1 & 0x3f) << 12) | ((data[p + 2] & 0x3f) << 6) | (data[p + 3] & 0x3f), 4]
  }
  return [-1, 1]
}

/** Code points HFS+ ignores in names (git's next_hfs_char). */
const isHfsIgnored = (cp: number): boolean =>
  (cp >= 0x200c && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x206a && cp <= 0x206f) || cp === 0xfeff

/**
 * git's is_hfs_dotgit: `.git` in any case, with code points HFS+ ignores
 * anywhere, then the end or a '/'. As in git, a malformed sequence ends the
 * name: right after `.git` it counts as the end.
 */
function isHfsDotgit (data: Uint8Array, p: number, end: number): boolean {
  const needle = '.git'
  let k = 0
  while (p < end) {
    const [cp, n] = utf8At(data, p, end)
    if (cp < 0) return k === needle.length
    p += n
    if (isHfsIgnored(cp)) continue
    if (k === needle.length) return cp === SLASH
    if (cp > 127 || (k === 0 ? cp : cp | 0x20) !== needle.charCodeAt(k)) return false
    k++
  }
  return k === needle.length
}

/** git's is_ntfs_dotgit on `data[p..end)`: `.git` or `git~1` (any case), then only dots and spaces up to the end, a separator or a `:`. */
function isNtfsDotgit (data: Uint8Array, p: number, end: number): boolean {
  if (p >= end) return false
  if (data[p] === DOT) {
    if (p + 3 >= end || (data[p + 1] | 0x20) !== 0x67 || (data[p + 2] | 0x20) !== 0x69 || (data[p + 3] | 0x20) !== 0x74) return false
    p += 4
  } else if ((data[p] | 0x20) === 0x67) {
    if (p + 4 >= end || (data[p + 1] | 0x20) !== 0x69 || (data[p + 2] | 0x20) !== 0x74 || data[p + 3] !== 0x7e || data[p + 4] !== 0x31) return false
    p += 5
  } else return false
  for (; p < end; p++) {
    const c = data[p]
    if (c === SLASH || c === 0x5c || c === 0x3a) return true
    if (c !== DOT && c !== SPACE) return false
  }
  return true
}

/**
 * Why the tree entry name `data[start..end)` cannot be checked out, if it
 * cannot; `slash`, `backslash`: it holds one. checkTree asks only about
 * the names `suspect` picks.
 */
function nameProblem (data: Uint8Array, start: number, end: number, slash: boolean, backslash: boolean): string | undefined {
  if (end === start) return 'an entry with an empty name'
  if (slash) return "an entry name with a '/' in it"
  const c = data[start]
  if (c === DOT && (end - start === 1 || (end - start === 2 && data[start + 1] === DOT))) return `an entry named '${end - start === 1 ? '.' : '..'}'`
  if (isHfsDotgit(data, start, end) || isNtfsDotgit(data, start, end)) return "an entry that means '.git'"
  if (backslash) {
    for (let i = start; i < end; i++) if (data[i] === 0x5c && isNtfsDotgit(data, i + 1, end)) return "an entry that means '.git' on Windows"
  }
  return undefined
}

/**
 * What is wrong with `name` as one tree entry's name, as the checks above
 * would say it ("an entry that means '.git'"); undefined if nothing. For
 * code that writes trees, so a commit made here is one peers take.
 */
export function entryNameProblem (name: string): string | undefined {
  const bytes = new TextEncoder().encode(name)
  if (bytes.includes(0)) return 'an entry name with a NUL in it'
  return nameProblem(bytes, 0, bytes.length, bytes.includes(SLASH), bytes.includes(0x5c))
}

const lessThanSlash = (c: number): boolean => c > 0 && c < SLASH

/**
 * git's tree order (verify_ordered) for two entries whose names agree on
 * the first `len` bytes, `len` being the shorter name's length: the common
 * case (they differ before) is decided by the caller. A tree's name sorts as
 * if it ended in '/'; `candidates` is the stack of earlier file names a later
 * tree could repeat ("a", "a.b", "a/" holds "a" twice), as (start, length)
 * pairs, kept by the caller for one tree.
 */
function orderOfPrefixed (data: Uint8Array, s1: number, len1: number, tree1: boolean, s2: number, len2: number, tree2: boolean,
  candidates: number[], id: string): boolean {
  const len = Math.min(len1, len2)
  let c1 = len < len1 ? data[s1 + len] : 0
  let c2 = len < len2 ? data[s2 + len] : 0
  if (c1 === 0 && c2 === 0) throw malformedTree(id, 'it holds two entries of the same name')
  if (c1 === 0 && tree1) c1 = SLASH
  if (c2 === 0 && tree2) c2 = SLASH
  if (c1 === 0 && lessThanSlash(c2)) {
    candidates.push(s1, len1)
  } else if (c2 === SLASH && lessThanSlash(c1)) {
    while (candidates.length > 0) {
      const fl = candidates.pop()!
      const fs = candidates.pop()!
      if (fl > len2 || !sameBytes(data, fs, s2, fl)) continue
      if (fl === len2) throw malformedTree(id, 'it holds two entries of the same name')
      if (lessThanSlash(data[s2 + fl])) {
        candidates.push(fs, fl)
        break
      }
    }
  }
  return c1 >= c2
}

function sameBytes (data: Uint8Array, a: number, b: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (data[a + i] !== data[b + i]) return false
  return true
}

/** checkTree's stack of file names a later entry might repeat (see orderOfPrefixed), and the names to look at closer */
const candidates: number[] = []
const suspects: number[] = []
/**
 * per byte of a name: 2 for the NUL that ends it, 1 for those that make it
 * worth a closer look ('/', '\\', and 0xe2 and 0xef, which start the
 * code points HFS+ ignores), 0 for the rest
 */
const NAME_BYTE = new Uint8Array(256)
NAME_BYTE[0] = 2
NAME_BYTE[SLASH] = NAME_BYTE[0x5c] = NAME_BYTE[0xe2] = NAME_BYTE[0xef] = 1

/** the four bytes at `p` as one number, big-endian */
const word = (data: Uint8Array, p: number): number => ((data[p] << 24) | (data[p + 1] << 16) | (data[p + 2] << 8) | data[p + 3]) >>> 0

/** git's modes: fsck_tree's standard ones, and 100664, which early git wrote */
const MODE_OK = new Uint8Array(0o200000)
for (const m of [0o100644, MODE_TREE, 0o100755, 0o120000, MODE_GITLINK, 0o100664]) MODE_OK[m] = 1

/**
 * A tree: entries of `<octal mode> <name>\0<20-byte id>`, each with a mode
 * git uses and a name git checks out, each after the one before in git's
 * order. This runs on every entry of every tree a peer sends, so every
 * entry takes the same few steps, with tables and whole-word compares
 * instead of branches for the rare cases (V8 compiles from what it has seen
 * run: a branch first taken late costs a second compile), and the rare
 * cases have functions of their own: names that might mean `.git`, looked
 * at once the loop is done, and a name that is the one before's prefix.
 */
export function checkTree (data: Uint8Array, id: string): void {
  const end = data.length
  let p = 0
  let prevStart = -1
  let prevEnd = -1
  let prevTree = false
  candidates.length = 0
  suspects.length = 0
  while (p < end) {
    // octal digits, zero padding allowed as in git (data[end] is undefined, no digit)
    const modeStart = p
    let mode = 0
    for (let d = data[p] - 0x30; d >= 0 && d <= 7; d = data[++p] - 0x30) mode = mode * 8 + d
    if (data[p] !== SPACE || p === modeStart || p - modeStart > 7) throw malformedTree(id, `bad entry mode at byte ${modeStart}`)
    if (MODE_OK[mode] !== 1) throw malformedTree(id, `an entry with mode ${mode.toString(8)}, which git does not use`)
    // the name, up to its NUL (NAME_BYTE[undefined], past the end, is undefined)
    const nameStart = p + 1
    let nul = nameStart
    let odd = 0
    for (let kind = NAME_BYTE[data[nul]]; kind !== 2 && kind !== undefined; kind = NAME_BYTE[data[++nul]]) odd |= kind
    if (nul + 21 > end) throw malformedTree(id, `truncated entry at byte ${modeStart}`)
    // names nameProblem might refuse: with a byte NAME_BYTE marks, empty,
    // `.`, `..`, or starting `.git` or `git~` in any case (the word may reach
    // past a short name into the tree: at worst one more name is looked at)
    const w = word(data, nameStart)
    if (odd !== 0 || (nul - nameStart <= 2 && (w >>> 24 === DOT || w >>> 24 === 0)) || (w | 0x202020) === 0x2e676974 || (w | 0x20202000) === 0x6769747e) suspects.push(nameStart, nul)
    const tree = mode === MODE_TREE
    if (prevStart >= 0) {
      // the first byte that differs decides
      const len1 = prevEnd - prevStart
      const len = len1 < nul - nameStart ? len1 : nul - nameStart
      let i = 0
      while (i < len && data[prevStart + i] === data[nameStart + i]) i++
      if (i < len ? data[prevStart + i] > data[nameStart + i] : orderOfPrefixed(data, prevStart, len1, prevTree, nameStart, nul - nameStart, tree, candidates, id)) {
        throw malformedTree(id, "its entries are not sorted in git's order")
      }
    }
    prevStart = nameStart
    prevEnd = nul
    prevTree = tree
    p = nul + 21
  }
  if (suspects.length > 0) checkNames(data, suspects, id)
}

function checkNames (data: Uint8Array, names: number[], id: string): void {
  for (let k = 0; k < names.length; k += 2) {
    const start = names[k]
    const end = names[k + 1]
    let slash = false
    let backslash = false
    for (let i = start; i < end; i++) {
      if (data[i] === SLASH) slash = true
      else if (data[i] === 0x5c) backslash = true
    }
    const why = nameProblem(data, start, end, slash, backslash)
    if (why !== undefined) throw malformedTree(id, `it holds ${why}`)
  }
}

function malformedTree (id: string, why: string): MalformedObjectError {
  return new MalformedObjectError(`tree ${id} is malformed: ${why}`)
}

/**
 * Checks an object as the indexer checks each (a loose object of an
 * imported folder, say); throws a MalformedObjectError naming it.
 */
export function checkObject (type: string, data: Uint8Array, id: string): void {
  if (type === 'commit') checkCommit(data, id)
  else if (type === 'tree') checkTree(data, id)
  else if (type === 'tag') checkTag(data, id)
  else if (type !== 'blob') throw new MalformedObjectError(`object ${id} has an unknown type ${JSON.stringify(type)}`)
}
