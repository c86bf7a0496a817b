import { describe, expect, it } from '@jest/globals'
import {
  actionCacheDir,
  isRouterSecret,
  preferredRouterPort,
  routerIndexUrl,
  routerPortKey,
  routerProxyUrl
} from '../../src/router-process/address.js'

describe('preferredRouterPort', () => {
  it('is the same for the same key, between 20000 and 29999', () => {
    const keys = Array.from({ length: 200 }, (_, index) => `1001\nowner/repo-${index}`)
    for (const key of keys) {
      const port = preferredRouterPort(key)
      expect(port).toBe(preferredRouterPort(key))
      expect(port).toBeGreaterThanOrEqual(20000)
      expect(port).toBeLessThan(30000)
    }
    // Spread out: repositories on one runner rarely share a port.
    expect(new Set(keys.map(preferredRouterPort)).size).toBeGreaterThan(180)
  })
})

describe('routerPortKey', () => {
  it.each([
    [{ GITHUB_REPOSITORY: 'o/r', GITHUB_WORKSPACE: '/w' }, '1001\no/r'],
    [{ GITHUB_WORKSPACE: '/w' }, '1001\n/w'],
    [{}, '1001\n/cwd']
  ])('%j gives %j', (env, key) => {
    expect(routerPortKey('1001', env, '/cwd')).toBe(key)
  })
})

describe('isRouterSecret', () => {
  it.each([
    ['EuFkI_XbhCIbg6PzhvZJw2pLEZBzr2HO', true],
    ['a'.repeat(22), true],
    ['short', false],
    ['has/slash-in-it-xxxxxxxxxxxx', false],
    ['has%2Fescape-xxxxxxxxxxxxxxx', false],
    ['', false]
  ])('%j: %s', (text, valid) => {
    expect(isRouterSecret(text)).toBe(valid)
  })
})

describe('routerIndexUrl', () => {
  it('puts the secret before /simple, on loopback or a Docker network', () => {
    expect(routerIndexUrl(25000, 's3cret')).toBe('http://127.0.0.1:25000/s3cret/simple')
    expect(routerIndexUrl(25000, 'j0b', '172.17.0.1')).toBe('http://172.17.0.1:25000/j0b/simple')
  })
})

describe('routerProxyUrl', () => {
  it("carries the job's password", () => {
    expect(routerProxyUrl('172.17.0.1', 25000, 'j0b-S3cret')).toBe(
      'http://pip-mirror-action:j0b-S3cret@172.17.0.1:25000'
    )
  })
})

describe('actionCacheDir', () => {
  it.each([
    [{ XDG_CACHE_HOME: '/c' }, '/c/pip-mirror-action'],
    [{ XDG_CACHE_HOME: 'relative' }, '/home/u/.cache/pip-mirror-action'],
    [{}, '/home/u/.cache/pip-mirror-action']
  ])('%j: %s', (env, dir) => {
    expect(actionCacheDir(env, '/home/u')).toBe(dir)
  })
})
