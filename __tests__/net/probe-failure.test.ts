import { describe, expect, it } from '@jest/globals'
import { failureFromError, isPassingFailure } from '../../src/net/probe-failure.js'

const coded = (code: string, message = code, cause?: unknown): Error =>
  Object.assign(new Error(message), { code, cause })

describe('failureFromError', () => {
  it.each([
    [
      'an abort by timeout',
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      'timeout',
      'no answer within 1500 ms'
    ],
    ['a connect timeout', coded('UND_ERR_CONNECT_TIMEOUT'), 'timeout', 'no answer within 1500 ms'],
    ['a refused connection', coded('ECONNREFUSED'), 'refused', 'connection refused'],
    [
      'an unknown host',
      Object.assign(new TypeError('fetch failed'), { cause: coded('ENOTFOUND') }),
      'dns',
      'host name not resolved (ENOTFOUND)'
    ],
    [
      'a self-signed certificate',
      coded('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      'tls',
      'TLS error: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)'
    ],
    [
      'a wrong host name',
      coded('ERR_TLS_CERT_ALTNAME_INVALID', 'altname'),
      'tls',
      'TLS error: altname (ERR_TLS_CERT_ALTNAME_INVALID)'
    ],
    [
      'a reset',
      coded('UND_ERR_SOCKET', 'other side closed', coded('ECONNRESET')),
      'reset',
      'connection reset or closed by the server'
    ],
    ['anything else', new Error('boom'), 'network', 'boom']
  ])('%s', (_name, error, kind, message) => {
    expect(failureFromError(error, 1500)).toEqual({ kind, message })
  })
})

describe('failureFromError through a proxy names the hop that failed', () => {
  const proxy = '127.0.0.1:3128'
  it.each([
    [
      'a silent proxy',
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      { kind: 'timeout', message: 'no answer from the proxy 127.0.0.1:3128 within 1500 ms' }
    ],
    [
      'a proxy that is down',
      coded('ECONNREFUSED'),
      { kind: 'refused', message: 'proxy 127.0.0.1:3128 refused the connection' }
    ],
    [
      'a proxy host that does not resolve',
      coded('ENOTFOUND'),
      { kind: 'dns', message: 'proxy host name not resolved (ENOTFOUND)' }
    ],
    [
      'a CONNECT refused by the proxy',
      new Error('Proxy response (403) !== 200 when HTTP Tunneling'),
      {
        kind: 'http',
        status: 403,
        message:
          'proxy 127.0.0.1:3128 answered 403 to CONNECT (the proxy does not allow this destination)'
      }
    ],
    [
      'a CONNECT without proxy credentials',
      new Error('Proxy response (407) !== 200 when HTTP Tunneling'),
      {
        kind: 'http',
        status: 407,
        message:
          'proxy 127.0.0.1:3128 answered 407 to CONNECT (proxy authentication required: check the credentials in the proxy URL)'
      }
    ],
    [
      'a proxied GET without proxy credentials',
      new Error('Proxy Authentication Required (407)'),
      {
        kind: 'http',
        status: 407,
        message:
          'proxy 127.0.0.1:3128 answered 407 (proxy authentication required: check the credentials in the proxy URL)'
      }
    ],
    [
      'a reset',
      coded('ECONNRESET'),
      { kind: 'reset', message: 'connection reset or closed (through proxy 127.0.0.1:3128)' }
    ]
  ])('%s', (_name, error, expected) => {
    expect(failureFromError(error, 1500, proxy)).toEqual(expected)
  })
})

describe('isPassingFailure', () => {
  it.each([
    [{ kind: 'reset' as const, message: '' }, true],
    [{ kind: 'http' as const, status: 503, message: '' }, true],
    [{ kind: 'http' as const, status: 404, message: '' }, false],
    [{ kind: 'timeout' as const, message: '' }, false],
    [{ kind: 'content' as const, message: '' }, false]
  ])('%j', (failure, expected) => expect(isPassingFailure(failure)).toBe(expected))
})
