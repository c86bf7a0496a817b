import { describe, expect, it } from '@jest/globals'
import { parseMirror } from '../../src/mirrors/mirror.js'
import {
  parseRouterConfig,
  ROUTER_UPSTREAM_TIMEOUT_MS,
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
  readyFile: '/tmp/r/ready.json',
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
    ['a zero timeout', JSON.stringify({ ...valid, timeoutMs: 0 }), 'timeoutMs must be a positive']
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
    expect(routerSettings(ranking, ['corp-*'], '/tmp/store')).toEqual({
      mirrors: [
        { name: 'corp', url: 'https://corp.example/simple', private: true },
        { name: 'ci', url: 'https://ci:t0ken@ci.example/simple', private: true },
        { name: 'fast', url: 'http://fast.example/simple', private: false }
      ],
      privateProjects: ['corp-*'],
      storeDir: '/tmp/store',
      timeoutMs: ROUTER_UPSTREAM_TIMEOUT_MS
    })
  })
})
