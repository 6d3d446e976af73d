import { describe, expect, it } from 'vitest'
import { parseArgs } from './cli.js'

describe('relay command line', () => {
  it('defaults to 127.0.0.1:8080 with ws and tcp on the next ports', () => {
    const r = parseArgs([])
    expect(r.command).toBe('serve')
    if (r.command !== 'serve') return
    expect(r.options).toMatchObject({ host: '127.0.0.1', port: 8080, wsPort: 8081, tcpPort: 8082, mdns: true, dataDir: '.guts-relay' })
    expect(r.options.maxReservations).toBeGreaterThan(15)
  })

  it('takes PORT and HOST from the environment, flags win', () => {
    const env = { PORT: '9000', HOST: '0.0.0.0', GUTS_DATA: '/d' }
    const r = parseArgs([], env)
    expect(r.command === 'serve' && r.options).toMatchObject({ port: 9000, wsPort: 9001, host: '0.0.0.0', dataDir: '/d' })
    const r2 = parseArgs(['--port', '7000', '--data=/x'], env)
    expect(r2.command === 'serve' && r2.options).toMatchObject({ port: 7000, dataDir: '/x' })
  })

  it('collects several bootstrap and announce multiaddrs', () => {
    const r = parseArgs(['--bootstrap', '/ip4/1.2.3.4/tcp/1/p2p/a', '/ip4/5.6.7.8/tcp/1/p2p/b', '--no-mdns', '--announce', '/dns4/x/tcp/443/wss'])
    expect(r.command === 'serve' && r.options).toMatchObject({
      bootstrap: ['/ip4/1.2.3.4/tcp/1/p2p/a', '/ip4/5.6.7.8/tcp/1/p2p/b'],
      announce: ['/dns4/x/tcp/443/wss'],
      mdns: false
    })
  })

  it('takes STUN and TURN servers for the tabs, and refuses other URLs', () => {
    const r = parseArgs(['--ice-server', 'stun:stun.example.org:3478', 'turn:u:p@turn.example.org:3478'])
    expect(r.command === 'serve' && r.options.iceServers).toEqual(['stun:stun.example.org:3478', 'turn:u:p@turn.example.org:3478'])
    expect(parseArgs(['--ice-server', 'https://example.org'])).toMatchObject({ command: 'error' })
  })

  it('port 0 means any free port for all three listeners', () => {
    const r = parseArgs(['--port', '0'])
    expect(r.command === 'serve' && r.options).toMatchObject({ port: 0, wsPort: 0, tcpPort: 0 })
  })

  it.each([
    [['--port', 'x'], /port number/],
    [['--port', '70000'], /port number/],
    [['--port', '65535'], /no room/],
    [['--bootstrap', 'relay.example.org'], /multiaddrs/],
    [['--bootstrap'], /needs a value/],
    [['--frobnicate'], /unknown option/],
    [['--ws-port', '8080'], /must differ/],
    [['--log-level', 'loud'], /log-level/]
  ])('rejects %j with a clear message', (argv, message) => {
    const r = parseArgs(argv as string[])
    expect(r.command).toBe('error')
    expect(r.command === 'error' && r.message).toMatch(message)
  })

  it('rejects a bad PORT in the environment', () => {
    expect(parseArgs([], { PORT: 'eighty' })).toMatchObject({ command: 'error' })
  })

  it('knows help and version', () => {
    expect(parseArgs(['--help']).command).toBe('help')
    expect(parseArgs(['-v']).command).toBe('version')
  })
})
