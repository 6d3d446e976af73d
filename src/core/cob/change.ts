// A collaborative object's change (COLLABORATION.md "Collaborative
// objects"): one signed git commit whose tree holds `manifest` (the object's
// type and format version) and blobs `0`..`n`, one canonical-JSON action
// each, plus an optional `embeds/` tree. Its message's trailers carry the
// Lamport clock, the identity version the change relies on, and which of its
// parents are not changes but commits it refers to (a patch's revision), so
// the code travels with the object. Pure: bytes and parsed fields in, a
// checked change or the reason it is refused out.
import { canonicalBytes } from '../canonical-json.js'

/** what a change may be before anything in it is decoded */
export const CHANGE_CAPS = {
  /** actions in one change */
  maxActions: 32,
  /** one action's encoded JSON */
  maxActionBytes: 96 * 1024,
  /** the commit object */
  maxCommitBytes: 32 * 1024,
  /** entries of `embeds/` (attachments; kept in git, not read by the views yet) */
  maxEmbeds: 16,
  /** parents (other writers' tips and referred-to commits) */
  maxParents: 64
} as const

/** How far a change's clock may run ahead of its parents': writers take the highest parent's plus one. */
export const MAX_CLOCK_STEP = 1024

export const MANIFEST = 'manifest'
export const EMBEDS = 'embeds'
const TRAILER_CLOCK = 'Guts-Clock'
const TRAILER_IDENTITY = 'Guts-Identity'
const TRAILER_RELATED = 'Guts-Related'
const OID = /^[0-9a-f]{40}$/
const TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/

export interface Manifest { type: string, version: number }

/** A change as evaluation sees it: signature checked, trailers read, actions parsed (not yet judged). */
export interface Change {
  id: string
  /** parents that are changes of this object */
  parents: string[]
  /** parents that are commits the change refers to */
  related: string[]
  /** who signed it (a PeerId) */
  author: string
  clock: number
  /** the identity version the change relies on (0: the genesis) */
  identity: number
  /** ms, the commit's author time */
  at: number
  type: string
  actions: unknown[]
}

/** A change that could not be read as one: kept so its descendants are dropped too; `parents` are those known to be changes (walked further). */
export interface BadChange { id: string, parents: string[], reason: string }

export type LoadedChange = { ok: true, change: Change } | { ok: false, bad: BadChange }

export interface ChangeTrailers { clock: number, identity: number, related: string[] }

/** The commit message of a change: a line git log shows, then the trailers. */
export function changeMessage (summary: string, t: ChangeTrailers): string {
  const line = summary.replace(/[\r\n]+/g, ' ').trim().slice(0, 120) || 'change'
  const related = t.related.map(r => `${TRAILER_RELATED}: ${r}\n`).join('')
  return `${line}\n\n${TRAILER_CLOCK}: ${t.clock}\n${TRAILER_IDENTITY}: ${t.identity}\n${related}`
}

export function parseTrailers (message: string): ChangeTrailers | string {
  const lines = message.replace(/\n+$/, '').split('\n')
  // the trailer block is the last paragraph
  let start = lines.length
  while (start > 0 && lines[start - 1] !== '') start--
  let clock: number | undefined
  let identity: number | undefined
  const related: string[] = []
  for (const line of lines.slice(start)) {
    const m = /^([A-Za-z-]+): (.*)$/.exec(line)
    if (m == null) continue
    if (m[1] === TRAILER_CLOCK) clock = counter(m[2])
    else if (m[1] === TRAILER_IDENTITY) identity = counter(m[2])
    else if (m[1] === TRAILER_RELATED) {
      if (!OID.test(m[2])) return `a ${TRAILER_RELATED} trailer is not a commit id`
      related.push(m[2])
    }
  }
  if (clock == null || clock < 1) return `no valid ${TRAILER_CLOCK} trailer`
  if (identity == null) return `no valid ${TRAILER_IDENTITY} trailer`
  return { clock, identity, related }
}

function counter (s: string): number | undefined {
  return /^(0|[1-9][0-9]{0,14})$/.test(s) ? Number(s) : undefined
}

export function manifestBytes (m: Manifest): Uint8Array { return canonicalBytes({ type: m.type, version: m.version }) }

export function actionBytes (action: unknown): Uint8Array { return canonicalBytes(action) }

/** The names in a change's tree: the manifest, then the actions by index. */
export function actionName (i: number): string { return String(i) }

export interface ChangeParts {
  id: string
  /** the commit's size in bytes */
  commitBytes: number
  parents: string[]
  message: string
  /** ms */
  at: number
  /** the signer when the commit's SSH signature is good, else why not */
  signer: { ok: true, peer: string } | { ok: false, reason: string }
  /** the tree's entries */
  entries: Array<{ path: string, type: string, oid: string }>
  /** entries of the embeds tree, if any */
  embeds?: number
}

/** Which tree entries must be read (the manifest and each action), or why the change is refused before reading them. */
export function changeBlobs (p: ChangeParts): { manifest: string, actions: string[] } | string {
  if (p.commitBytes > CHANGE_CAPS.maxCommitBytes) return `the change commit is over ${CHANGE_CAPS.maxCommitBytes} bytes`
  if (p.parents.length > CHANGE_CAPS.maxParents) return `the change has over ${CHANGE_CAPS.maxParents} parents`
  let manifest: string | undefined
  const actions: string[] = []
  for (const e of p.entries) {
    if (e.path === MANIFEST && e.type === 'blob') manifest = e.oid
    else if (e.path === EMBEDS && e.type === 'tree') continue
    else if (/^(0|[1-9][0-9]?)$/.test(e.path) && e.type === 'blob') actions[Number(e.path)] = e.oid
    else return `the change's tree holds an unexpected entry ${JSON.stringify(e.path.slice(0, 64))}`
  }
  if (manifest == null) return 'the change has no manifest'
  if (actions.length === 0) return 'the change has no actions'
  if (actions.length > CHANGE_CAPS.maxActions) return `the change has over ${CHANGE_CAPS.maxActions} actions`
  for (let i = 0; i < actions.length; i++) if (actions[i] == null) return `the change's actions skip number ${i}`
  if ((p.embeds ?? 0) > CHANGE_CAPS.maxEmbeds) return `the change has over ${CHANGE_CAPS.maxEmbeds} embeds`
  return { manifest, actions }
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/** The change, from its parts and the bytes of its manifest and actions, or why it is refused. */
export function decodeChange (p: ChangeParts, manifest: Uint8Array, actions: Uint8Array[], expectType: string): LoadedChange {
  const t = parseTrailers(p.message)
  const walk = typeof t === 'string' ? [] : p.parents.filter(x => !t.related.includes(x))
  const bad = (reason: string): LoadedChange => ({ ok: false, bad: { id: p.id, parents: walk, reason } })
  if (typeof t === 'string') return bad(t)
  if (!p.signer.ok) return bad(`its signature does not hold: ${p.signer.reason}`)
  const m = json(manifest, 1024)
  if (m == null || typeof m !== 'object' || typeof (m as Manifest).type !== 'string' || !TYPE.test((m as Manifest).type) || (m as Manifest).version !== 1) return bad('its manifest is not a known type and version')
  if ((m as Manifest).type !== expectType) return bad(`it is a ${(m as Manifest).type} change, not a ${expectType} one`)
  const parsed: unknown[] = []
  for (const bytes of actions) {
    const a = json(bytes, CHANGE_CAPS.maxActionBytes)
    if (a === undefined) return bad(`an action is over ${CHANGE_CAPS.maxActionBytes} bytes or not JSON`)
    parsed.push(a)
  }
  const related = new Set(t.related)
  for (const r of related) if (!p.parents.includes(r)) return bad('a related commit is not among its parents')
  return {
    ok: true,
    change: { id: p.id, parents: p.parents.filter(x => !related.has(x)), related: [...related], author: p.signer.peer, clock: t.clock, identity: t.identity, at: p.at, type: expectType, actions: parsed }
  }
}

function json (bytes: Uint8Array, max: number): unknown {
  if (bytes.length > max) return undefined
  try {
    return JSON.parse(decoder.decode(bytes))
  } catch {
    return undefined
  }
}
