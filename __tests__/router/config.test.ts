import { describe, expect, it } from '@jest/globals'
import { parseMirror } from '../../src/mirrors/mirror.js'
import {
  parseRouterConfig,
  parseRouterRanking,
  ROUTER_UPSTREAM_TIMEOUT_MS,
  routerRanking,
  routerSettings
} from '../../src/router/config.js'

const valid = {
  mirrors: [
    { name: 'corp', url: 'https://ci:t0ken@pypi.corp.example/simple', private: true },
    { name: 'pypi', url: 'https://pypi.org/simple', private: false }
  ],
  privateProjects: ['corp-*'],
  storeDir: '/tmp/store',
  timeoutMs: 5000,
  statsFile: '/tmp/r/stats.json'
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
    ['ranked as text', JSON.stringify({ ...valid, ranked: 'yes' }), 'ranked must be true or false']
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
    const withSpeed = [{ ...ranking[0], throughputBps: 4e6 }, ...ranking.slice(1)]
    expect(routerSettings(withSpeed, ['corp-*'], '/tmp/store', true)).toEqual({
      mirrors: [
        { name: 'corp', url: 'https://corp.example/simple', private: true },
        { name: 'ci', url: 'https://ci:t0ken@ci.example/simple', private: true },
        { name: 'fast', url: 'http://fast.example/simple', private: false, bytesPerSec: 4e6 }
      ],
      ranked: true,
      privateProjects: ['corp-*'],
      storeDir: '/tmp/store',
      timeoutMs: ROUTER_UPSTREAM_TIMEOUT_MS
    })
  })
})

describe('routerRanking', () => {
  const mirrors = ['a', 'b', 'c', 'd'].map(name => ({
    name,
    url: `http://${name}.example/simple`,
    private: name === 'd'
  }))
  const candidate = (name: string, extra: object = {}) => ({
    mirror: parseMirror(`${name === 'd' ? 'private:' : ''}${name}=http://${name}.example/simple`),
    ...extra
  })

  it.each([
    [
      'the ranking by index, with throughput',
      [candidate('c', { throughputBps: 9e6 }), candidate('a'), candidate('b')],
      [{ index: 2, bytesPerSec: 9e6 }, { index: 0 }, { index: 1 }]
    ],
    [
      'private indexes first, whatever their rank',
      [candidate('b'), candidate('d'), candidate('a')],
      [{ index: 3 }, { index: 1 }, { index: 0 }]
    ],
    [
      'without a mirror that served a corrupt file',
      [candidate('a', { integrity: 'mismatch' }), candidate('b', { integrity: 'verified' })],
      [{ index: 1 }]
    ],
    [
      'without candidates the router was not started with',
      [candidate('zz'), candidate('a')],
      [{ index: 0 }]
    ]
  ])('orders %s', (_what, ranking, order) => {
    expect(routerRanking(mirrors, ranking as Parameters<typeof routerRanking>[1])).toEqual({
      order
    })
  })
})

describe('parseRouterRanking', () => {
  it('takes a valid ranking', () => {
    const ranking = { order: [{ index: 1, bytesPerSec: 5 }, { index: 0 }] }
    expect(parseRouterRanking(ranking, 2)).toEqual(ranking)
  })

  it.each([
    ['no order', {}],
    ['an index out of range', { order: [{ index: 2 }] }],
    ['a negative index', { order: [{ index: -1 }] }],
    ['an index twice', { order: [{ index: 0 }, { index: 0 }] }],
    ['a throughput that is not a positive number', { order: [{ index: 0, bytesPerSec: '5' }] }],
    ['not an object', 'order']
  ])('refuses %s', (_what, value) => {
    expect(() => parseRouterRanking(value, 2)).toThrow('router ranking')
  })
})
