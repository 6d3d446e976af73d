// Canonical JSON: the same value always gives the same bytes, so documents can
// be hashed (genesis -> RID) and signed (signed refs) and checked by others.
// Only types with one unambiguous encoding are allowed: no floats (their
// textual form differs between implementations), no undefined (dropped or
// turned into null depending on position), no class instances.

const encoder = new TextEncoder()

export function canonicalJson (value: unknown): string {
  return encode(value, new Set())
}

export function canonicalBytes (value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value))
}

function encode (value: unknown, ancestors: Set<object>): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'string':
      // JSON.stringify escapes quotes, backslashes, control chars and lone
      // surrogates the same way in every modern engine (ES2019 well-formed)
      return JSON.stringify(value)
    case 'number':
      if (!Number.isSafeInteger(value)) throw new TypeError(`canonical JSON allows only safe integers, got ${String(value)}`)
      // String(-0) is '0', so -0 and 0 encode the same
      return String(value)
    case 'object':
      break
    default:
      throw new TypeError(`canonical JSON cannot encode a ${typeof value}`)
  }
  const obj = value as object
  if (ancestors.has(obj)) throw new TypeError('canonical JSON cannot encode a cycle')
  ancestors.add(obj)
  try {
    if (Array.isArray(obj)) {
      const parts: string[] = []
      // index loop rather than map: holes in sparse arrays must fail, not vanish
      for (let i = 0; i < obj.length; i++) parts.push(encode(obj[i], ancestors))
      return `[${parts.join(',')}]`
    }
    const proto = Object.getPrototypeOf(obj)
    if (proto !== Object.prototype && proto !== null) throw new TypeError('canonical JSON allows only plain objects')
    const rec = obj as Record<string, unknown>
    // default sort compares UTF-16 code units, which is the order we specify
    const keys = Object.keys(rec).sort()
    return `{${keys.map(k => `${JSON.stringify(k)}:${encode(rec[k], ancestors)}`).join(',')}}`
  } finally {
    ancestors.delete(obj)
  }
}
