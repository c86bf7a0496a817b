import { describe, expect, it } from '@jest/globals'
import {
  parseAuthority,
  routeConnect,
  socketOwner,
  type ConnectRoute
} from '../../src/proxy/connect-request.js'

const SECRET = 'job-secret-0123'
const HOSTS = ['pypi.org', 'files.pythonhosted.org']
const basic = (text: string): string => `Basic ${Buffer.from(text).toString('base64')}`

describe('routeConnect', () => {
  const cases: [string, string, string | undefined, boolean | undefined, ConnectRoute][] = [
    ['PyPI, same user', 'pypi.org:443', undefined, true, { kind: 'intercept', host: 'pypi.org' }],
    [
      'the file host, upper case, trailing dot',
      'FILES.PythonHosted.org.:443',
      undefined,
      true,
      { kind: 'intercept', host: 'files.pythonhosted.org' }
    ],
    [
      'PyPI on another port is tunnelled',
      'pypi.org:8443',
      undefined,
      true,
      { kind: 'tunnel', host: 'pypi.org', port: 8443 }
    ],
    [
      'a subdomain of PyPI is tunnelled',
      'test.pypi.org:443',
      undefined,
      true,
      { kind: 'tunnel', host: 'test.pypi.org', port: 443 }
    ],
    [
      'another host',
      'github.com:443',
      undefined,
      true,
      { kind: 'tunnel', host: 'github.com', port: 443 }
    ],
    ['IPv6', '[::1]:8443', undefined, true, { kind: 'tunnel', host: '::1', port: 8443 }],
    [
      'user unknown (no socket tables), no credentials',
      'github.com:443',
      undefined,
      undefined,
      { kind: 'tunnel', host: 'github.com', port: 443 }
    ],
    [
      'another user without credentials',
      'github.com:443',
      undefined,
      false,
      { kind: 'refused', status: 407, reason: 'proxy credentials required' }
    ],
    [
      'another user with the secret',
      'pypi.org:443',
      basic(`any:${SECRET}`),
      false,
      { kind: 'intercept', host: 'pypi.org' }
    ],
    [
      'a wrong password, even from the same user',
      'pypi.org:443',
      basic('any:guess'),
      true,
      { kind: 'refused', status: 407, reason: 'proxy credentials required' }
    ],
    [
      'the secret without a user separator',
      'pypi.org:443',
      basic(SECRET),
      true,
      { kind: 'refused', status: 407, reason: 'proxy credentials required' }
    ],
    [
      'another scheme',
      'pypi.org:443',
      `Bearer ${SECRET}`,
      true,
      { kind: 'refused', status: 407, reason: 'proxy credentials required' }
    ],
    [
      'no port',
      'pypi.org',
      undefined,
      true,
      { kind: 'refused', status: 400, reason: 'CONNECT needs a host:port target' }
    ],
    [
      'a URL, not an authority',
      'https://pypi.org:443/',
      undefined,
      true,
      { kind: 'refused', status: 400, reason: 'CONNECT needs a host:port target' }
    ]
  ]
  it.each(cases)('%s', (_name, url, authorization, sameUser, expected) => {
    const headers = authorization === undefined ? {} : { 'proxy-authorization': authorization }
    expect(routeConnect({ url, headers }, { secret: SECRET, sameUser }, HOSTS)).toEqual(expected)
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
