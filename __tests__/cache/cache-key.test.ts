import { describe, expect, it } from '@jest/globals'
import { cacheKeys, mirrorIdentity } from '../../src/cache/cache-key.js'
import { parseMirror } from '../../src/mirrors/mirror.js'

const base = {
  runnerOs: 'Linux',
  osRelease: 'ubuntu-24.04',
  python: { implementation: 'cpython', version: '3.12.3', arch: 'x86_64' },
  tools: ['pip', 'uv'],
  source: parseMirror('tuna') as ReturnType<typeof parseMirror> | 'router',
  dependencyHash: 'abc123'
}

describe('cacheKeys', () => {
  it('keys on OS, release, Python, architecture, tools, mirror and dependencies', () => {
    const keys = cacheKeys(base)
    const tuna = mirrorIdentity(parseMirror('tuna'))
    expect(keys.primary).toBe(
      `pip-mirror-v1-Linux-ubuntu-24.04-cpython3.12.3-x86_64-pip+uv-${tuna}-abc123`
    )
    expect(keys.restoreKeys).toEqual([
      `pip-mirror-v1-Linux-ubuntu-24.04-cpython3.12.3-x86_64-pip+uv-${tuna}-`,
      'pip-mirror-v1-Linux-ubuntu-24.04-cpython3.12.3-x86_64-pip+uv-'
    ])
  })

  it('still keys a job with no dependency file, without a hash', () => {
    const keys = cacheKeys({ ...base, dependencyHash: '' })
    expect(keys.primary).toBe(
      `pip-mirror-v1-Linux-ubuntu-24.04-cpython3.12.3-x86_64-pip+uv-${mirrorIdentity(parseMirror('tuna'))}`
    )
    expect(keys.restoreKeys).toEqual([
      'pip-mirror-v1-Linux-ubuntu-24.04-cpython3.12.3-x86_64-pip+uv-'
    ])
  })

  it.each([
    ['runnerOs', { runnerOs: 'macOS' }],
    ['osRelease', { osRelease: 'ubuntu-22.04' }],
    ['python version', { python: { ...base.python, version: '3.13.0' } }],
    ['architecture', { python: { ...base.python, arch: 'arm64' } }],
    ['implementation', { python: { ...base.python, implementation: 'pypy' } }],
    ['tools', { tools: ['pip'] }],
    ['mirror', { source: parseMirror('ustc') }],
    ['router in place of a mirror', { source: 'router' as const }],
    ['dependency hash', { dependencyHash: 'def456' }]
  ])('changes with the %s', (_name, change) => {
    expect(cacheKeys({ ...base, ...change }).primary).not.toBe(cacheKeys(base).primary)
  })

  it('names the router as the source: its URLs are the same whichever mirror served the files', () => {
    expect(cacheKeys({ ...base, source: 'router' }).primary).toBe(
      'pip-mirror-v1-Linux-ubuntu-24.04-cpython3.12.3-x86_64-pip+uv-router-abc123'
    )
  })

  it('makes every restore key a prefix of the primary key', () => {
    const keys = cacheKeys(base)
    for (const prefix of keys.restoreKeys) expect(keys.primary.startsWith(prefix)).toBe(true)
  })

  it('keeps keys free of commas and within 512 characters', () => {
    const keys = cacheKeys({
      ...base,
      osRelease: 'weird, release',
      source: parseMirror(`x=https://example.org/${'a'.repeat(300)}/simple`),
      dependencyHash: 'f'.repeat(64)
    })
    expect(keys.primary).not.toContain(',')
    expect(keys.primary.length).toBeLessThanOrEqual(512)
  })
})

describe('mirrorIdentity', () => {
  it('ignores credentials, so a rotated token keeps the cache', () => {
    expect(mirrorIdentity(parseMirror('corp=https://ci:old@pypi.corp.example/simple'))).toBe(
      mirrorIdentity(parseMirror('corp=https://ci:new@pypi.corp.example/simple'))
    )
  })

  it('tells apart two mirrors of the same name', () => {
    expect(mirrorIdentity(parseMirror('corp=https://a.example/simple'))).not.toBe(
      mirrorIdentity(parseMirror('corp=https://b.example/simple'))
    )
  })

  it('reads as the mirror name plus a short hash', () => {
    expect(mirrorIdentity(parseMirror('http://127.0.0.1:8080/simple'))).toMatch(
      /^127\.0\.0\.1_8080_[0-9a-f]{8}$/
    )
  })
})
