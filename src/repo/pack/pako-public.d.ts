// Types for the part of pako's (1.x) public API the pack writer uses:
// whole-buffer deflate and inflate. pako ships no types of its own.
declare module 'pako' {
  const pako: {
    deflate: (data: Uint8Array, opts?: { level?: number }) => Uint8Array
    inflate: (data: Uint8Array) => Uint8Array
  }
  export default pako
}
