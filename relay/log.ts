// A small structured logger: one line per event, `time level message k=v ...`,
// readable by people and by logfmt tools. `--log-format json` switches to JSON.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export interface Logger {
  debug: (msg: string, fields?: Record<string, unknown>) => void
  info: (msg: string, fields?: Record<string, unknown>) => void
  warn: (msg: string, fields?: Record<string, unknown>) => void
  error: (msg: string, fields?: Record<string, unknown>) => void
}

export interface LoggerInit {
  level?: LogLevel
  format?: 'text' | 'json'
  write?: (line: string) => void
}

function formatValue (v: unknown): string {
  const s = v instanceof Error ? v.message : typeof v === 'string' ? v : JSON.stringify(v)
  return /[\s="]/.test(s) ? JSON.stringify(s) : s
}

export function createLogger (init: LoggerInit = {}): Logger {
  const min = order[init.level ?? 'info']
  const write = init.write ?? ((line: string) => process.stderr.write(line + '\n'))
  const emit = (level: LogLevel) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (order[level] < min) return
    const time = new Date().toISOString()
    if (init.format === 'json') {
      const plain = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? v.message : v]))
      write(JSON.stringify({ time, level, msg, ...plain }))
      return
    }
    const kv = Object.entries(fields).map(([k, v]) => `${k}=${formatValue(v)}`).join(' ')
    write(`${time} ${level.toUpperCase().padEnd(5)} ${msg}${kv === '' ? '' : ' ' + kv}`)
  }
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') }
}
