// File names for what the app saves (bundles, downloads): the repository's
// own name in any script, with only what file systems refuse taken out.

/** `name` as a safe file name: letters and digits of every script kept, runs of anything else one '-', never empty. */
export function safeFileName (name: string, fallback = 'repository'): string {
  const cleaned = name.normalize('NFC').replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 100)
  return cleaned === '' ? fallback : cleaned
}
