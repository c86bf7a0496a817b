import { describe, expect, it } from '@jest/globals'
import { parseMirror } from '../../src/mirrors/mirror.js'
import {
  parseRouterConfig,
  parseParentMessage,
  parseRouterRanking,
  ROUTER_UPSTREAM_TIMEOUT_MS,
  routerRanking,
  routerSettings
} from '../../src/router/config.js'

const valid = {
  mirrors: [
    { name: 'corp', url: 'https://ci:t0ken@pypi.corp.example/simple', private: true },
    { name: 'pypi', url: 'https://pypi.org/simple', private: false, latencyMs: 20 },
    { name: 'hole', url: 'https://hole.example/simple', private: false, unhealthy: true }
  ],
  pageMirrors: 2,
  privateProjects: ['corp-*'],
  storeDir: '/tmp/store',
  timeoutMs: 5000,
  secret: 'Zm9vYmFyYmF6cXV4cXV1eA',
  jobSecret: 'am9ic2VjcmV0am9ic2VjcmV0',
  statsFile: '/tmp/r/stats.json',
  logFile: '/tmp/r/router.log',
  job: { pid: 1234, startTime: 5678 }
}

describe('parseRouterConfig', () => {
  it('takes a complete config as it is', () => {
    expect(parseRouterConfig(JSON.stringify(valid))).toEqual(valid)
  })

  it.each([
    ['not JSON', '{', 'router config is not JSON'],
    ['no mirrors', JSON.stringify({ ...valid, mirrors: [] }), 'mirrors must be a non-empty list'],
    [
      'a mirror without its private flag',
      JSON.stringify({ ...valid, mirrors: [{ name: 'a', url: 'http://a/simple' }] }),
      'mirrors must be a non-empty list'
    ],
    [
      'private projects that are not names',
      JSON.stringify({ ...valid, privateProjects: [3] }),
      'privateProjects must be a list of names'
    ],
    ['no store', JSON.stringify({ ...valid, storeDir: '' }), 'storeDir must be a path'],
    [
      'no stats file',
      JSON.stringify({ ...valid, statsFile: undefined }),
      'statsFile must be a path'
    ],
    ['a zero timeout', JSON.stringify({ ...valid, timeoutMs: 0 }), 'timeoutMs must be a positive'],
    ['no log file', JSON.stringify({ ...valid, logFile: undefined }), 'logFile must be a path'],
    ['no secret', JSON.stringify({ ...valid, secret: '' }), 'secret must be set'],
    ['a job without its start time', JSON.stringify({ ...valid, job: { pid: 1 } }), 'job must be'],
    ['ranked as text', JSON.stringify({ ...valid, ranked: 'yes' }), 'ranked must be true or false'],
    [
      'a latency that is not a number',
      JSON.stringify({ ...valid, mirrors: [{ ...valid.mirrors[1], latencyMs: 'fast' }] }),
      'mirrors must be a non-empty list'
    ],
    [
      'a verdict that is not true',
      JSON.stringify({ ...valid, mirrors: [{ ...valid.mirrors[2], unhealthy: false }] }),
      'mirrors must be a non-empty list'
    ],
    [
      'no mirror per page',
      JSON.stringify({ ...valid, pageMirrors: 0 }),
      'pageMirrors must be a positive whole number'
    ]
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseRouterConfig(text)).toThrow(message)
  })
})

describe('routerSettings', () => {
  it('lists private indexes first, then the ranking, credentials kept for the router alone', () => {
    const ranking = [
      'fast=http://fast.example/simple',
      'private:corp=https://corp.example/simple',
      'ci=https://ci:t0ken@ci.example/simple'
    ].map(entry => ({ mirror: parseMirror(entry) }))
    const withSpeed = [
      { ...ranking[0], throughputBps: 4e6, ok: true, latencyMs: 12 },
      { ...ranking[1], ok: false, latencyMs: null },
      ranking[2]
    ]
    expect(routerSettings(withSpeed, ['corp-*'], '/tmp/store', true)).toEqual({
      mirrors: [
        { name: 'corp', url: 'https://corp.example/simple', private: true, unhealthy: true },
        { name: 'ci', url: 'https://ci:t0ken@ci.example/simple', private: true },
        {
          name: 'fast',
          url: 'http://fast.example/simple',
          private: false,
          bytesPerSec: 4e6,
          latencyMs: 12
        }
      ],
      ranked: true,
      privateProjects: ['corp-*'],
      storeDir: '/tmp/store',
      timeoutMs: ROUTER_UPSTREAM_TIMEOUT_MS
    })
  })
})

describe('routerRanking', () => {
  const mirrors = ['a', 'b', 'c', 'd', 'e'].map(name => ({
    name,
    url: `http://${name}.example/simple`,
    private: name === 'd' || name === 'e'
  }))
  const candidate = (name: string, extra: object = {}) => ({
    mirror: parseMirror(
      `${'de'.includes(name) ? 'private:' : ''}${name}=http://${name}.example/simple`
    ),
    ...extra
  })

  it.each([
    [
      'the ranking by index, with throughput',
      [candidate('c', { throughputBps: 9e6 }), candidate('a'), candidate('b'), candidate('e')],
      [{ index: 4 }, { index: 2, bytesPerSec: 9e6 }, { index: 0 }, { index: 1 }],
      [3]
    ],
    [
      'private indexes first, whatever their rank',
      [candidate('b'), candidate('d'), candidate('a'), candidate('e')],
      [{ index: 3 }, { index: 4 }, { index: 1 }, { index: 0 }],
      []
    ],
    [
      'without a public mirror that served a corrupt file',
      [candidate('a', { integrity: 'mismatch' }), candidate('b', { integrity: 'verified' })],
      [{ index: 1 }],
      [3, 4]
    ],
    [
      'a private index that served a corrupt file as failed, not forgotten',
      [candidate('d', { integrity: 'mismatch' }), candidate('e'), candidate('a')],
      [{ index: 4 }, { index: 0 }],
      [3]
    ],
    [
      "the probe's latency, and the mirrors it found failing",
      [
        candidate('a', { ok: true, latencyMs: 12 }),
        candidate('b', { ok: false, latencyMs: null }),
        candidate('c', { ok: true, latencyMs: 0 })
      ],
      [
        { index: 0, latencyMs: 12 },
        { index: 1, unhealthy: true },
        { index: 2, latencyMs: 0 }
      ],
      [3, 4]
    ],
    [
      'without candidates the router was not started with',
      [candidate('zz'), candidate('a'), candidate('d'), candidate('e')],
      [{ index: 3 }, { index: 4 }, { index: 0 }],
      []
    ]
  ])('orders %s', (_what, ranking, order, failedPrivate) => {
    expect(routerRanking(mirrors, ranking as Parameters<typeof routerRanking>[1])).toEqual({
      order,
      failedPrivate
    })
  })
})

describe('parseRouterRanking', () => {
  it.each([
    ['a ranking', { order: [{ index: 1, bytesPerSec: 5 }, { index: 0 }], failedPrivate: [] }],
    ['a failed private index', { order: [{ index: 1 }], failedPrivate: [0] }],
    [
      "the probe's latencies and verdicts",
      {
        order: [
          { index: 1, latencyMs: 9 },
          { index: 0, unhealthy: true }
        ],
        failedPrivate: []
      }
    ]
  ])('takes %s', (_what, ranking) => {
    expect(parseRouterRanking(ranking, 2)).toEqual(ranking)
  })

  it.each([
    ['no order', { failedPrivate: [] }],
    ['no failedPrivate', { order: [{ index: 0 }] }],
    ['an index out of range', { order: [{ index: 2 }], failedPrivate: [] }],
    ['a negative index', { order: [{ index: -1 }], failedPrivate: [] }],
    ['an index twice', { order: [{ index: 0 }, { index: 0 }], failedPrivate: [] }],
    ['a failed index out of range', { order: [], failedPrivate: [2] }],
    ['a failed index that is also ranked', { order: [{ index: 0 }], failedPrivate: [0] }],
    [
      'a throughput that is not a positive number',
      { order: [{ index: 0, bytesPerSec: '5' }], failedPrivate: [] }
    ],
    [
      'a latency that is not a number',
      { order: [{ index: 0, latencyMs: '9' }], failedPrivate: [] }
    ],
    ['a verdict that is not true', { order: [{ index: 0, unhealthy: false }], failedPrivate: [] }],
    ['not an object', 'order'],
    ['nothing', undefined]
  ])('refuses %s', (_what, value) => {
    expect(() => parseRouterRanking(value, 2)).toThrow('router ranking')
  })
})

describe('parseParentMessage', () => {
  const authority = {
    certPem: '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n',
    keyPem: '-----BEGIN PRIVATE KEY-----\nMIG\n-----END PRIVATE KEY-----\n'
  }

  it.each<[string, unknown, unknown]>([
    ['a socket alone', { kind: 'listen' }, { kind: 'listen' }],
    [
      'a socket with the job authority',
      { kind: 'listen', authority },
      { kind: 'listen', authority }
    ],
    [
      'a socket with something else for an authority, which is dropped',
      { kind: 'listen', authority: { certPem: 'x', keyPem: authority.keyPem } },
      { kind: 'listen' }
    ],
    ['nothing known', { kind: 'authority', ...authority }, undefined]
  ])('takes %s', (_what, value, expected) => {
    expect(parseParentMessage(value, 2)).toEqual(expected)
  })
})
