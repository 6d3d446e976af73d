// Ref names arrive from peers inside signed refs and bundles and end up as
// paths in the local git store, so they follow git check-ref-format, and only
// branches and tags are shared at all.

import { isWellFormed } from './text.js'

const MAX_BYTES = 255
const PREFIXES = ['refs/heads/', 'refs/tags/']
// ASCII control chars, space, DEL and the characters git reserves for revision syntax
const FORBIDDEN = /[\u0000-\u0020\u007f~^:?*[\\]/
const encoder = new TextEncoder()

// a collaborative object's ref in a writer's namespace: refs/cobs/<type>/<object id>
const COB_REF = /^refs\/cobs\/[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+\/[0-9a-f]{40}$/

export function validRefName (name: string): boolean {
  if (typeof name !== 'string') return false
  if (COB_REF.test(name)) return name.length <= 64 + 51
  if (!PREFIXES.some(p => name.startsWith(p) && name.length > p.length)) return false
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

export function shortRefName (name: string): string {
  for (const p of PREFIXES) if (name.startsWith(p)) return name.slice(p.length)
  return name
}
