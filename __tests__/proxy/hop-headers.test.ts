import { describe, expect, it } from '@jest/globals'
import { endToEndHeaders } from '../../src/proxy/hop-headers.js'

describe('endToEndHeaders', () => {
  it.each([
    [
      'keeps end-to-end headers as they are, lower-cased',
      { Authorization: 'Bearer t', 'Content-Type': 'application/json', 'set-cookie': ['a', 'b'] },
      { authorization: 'Bearer t', 'content-type': 'application/json', 'set-cookie': ['a', 'b'] }
    ],
    [
      'drops hop-by-hop headers',
      {
        connection: 'keep-alive',
        'keep-alive': 'timeout=5',
        'proxy-authorization': 'Basic x',
        'proxy-connection': 'keep-alive',
        te: 'trailers',
        trailer: 'x',
        'transfer-encoding': 'chunked',
        upgrade: 'h2c',
        expect: '100-continue',
        accept: '*/*'
      },
      { accept: '*/*' }
    ],
    [
      'drops what Connection names',
      { connection: 'close, X-Private', 'x-private': '1', 'x-public': '2' },
      { 'x-public': '2' }
    ],
    [
      'drops undefined values',
      { 'content-length': undefined, host: 'pypi.org' },
      { host: 'pypi.org' }
    ]
  ])('%s', (_what, headers, expected) => {
    expect(endToEndHeaders(headers)).toEqual(expected)
  })
})
