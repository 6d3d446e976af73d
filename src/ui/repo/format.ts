export function formatBytes (n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
/** 12,345: every count the UI shows, grouped the same way whatever the browser's locale */
export const formatCount = (n: number): string => COUNT.format(n)

/**
 * "1 file", "0 files", "12,345 commits". `many` for words that do not just
 * take an s ("branch" → "branches", "entry" → "entries"): said, not guessed.
 */
export function plural (n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`
}

export const shortOid = (oid: string): string => oid.slice(0, 8)

/** The first line of a commit message. */
export const subject = (message: string): string => message.split('\n', 1)[0]

export function downloadBytes (bytes: Uint8Array, filename: string, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
