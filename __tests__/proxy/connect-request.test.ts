import { describe, expect, it } from '@jest/globals'
import {
  type ClientOwner,
  clientOwner,
  type ConnectRoute,
  parseAuthority,
  routeConnect,
  socketOwner,
  socketTablePaths
} from '../../src/proxy/connect-request.js'

const SECRET = 'job-secret-0123'
const HOSTS = ['pypi.org', 'files.pythonhosted.org']
const basic = (text: string): string => `Basic ${Buffer.from(text).toString('base64')}`

describe('routeConnect', () => {
  const cases: [string, string, string | undefined, ClientOwner, ConnectRoute][] = [
    ['PyPI, same user', 'pypi.org:443', undefined, 'same', { kind: 'intercept', host: 'pypi.org' }],
    [
      'the file host, upper case, trailing dot',
      'FILES.PythonHosted.org.:443',
      undefined,
      'same',
      { kind: 'intercept', host: 'files.pythonhosted.org' }
    ],
    [
      'PyPI on another port is tunnelled',
      'pypi.org:8443',
      undefined,
      'same',
      { kind: 'tunnel', host: 'pypi.org', port: 8443 }
    ],
    [
      'a subdomain of PyPI is tunnelled',
      'test.pypi.org:443',
      undefined,
      'same',
      { kind: 'tunnel', host: 'test.pypi.org', port: 443 }
    ],
    [
      'another host',
      'github.com:443',
      undefined,
      'same',
      { kind: 'tunnel', host: 'github.com', port: 443 }
    ],
    ['IPv6', '[::1]:8443', undefined, 'same', { kind: 'tunnel', host: '::1', port: 8443 }],
    [
      'owner unknown, no credentials',
      'github.com:443',
      undefined,
      'unknown',
      { kind: 'refused', status: 407, reason: 'proxy credentials required' }
    ],
    [
      'owner unknown, with the secret',
      'github.com:443',
      basic(`pip-mirror-action:${SECRET}`),
      'unknown',
      { kind: 'tunnel', host: 'github.com', port: 443 }
    ],
    [
      'another user without credentials',
      'github.com:443',
      undefined,
      'other',
      { kind: 'refused', status: 407, reason: 'proxy credentials required' }
    ],
    [
      'another user with the secret',
      'pypi.org:443',
      basic(`any:${SECRET}`),
      'other',
      { kind: 'intercept', host: 'pypi.org' }
    ],
    [
      'a wrong password, even from the same user',
      'pypi.org:443',
      basic('any:guess'),
      'same',
      { kind: 'refused', status: 407, reason: 'proxy credentials required' }
    ],
    [
      'the secret without a user separator',
      'pypi.org:443',
      basic(SECRET),
      'same',
      { kind: 'refused', status: 407, reason: 'proxy credentials required' }
    ],
    [
      'another scheme',
      'pypi.org:443',
      `Bearer ${SECRET}`,
      'same',
      { kind: 'refused', status: 407, reason: 'proxy credentials required' }
    ],
    [
      'no port',
      'pypi.org',
      undefined,
      'same',
      { kind: 'refused', status: 400, reason: 'CONNECT needs a host:port target' }
    ],
    [
      'a URL, not an authority',
      'https://pypi.org:443/',
      undefined,
      'same',
      { kind: 'refused', status: 400, reason: 'CONNECT needs a host:port target' }
    ]
  ]
  it.each(cases)('%s', (_name, url, authorization, owner, expected) => {
    const headers = authorization === undefined ? {} : { 'proxy-authorization': authorization }
    expect(routeConnect({ url, headers }, { secret: SECRET, owner }, HOSTS)).toEqual(expected)
  })
})

describe('who may CONNECT, on each system', () => {
  // The router on 127.0.0.1:21000 and on the bridge 172.17.0.1:21001; a client row for each.
  const ROUTER_UID = 1001
  const row = (local: string, remote: string, uid: number): string =>
    `   1: ${local} ${remote} 01 00000000:00000000 00:00000000 00000000 ${uid} 0 2 1`
  const linuxTable = (uid: number): string =>
    [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      row('0100007F:C350', '0100007F:5208', uid),
      // A step on this machine that was given the bridge address.
      row('010011AC:C351', '010011AC:5209', uid),
      ''
    ].join('\n')
  const loopback = {
    client: { address: '127.0.0.1', port: 0xc350 },
    server: { address: '127.0.0.1', port: 0x5208 }
  }
  const bridgeFromHost = {
    client: { address: '172.17.0.1', port: 0xc351 },
    server: { address: '172.17.0.1', port: 0x5209 }
  }
  const bridgeFromContainer = {
    client: { address: '172.17.0.2', port: 0xc352 },
    server: { address: '172.17.0.1', port: 0x5209 }
  }
  const CONNECTIONS = {
    loopback,
    'the bridge, from this machine': bridgeFromHost,
    'the bridge, from a container': bridgeFromContainer
  }
  /** What each system's files say: Linux's tables, and none to read on macOS or Windows. */
  const systems = {
    'Linux, the router’s user': {
      platform: 'linux',
      uid: ROUTER_UID,
      files: { '/proc/net/tcp': linuxTable(ROUTER_UID), '/proc/net/tcp6': '' }
    },
    'Linux, another user': {
      platform: 'linux',
      uid: ROUTER_UID,
      files: { '/proc/net/tcp': linuxTable(1002), '/proc/net/tcp6': '' }
    },
    'Linux, root as the client': {
      platform: 'linux',
      uid: ROUTER_UID,
      files: { '/proc/net/tcp': linuxTable(0) }
    },
    'Linux without readable tables (a locked-down /proc)': {
      platform: 'linux',
      uid: ROUTER_UID,
      files: {}
    },
    // macOS has no /proc; the router's uid is known, the socket's owner is not.
    macOS: { platform: 'darwin', uid: 501, files: { '/proc/net/tcp': linuxTable(501) } },
    // Windows has no uids for Node, and `/proc/net/tcp` there is a file anyone may write.
    Windows: { platform: 'win32', uid: undefined, files: { '/proc/net/tcp': linuxTable(0) } }
  } as const
  type SystemName = keyof typeof systems
  const owner = (name: SystemName, connection: typeof loopback): ClientOwner => {
    const system = systems[name]
    const files: Partial<Record<string, string>> = system.files
    const tables = socketTablePaths(system.platform).map(file => files[file])
    return clientOwner(tables, system.uid, connection.client, connection.server)
  }
  const SENT = {
    'no credentials': undefined,
    'the secret': basic(`pip-mirror-action:${SECRET}`),
    'a wrong password': basic('pip-mirror-action:guess')
  }
  const NONE = 'no credentials'
  const SECRET_SENT = 'the secret'
  const GUESS = 'a wrong password'
  const cases: [SystemName, keyof typeof CONNECTIONS, keyof typeof SENT, 200 | 407][] = [
    ['Linux, the router’s user', 'loopback', NONE, 200],
    ['Linux, the router’s user', 'loopback', SECRET_SENT, 200],
    ['Linux, the router’s user', 'loopback', GUESS, 407],
    ['Linux, the router’s user', 'the bridge, from this machine', NONE, 200],
    ['Linux, the router’s user', 'the bridge, from a container', NONE, 407],
    ['Linux, the router’s user', 'the bridge, from a container', SECRET_SENT, 200],
    ['Linux, another user', 'loopback', NONE, 407],
    ['Linux, another user', 'loopback', SECRET_SENT, 200],
    ['Linux, another user', 'the bridge, from this machine', NONE, 407],
    ['Linux, root as the client', 'loopback', NONE, 407],
    ['Linux without readable tables (a locked-down /proc)', 'loopback', NONE, 407],
    ['Linux without readable tables (a locked-down /proc)', 'loopback', SECRET_SENT, 200],
    ['macOS', 'loopback', NONE, 407],
    ['macOS', 'loopback', SECRET_SENT, 200],
    ['macOS', 'loopback', GUESS, 407],
    ['macOS', 'the bridge, from a container', NONE, 407],
    ['macOS', 'the bridge, from a container', SECRET_SENT, 200],
    ['Windows', 'loopback', NONE, 407],
    ['Windows', 'loopback', SECRET_SENT, 200],
    ['Windows', 'loopback', GUESS, 407],
    ['Windows', 'the bridge, from a container', SECRET_SENT, 200]
  ]
  it.each(cases)('%s, to %s, %s sent: %s', (system, where, sent, expected) => {
    const credentials = SENT[sent]
    const headers = credentials === undefined ? {} : { 'proxy-authorization': credentials }
    const route = routeConnect(
      { url: 'pypi.org:443', headers },
      { secret: SECRET, owner: owner(system, CONNECTIONS[where]) },
      HOSTS
    )
    expect(route.kind === 'refused' ? route.status : 200).toBe(expected)
  })

  it.each<[NodeJS.Platform, string[]]>([
    ['linux', ['/proc/net/tcp', '/proc/net/tcp6']],
    ['darwin', []],
    ['win32', []],
    ['freebsd', []]
  ])('socket tables on %s: %j', (platform, expected) => {
    expect(socketTablePaths(platform)).toEqual(expected)
  })
})

describe('clientOwner', () => {
  const header = '  sl  local_address rem_address   st'
  const tcp6 = [
    header,
    '   0: 0000000000000000FFFF00000100007F:C352 0000000000000000FFFF00000100007F:5208 01 00000000:00000000 00:00000000 00000000  1001 0 6 1'
  ].join('\n')
  const client = { address: '::ffff:127.0.0.1', port: 0xc352 }
  const server = { address: '127.0.0.1', port: 0x5208 }
  it.each<[string, (string | undefined)[], number | undefined, ClientOwner]>([
    ['found in the second table', [header, tcp6], 1001, 'same'],
    ['the first table unreadable', [undefined, tcp6], 1002, 'other'],
    ['no table has the row', [header, header], 1001, 'unknown'],
    ['no uid of its own to compare with', [tcp6], undefined, 'unknown']
  ])('%s', (_name, tables, ownUid, expected) => {
    expect(clientOwner(tables, ownUid, client, server)).toBe(expected)
  })
})

describe('parseAuthority', () => {
  it.each([
    ['example.com:443', { host: 'example.com', port: 443 }],
    ['127.0.0.1:1', { host: '127.0.0.1', port: 1 }],
    ['[2001:db8::1]:65535', { host: '2001:db8::1', port: 65535 }],
    ['example.com:0', undefined],
    ['example.com:65536', undefined],
    ['example.com:44x', undefined],
    [':443', undefined],
    ['exa mple.com:443', undefined],
    ['exa/mple.com:443', undefined],
    ['user@example.com:443', undefined],
    [`${'a'.repeat(64)}.com:443`, undefined]
  ])('%s', (text, expected) => {
    expect(parseAuthority(text)).toEqual(expected)
  })
})

describe('socketOwner', () => {
  const table = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:5208 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1',
    '   1: 0100007F:C350 0100007F:5208 01 00000000:00000000 00:00000000 00000000  1001        0 2 1',
    '   2: 0100007F:5208 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 3 1',
    // Another user bound the router's port number on 127.0.0.2 and connected from it: the
    // router's own end of it comes first, with the same two port numbers.
    '   3: 0100007F:5208 0200007F:5208 01 00000000:00000000 00:00000000 00000000     0        0 4 1',
    '   4: 0200007F:5208 0100007F:5208 01 00000000:00000000 00:00000000 00000000  1002        0 4 1',
    // The router's end of a connection from a container (172.17.0.2) to the bridge (172.17.0.1).
    '   5: 010011AC:5208 020011AC:C351 01 00000000:00000000 00:00000000 00000000     0        0 5 1',
    ''
  ].join('\n')
  const tcp6 = [
    '  sl  local_address                         remote_address                        st',
    '   0: 0000000000000000FFFF00000100007F:C352 0000000000000000FFFF00000100007F:5208 01 00000000:00000000 00:00000000 00000000  1003 0 6 1',
    ''
  ].join('\n')
  const at = (address: string, port: number) => ({ address, port })
  it.each([
    ['the client row', table, at('127.0.0.1', 0xc350), at('127.0.0.1', 0x5208), 1001],
    ['no such client', table, at('127.0.0.1', 0xc351), at('127.0.0.1', 0x5208), undefined],
    [
      'the server row is not the client',
      table,
      at('127.0.0.1', 0x5208),
      at('127.0.0.1', 0xc350),
      0
    ],
    [
      'the same port on another address',
      table,
      at('127.0.0.2', 0x5208),
      at('127.0.0.1', 0x5208),
      1002
    ],
    [
      'a container is in no table here',
      table,
      at('172.17.0.2', 0xc351),
      at('172.17.0.1', 0x5208),
      undefined
    ],
    ['IPv4 mapped into tcp6', tcp6, at('::ffff:127.0.0.1', 0xc352), at('127.0.0.1', 0x5208), 1003],
    [
      'an IPv6 client is never matched',
      table,
      at('::1', 0xc350),
      at('127.0.0.1', 0x5208),
      undefined
    ]
  ])('%s', (_name, text, client, server, expected) => {
    expect(socketOwner(text, client, server)).toBe(expected)
  })
})
