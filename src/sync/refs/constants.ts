// /guts/refs/1.0.0: its id, size caps and timeout.

export const REFS_PROTOCOL = '/guts/refs/1.0.0'
export const MAX_REFS_REQUEST = 256
/** genesis (8 KiB) + signed refs (1 MiB) + framing */
export const MAX_REFS_RESPONSE = 1024 * 1024 + 16 * 1024
export const REFS_TIMEOUT = 10_000
