// Ref names arrive from peers inside signed refs and bundles and end up as
// paths in the local git store, so they follow git check-ref-format. Two
// kinds are shared: code (branches and tags) and collaborative objects
// (issues, patches): refs/cobs/<type>/<object id>, one per object a writer
// has changed, whose tip is that writer's latest change to it. Cob refs are
// a writer's own: they never become canonical refs and are never branches.

import { isWellFormed } from './text.js'

const MAX_BYTES = 255
const CODE_PREFIXES = ['refs/heads/', 'refs/tags/']
const COB_PREFIX = 'refs/cobs/'
// ASCII control chars, space, DEL and the characters git reserves for revision syntax
const FORBIDDEN = /[\u0000-\u0020\u007f~^:?*[\\]/
/** a type is a dotted name, e.g. guts.issue, guts.patch */
const COB_TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/
const MAX_COB_TYPE = 64
const OID = /^[0-9a-f]{40}$/
const encoder = new TextEncoder()

export interface CobRef { type: string, id: string }

export function validRefName (name: string): boolean {
  if (typeof name !== 'string') return false
  if (name.startsWith(COB_PREFIX)) return parseCobRef(name) != null
  return isCodeRef(name)
}

/** A branch or tag name git would make (refs/heads/…, refs/tags/…). */
export function isCodeRef (name: string): boolean {
  if (typeof name !== 'string') return false
  if (!CODE_PREFIXES.some(p => name.startsWith(p) && name.length > p.length)) return false
  if (encoder.encode(name).length > MAX_BYTES) return false
  // a lone surrogate has no UTF-8 form, so it could not be a name in a git store
  if (FORBIDDEN.test(name) || !isWellFormed(name)) return false
  if (name.includes('..') || name.includes('@{')) return false
  if (name.endsWith('/') || name.endsWith('.')) return false
  for (const component of name.split('/')) {
    if (component === '' || component.startsWith('.') || component.endsWith('.lock')) return false
  }
  // git refuses '@' as a name: it is the HEAD shorthand (git branch @ fails too)
  return shortRefName(name) !== '@'
}

/** A valid refs/cobs/<type>/<oid>. */
export function isCobRef (name: string): boolean {
  return parseCobRef(name) != null
}

export function parseCobRef (name: string): CobRef | undefined {
  if (typeof name !== 'string' || !name.startsWith(COB_PREFIX)) return undefined
  const rest = name.slice(COB_PREFIX.length)
  const slash = rest.indexOf('/')
  if (slash < 0) return undefined
  const type = rest.slice(0, slash)
  const id = rest.slice(slash + 1)
  if (type.length > MAX_COB_TYPE || !COB_TYPE.test(type) || !OID.test(id)) return undefined
  return { type, id }
}

export class InvalidCobRefError extends Error {
  static name = 'InvalidCobRefError'
  name = 'InvalidCobRefError'
}

/** refs/cobs/<type>/<id>; throws for a type or id no peer would accept. */
export function cobRefOf (type: string, id: string): string {
  const name = `${COB_PREFIX}${type}/${id}`
  if (parseCobRef(name) == null) throw new InvalidCobRefError(`no collaborative object ref for type ${JSON.stringify(String(type).slice(0, 80))} and id ${JSON.stringify(String(id).slice(0, 80))}`)
  return name
}

/** Only the branches and tags of a refs map (what canonical refs, branch lists and bundles hold). */
export function codeRefsOf (refs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(refs).filter(([name]) => isCodeRef(name)))
}

/** Only the collaborative objects' refs of a refs map. */
export function cobRefsOf (refs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(refs).filter(([name]) => isCobRef(name)))
}

export function shortRefName (name: string): string {
  for (const p of CODE_PREFIXES) if (name.startsWith(p)) return name.slice(p.length)
  return name
}
