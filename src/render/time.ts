// Human "time ago" labels for commits, comments and peers. Pure, and it takes
// `nowMs` as an argument so callers (and tests) control the clock.

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
// average lengths: good enough for labels this coarse, and timezone-free
const MONTH = 30.4375 * DAY
const YEAR = 365.25 * DAY

// Peers' clocks disagree; something stamped a few seconds "ahead" of us is
// really just now, so only times further ahead than this count as future.
const JUST_NOW = 45 * SECOND

export function relativeTime (thenMs: number, nowMs: number): string {
  const ago = nowMs - thenMs
  if (!Number.isFinite(ago)) return 'unknown time'
  if (ago < -JUST_NOW) return 'in the future'
  if (ago < JUST_NOW) return 'just now'
  if (ago < HOUR) return plural(Math.max(1, Math.floor(ago / MINUTE)), 'minute')
  if (ago < DAY) return plural(Math.floor(ago / HOUR), 'hour')
  // "yesterday" means 24–48 hours ago: a calendar day would need a timezone
  if (ago < 2 * DAY) return 'yesterday'
  if (ago < MONTH) return plural(Math.floor(ago / DAY), 'day')
  if (ago < YEAR) return plural(Math.floor(ago / MONTH), 'month')
  return plural(Math.floor(ago / YEAR), 'year')
}

function plural (n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`
}
