import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { parseMirror } from '../../src/mirrors/mirror.js'
import { probeMirrors } from '../../src/probe/probe.js'
import { rankMirrors } from '../../src/rank/ranking.js'
import {
  type Faults,
  type Mirror as TestMirror,
  refusedIndexUrl,
  startMirror
} from '../../test-support/mirror-server.js'
import { buildWheel } from '../../test-support/wheel.js'

// Large enough for the probe to time its download.
const packages = [buildWheel({ name: 'demo-pkg', version: '1.0', sizeBytes: 300_000 })]
const started: TestMirror[] = []

async function mirror(name: string, faults: Partial<Faults> = {}) {
  const server = await startMirror({ packages, faults })
  started.push(server)
  return parseMirror(`${name}=${server.indexUrl}`)
}

afterAll(async () => {
  await Promise.all(started.map(server => server.close()))
})

describe('probeMirrors against live servers', () => {
  it('tells healthy mirrors from every kind of broken one, with the reason', async () => {
    const mirrors = [
      await mirror('json'),
      await mirror('static', { htmlOnly: true }),
      await mirror('portal', { errorPage: true }),
      await mirror('missing', { pageStatus: 404 }),
      await mirror('forbidden', { pageStatus: 403 }),
      await mirror('resetting', { reset: 'all' }),
      await mirror('hanging', { hang: 'all' }),
      parseMirror(`refused=${await refusedIndexUrl()}`)
    ]
    const ranking = rankMirrors(
      (await probeMirrors(mirrors, { project: 'Demo_Pkg', timeoutMs: 1000, samples: 2 })).probes
    )
    const verdicts = Object.fromEntries(
      ranking.map(entry => [entry.mirror.name, entry.ok ? 'ok' : entry.error])
    )
    expect(verdicts).toEqual({
      json: 'ok',
      static: 'ok',
      portal: 'the project page lists no files',
      missing: 'HTTP 404',
      forbidden: 'HTTP 403',
      resetting: 'connection reset or closed by the server',
      hanging: 'no answer within 1000 ms',
      refused: 'connection refused'
    })
    expect(ranking.find(entry => entry.mirror.name === 'json')?.samples).toBe(2)
  })

  it('ranks a fast mirror before a slow one', async () => {
    const mirrors = [
      await mirror('slow', { latencyMs: 250 }),
      await mirror('fast', { latencyMs: 0 })
    ]
    const ranking = rankMirrors(
      (await probeMirrors(mirrors, { project: 'demo-pkg', timeoutMs: 2000, samples: 3 })).probes
    )
    expect(ranking.map(entry => entry.mirror.name)).toEqual(['fast', 'slow'])
    expect(ranking[1].latencyMs).toBeGreaterThanOrEqual(250)
  })

  it('ends within about the timeout however many mirrors hang', async () => {
    const mirrors = [
      ...(await Promise.all([1, 2, 3, 4, 5, 6].map(n => mirror(`hang${n}`, { hang: 'all' })))),
      await mirror('healthy')
    ]
    const begin = performance.now()
    const { probes } = await probeMirrors(mirrors, {
      project: 'demo-pkg',
      timeoutMs: 800,
      samples: 3
    })
    const elapsed = performance.now() - begin
    // Generous for a loaded 2-core machine; a serial probe would take 6 x 800 ms.
    expect(elapsed).toBeLessThan(800 + 1500)
    expect(rankMirrors(probes)[0].mirror.name).toBe('healthy')
  })

  it('gives a slow mirror fewer samples instead of stretching the phase', async () => {
    const mirrors = [await mirror('sluggish', { latencyMs: 400 })]
    const {
      probes: [probe]
    } = await probeMirrors(mirrors, { project: 'demo-pkg', timeoutMs: 1000, samples: 5 })
    expect(probe.samples.length).toBeGreaterThanOrEqual(1)
    expect(probe.samples.length).toBeLessThan(5)
    expect(probe.samples.every(sample => !sample.failure)).toBe(true)
  })
})

describe('probeMirrors with a workload: it stops when the ranking is decided', () => {
  // 50 requests and 1 MB: a leader at a few ms and tens of MB/s predicts well under a second.
  const workload = Promise.resolve({ requests: 50, bytes: 1_000_000, basis: 'test' })

  it('stops waiting for a black hole once the leader is measured, naming the real wait', async () => {
    const mirrors = [await mirror('hole', { hang: 'all' }), await mirror('leader')]
    const begin = performance.now()
    const { probes, downloads } = await probeMirrors(mirrors, {
      project: 'demo-pkg',
      timeoutMs: 5000,
      samples: 3,
      workload
    })
    const elapsed = performance.now() - begin
    // Without the cut it would wait out the full 5000 ms.
    expect(elapsed).toBeLessThan(2500)
    const [leader, hole] = rankMirrors(probes)
    expect(leader.mirror.name).toBe('leader')
    expect(hole.error).toMatch(/^no answer within \d+ ms$/)
    expect(Number(/(\d+) ms/.exec(hole.error ?? '')?.[1])).toBeLessThan(2500)
    expect([...downloads.keys()].map(m => m.name)).toEqual(['leader'])
  })

  it('samples no download from a mirror whose latency alone rules it out', async () => {
    const mirrors = [await mirror('far', { latencyMs: 300 }), await mirror('near')]
    const { probes, downloads } = await probeMirrors(mirrors, {
      project: 'demo-pkg',
      timeoutMs: 3000,
      samples: 3,
      workload
    })
    expect([...downloads.keys()].map(m => m.name)).toEqual(['near'])
    // `far` was still answering its first page when the leader's time was known.
    expect(rankMirrors(probes).map(entry => entry.mirror.name)).toEqual(['near', 'far'])
  })

  it('waits for PyPI itself, the reference for hashes, even when it cannot win', async () => {
    const mirrors = [
      parseMirror(`pypi=${(await mirror('upstream', { latencyMs: 300 })).url}`),
      await mirror('near')
    ]
    const { probes } = await probeMirrors(mirrors, {
      project: 'demo-pkg',
      timeoutMs: 3000,
      samples: 1,
      workload
    })
    expect(rankMirrors(probes).map(entry => [entry.mirror.name, entry.ok])).toEqual([
      ['near', true],
      ['pypi', true]
    ])
  })
})

describe('probeMirrors with credentials', () => {
  let server: Server
  let authorization: string | undefined
  let requestedUrl: string | undefined

  beforeAll(async () => {
    server = createServer((request, response) => {
      authorization = request.headers.authorization
      requestedUrl = request.url
      response.writeHead(200, { 'content-type': 'text/html' })
      response.end('<a href="/f/demo_pkg-1.0-py3-none-any.whl">demo_pkg-1.0-py3-none-any.whl</a>')
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  })
  afterAll(async () => new Promise(resolve => server.close(resolve)))

  it('sends URL credentials as Basic auth, not in the request line', async () => {
    const { port } = server.address() as AddressInfo
    const {
      probes: [probe]
    } = await probeMirrors([parseMirror(`private=http://ci:p%40ss@127.0.0.1:${port}/simple`)], {
      project: 'demo-pkg',
      timeoutMs: 1000,
      samples: 1
    })
    expect(probe.samples[0].failure).toBeUndefined()
    expect(requestedUrl).toBe('/simple/demo-pkg/')
    expect(authorization).toBe(`Basic ${Buffer.from('ci:p@ss').toString('base64')}`)
  })
})
