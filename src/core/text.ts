// A lone UTF-16 surrogate has no UTF-8 form: TextEncoder would silently turn it
// into U+FFFD, so a string holding one would not survive a round trip.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

export function isWellFormed (s: string): boolean {
  return !LONE_SURROGATE.test(s)
}
