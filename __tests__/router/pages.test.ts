import { afterAll, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Mirror, mirrorFromUrl } from '../../src/mirrors/mirror.js'
import { HttpClient, type HttpResponse } from '../../src/net/http-client.js'
import { type IndexFile, JSON_CONTENT_TYPE } from '../../src/net/index-page.js'
import type { FileListing } from '../../src/router/page-merge.js'
import type { Evidence } from '../../src/router/freshness.js'
import { PageSource, type PageSourceOptions, projectName } from '../../src/router/pages.js'
import {
  type Faults,
  type Mirror as TestMirror,
  mirrorPool,
  refusedIndexUrl
} from '../../test-support/mirror-server.js'
import { buildWheel } from '../../test-support/wheel.js'

const asMirror = (indexUrl: string, name: string, isPrivate = false): Mirror => ({
  ...mirrorFromUrl(name, indexUrl),
  private: isPrivate
})

describe('PageSource with answers in hand together (stubbed client)', () => {
  /** Every send waits for `release`, so the answers arrive in the same turn. */
  function gatedClient(serials: Record<string, number>) {
    let release!: () => void
    const gate = new Promise<void>(resolve => (release = resolve))
    const asked: string[] = []
    const client: PageSourceOptions['client'] = {
      async send(url) {
        asked.push(url)
        await gate
        const host = new URL(url).hostname
        const body = JSON.stringify({
          meta: { 'api-version': '1.1', '_last-serial': serials[host] },
          files: [{ filename: 'demo-1.0.tar.gz', url: '/f/demo-1.0.tar.gz', hashes: {} }]
        })
        const response = {
          status: 200,
          headers: { 'content-type': JSON_CONTENT_TYPE },
          latencyMs: 1,
          text: async () => body,
          bytes: async () => Buffer.from(body),
          discard: async () => undefined
        }
        return { response: response as unknown as HttpResponse }
      }
    }
    return { client, asked, release }
  }

  it.each([
    ['the fresher, lower-ranked mirror', { first: 5, second: 9 }, 'second'],
    ['the better-ranked mirror on a tie', { first: 7, second: 7 }, 'first']
  ])('serves %s', async (_name, serials, winner) => {
    const { client, asked, release } = gatedClient(serials)
    const mirrors = ['first', 'second'].map(name => asMirror(`http://${name}/simple`, name))
    const source = new PageSource(mirrors, {
      client,
      timeoutMs: 5000,
      privateProjects: [],
      hedgeAfterMs: () => 0
    })
    const answer = source.project('demo')
    while (asked.length < 2) await new Promise(resolve => setTimeout(resolve, 5))
    release()
    const result = await answer
    expect(result).toMatchObject({ ok: true, mirror: { name: winner } })
    if (result.ok) expect(result.page.serial).toBe(Math.max(serials.first, serials.second))
  })
})

describe('PageSource hedging and failover order (scripted client)', () => {
  interface Script {
    delayMs: number
    status?: number
    serial?: number
  }

  /** Answers each host after its delay; an aborted request fails at once, as HttpClient's does. */
  function scriptedClient(scripts: Record<string, Script>) {
    const asked: string[] = []
    const aborted: string[] = []
    const client: PageSourceOptions['client'] = {
      send(url, init) {
        const host = new URL(url).hostname
        asked.push(host)
        const { delayMs, status = 200, serial } = scripts[host]
        return new Promise(resolve => {
          const timer = setTimeout(() => {
            const body = JSON.stringify({
              ...(serial !== undefined
                ? { meta: { 'api-version': '1.1', '_last-serial': serial } }
                : {}),
              files: [{ filename: 'demo-1.0.tar.gz', url: '/f/demo-1.0.tar.gz', hashes: {} }]
            })
            const response = {
              status,
              headers: { 'content-type': JSON_CONTENT_TYPE },
              latencyMs: delayMs,
              text: async () => body,
              bytes: async () => Buffer.from(body),
              discard: async () => undefined
            }
            resolve({ response: response as unknown as HttpResponse })
          }, delayMs)
          init.signal?.addEventListener('abort', () => {
            clearTimeout(timer)
            aborted.push(host)
            resolve({ failure: { kind: 'timeout', message: 'cancelled' }, latencyMs: 0 })
          })
        })
      }
    }
    return { client, asked, aborted }
  }

  const run = async (
    scripts: Record<string, Script>,
    hedgeAfterMs?: number,
    options: { ranked?: boolean; rank?: string[] } = {}
  ) => {
    const { client, asked, aborted } = scriptedClient(scripts)
    const mirrors = Object.keys(scripts).map(name => asMirror(`http://${name}/simple`, name))
    const pages = new PageSource(mirrors, {
      client,
      timeoutMs: 5000,
      privateProjects: [],
      // One mirror per page: how a race hedges and fails over.
      pageMirrors: 1,
      ranked: options.ranked,
      ...(hedgeAfterMs !== undefined ? { hedgeAfterMs: () => hedgeAfterMs } : {})
    })
    if (options.rank)
      pages.rank(
        options.rank.map(name => mirrors.find(mirror => mirror.name === name) as Mirror),
        []
      )
    const result = await pages.project('demo')
    return { result, asked, aborted, stats: pages.stats }
  }

  describe('before the ranking arrives', () => {
    it('asks every mirror at once and serves the freshest answer in hand soon after the first', async () => {
      const { result, asked, aborted, stats } = await run(
        {
          stale: { delayMs: 5, serial: 10 },
          fresh: { delayMs: 12, serial: 20 },
          hole: { delayMs: 60_000 }
        },
        undefined,
        { ranked: false }
      )
      expect(result).toMatchObject({ ok: true, mirror: { name: 'fresh' } })
      expect(asked.sort()).toEqual(['fresh', 'hole', 'stale'])
      expect(aborted).toEqual(['hole'])
      expect(stats).toMatchObject({ hedged: 0, hedgesWon: 0 })
    })

    it('does not wait past the grace for a fresher answer', async () => {
      const { result } = await run(
        { stale: { delayMs: 5, serial: 10 }, slow: { delayMs: 1500, serial: 20 } },
        undefined,
        { ranked: false }
      )
      expect(result).toMatchObject({ ok: true, mirror: { name: 'stale' } })
    })

    it('serves the one mirror that answers when the others fail', async () => {
      const { result } = await run(
        { a: { delayMs: 5, status: 503 }, b: { delayMs: 5, status: 404 }, c: { delayMs: 40 } },
        undefined,
        { ranked: false }
      )
      expect(result).toMatchObject({ ok: true, mirror: { name: 'c' }, failovers: 2 })
    })
  })

  it('asks in the ranking’s order once it arrives, and no longer the mirrors it left out', async () => {
    const { result, asked } = await run(
      { a: { delayMs: 5, status: 503 }, b: { delayMs: 5 }, c: { delayMs: 5, status: 503 } },
      1000,
      { ranked: false, rank: ['c', 'a'] }
    )
    expect(asked).toEqual(['c', 'a'])
    expect(result).toMatchObject({ ok: false, status: 502 })
  })

  it('hedges down the ranking while each mirror in turn is slow, and cancels the losers', async () => {
    const { result, asked, aborted, stats } = await run(
      { a: { delayMs: 2000 }, b: { delayMs: 2000 }, c: { delayMs: 10 } },
      30
    )
    expect(result).toMatchObject({ ok: true, mirror: { name: 'c' }, hedged: true, failovers: 0 })
    expect(asked).toEqual(['a', 'b', 'c'])
    expect(aborted.sort()).toEqual(['a', 'b'])
    expect(stats).toMatchObject({ hedged: 2, hedgesWon: 1, failovers: 0 })
    expect(stats.mirrors.a).toEqual({ requests: 1, failures: 0, notFound: 0, behind: 0 })
  })

  it('fails over at once when a hedge fails while the leader is still pending', async () => {
    const { result, asked, stats } = await run(
      { a: { delayMs: 2000 }, b: { delayMs: 5, status: 500 }, c: { delayMs: 10 } },
      30
    )
    expect(result).toMatchObject({ ok: true, mirror: { name: 'c' }, failovers: 1 })
    expect(asked).toEqual(['a', 'b', 'c'])
    expect(stats).toMatchObject({ hedged: 1, hedgesWon: 0, failovers: 1 })
    expect(stats.mirrors.b).toEqual({ requests: 1, failures: 1, notFound: 0, behind: 0 })
  })

  it('waits for the leader when every other mirror fails', async () => {
    const { result, stats } = await run(
      { a: { delayMs: 200 }, b: { delayMs: 5, status: 404 }, c: { delayMs: 5, status: 502 } },
      30
    )
    expect(result).toMatchObject({ ok: true, mirror: { name: 'a' }, hedged: false, failovers: 2 })
    expect(stats.mirrors).toMatchObject({ b: { notFound: 1 }, c: { failures: 1 } })
  })
})

describe('project names', () => {
  it.each([
    ['Demo_Pkg', 'demo-pkg'],
    ['zope.interface', 'zope-interface'],
    ['A', 'a'],
    ['a__b..c', 'a-b-c'],
    ['9x', '9x']
  ])('takes %s as %s', (name, normalised) => {
    expect(projectName(name)).toBe(normalised)
  })

  it.each([
    '',
    '..',
    '../admin',
    '..%2F..%2Fadmin',
    '%2e%2e',
    'a/b',
    'a?b=1',
    'a#b',
    'a b',
    '-a',
    'a_',
    'ü',
    'a\u0000'
  ])('refuses %j without asking any mirror', async name => {
    const asked: string[] = []
    const client: PageSourceOptions['client'] = {
      send: async url => {
        asked.push(url)
        return { failure: { kind: 'refused' as const, message: 'not reached' }, latencyMs: 0 }
      }
    }
    const mirror = asMirror('http://mirror.example/simple', 'mirror')
    const pages = new PageSource([mirror], { client, timeoutMs: 1000, privateProjects: [] })
    expect(projectName(name)).toBeUndefined()
    expect(await pages.project(name)).toMatchObject({ ok: false, status: 404 })
    expect(await pages.projectOn(mirror, name)).toMatchObject({ ok: false, status: 404 })
    expect(asked).toEqual([])
  })
})

describe('PageSource against loopback mirrors', () => {
  const demo1 = { ...buildWheel({ name: 'demo-pkg', version: '1.0' }), requiresPython: '>=3.8' }
  const demo2 = buildWheel({ name: 'demo-pkg', version: '2.0' })
  const corpReal = buildWheel({ name: 'corp-secret', version: '1.0' })
  const corpEvil = buildWheel({ name: 'corp-secret', version: '9.0' })
  const publicPool = mirrorPool([demo1, demo2, corpEvil])
  const privatePool = mirrorPool([corpReal])
  const client = new HttpClient(10_000, {})

  afterAll(async () => {
    await client.destroy()
    await Promise.all([publicPool.closeAll(), privatePool.closeAll()])
  })

  /** One mirror per page unless told otherwise: how a race hedges and fails over. */
  const source = (mirrors: Mirror[], options: Partial<PageSourceOptions> = {}): PageSource =>
    new PageSource(mirrors, {
      client,
      timeoutMs: 5000,
      privateProjects: [],
      pageMirrors: 1,
      ...options
    })

  const pageRequests = (server: TestMirror, project: string): number =>
    server.requests.filter(request => request.path === `/simple/${project}/`).length

  const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const started = Date.now()
    const result = await run()
    return [result, Date.now() - started]
  }

  it.each([
    ['JSON', false],
    ['HTML', true]
  ])('serves the first mirror’s %s page with absolute file URLs', async (_name, htmlOnly) => {
    const [first, second] = [await publicPool.start({ htmlOnly }), await publicPool.start()]
    const pages = source([asMirror(first.indexUrl, 'first'), asMirror(second.indexUrl, 'second')])
    const result = await pages.project('Demo_Pkg')
    expect(result).toMatchObject({ ok: true, mirror: { name: 'first' }, hedged: false })
    if (!result.ok) return
    expect(result.failovers).toBe(0)
    expect(result.page.serial).toBe(1000)
    expect(result.page.files[0]).toMatchObject({
      filename: demo1.filename,
      url: `${first.origin}/files/${demo1.filename}`,
      sha256: demo1.sha256,
      requiresPython: '>=3.8'
    })
    // Only JSON carries PEP 700's sizes and version list.
    expect(result.page.files[0].size).toBe(htmlOnly ? undefined : demo1.bytes.length)
    expect(result.page.versions).toEqual(htmlOnly ? undefined : ['1.0', '2.0'])
    expect(second.requests).toEqual([])
    expect(pages.stats).toMatchObject({
      mirrors: {
        first: { requests: 1, failures: 0, notFound: 0, behind: 0 },
        second: { requests: 0, failures: 0, notFound: 0, behind: 0 }
      },
      failovers: 0,
      hedged: 0,
      hedgesWon: 0
    })
  })

  const FAILING_LEADERS: [string, Partial<Faults> | 'refused', 'failures' | 'notFound'][] = [
    ['refuses connections', 'refused', 'failures'],
    ['answers 500', { pageStatus: 500 }, 'failures'],
    ['answers 404', { pageStatus: 404 }, 'notFound'],
    ['resets the connection', { reset: 'pages' }, 'failures'],
    ['serves a captive portal', { errorPage: true }, 'failures'],
    ['hangs past the timeout', { hang: 'pages' }, 'failures']
  ]

  it.each(FAILING_LEADERS)('fails over when the first mirror %s', async (_name, fault, count) => {
    const leaderUrl =
      fault === 'refused' ? await refusedIndexUrl() : (await publicPool.start(fault)).indexUrl
    const second = await publicPool.start()
    // No hedge: the leader's own failure (or timeout) must bring in the next mirror.
    const pages = source([asMirror(leaderUrl, 'first'), asMirror(second.indexUrl, 'second')], {
      timeoutMs: 1000,
      hedgeAfterMs: () => 60_000
    })
    const result = await pages.project('demo-pkg')
    expect(result).toMatchObject({ ok: true, mirror: { name: 'second' }, failovers: 1 })
    expect(pages.stats.failovers).toBe(1)
    expect(pages.stats.mirrors.first).toMatchObject({ requests: 1, [count]: 1 })
  })

  it('answers 404 only when every mirror answers 404, and 502 when any failed', async () => {
    const [first, second] = [await publicPool.start(), await publicPool.start()]
    const pages = source([asMirror(first.indexUrl, 'first'), asMirror(second.indexUrl, 'second')])
    expect(await pages.project('no-such-project')).toEqual({
      ok: false,
      status: 404,
      reason: 'no mirror lists no-such-project'
    })
    first.setFaults({ pageStatus: 503 })
    const failed = await pages.project('no-such-project')
    expect(failed).toMatchObject({ ok: false, status: 502 })
    if (!failed.ok) expect(failed.reason).toBe('first: HTTP 503; second: 404')
  })

  it('hedges to the second mirror when the first is slow, and cancels the first', async () => {
    const [slow, fast] = [await publicPool.start({ latencyMs: 3000 }), await publicPool.start()]
    const pages = source([asMirror(slow.indexUrl, 'slow'), asMirror(fast.indexUrl, 'fast')], {
      hedgeAfterMs: () => 100
    })
    const [result, elapsed] = await timed(() => pages.project('demo-pkg'))
    expect(result).toMatchObject({ ok: true, mirror: { name: 'fast' }, hedged: true })
    expect(elapsed).toBeGreaterThanOrEqual(90)
    expect(elapsed).toBeLessThan(2000)
    expect(pages.stats).toMatchObject({ hedged: 1, hedgesWon: 1, failovers: 0 })
    // The cancelled leader is neither a failure nor answered.
    expect(pages.stats.mirrors.slow).toEqual({ requests: 1, failures: 0, notFound: 0, behind: 0 })
    expect(pageRequests(slow, 'demo-pkg')).toBe(1)
  })

  it('does not hedge when the first mirror answers in time', async () => {
    const [first, second] = [await publicPool.start(), await publicPool.start()]
    const pages = source([asMirror(first.indexUrl, 'first'), asMirror(second.indexUrl, 'second')], {
      hedgeAfterMs: () => 2000
    })
    expect(await pages.project('demo-pkg')).toMatchObject({ ok: true, hedged: false })
    expect(second.requests).toEqual([])
    expect(pages.stats.hedged).toBe(0)
  })

  it('hedges after twice the leader’s usual latency by default', async () => {
    const [leader, other] = [await publicPool.start(), await publicPool.start()]
    const pages = source([asMirror(leader.indexUrl, 'leader'), asMirror(other.indexUrl, 'other')])
    for (let i = 0; i < 3; i++) await pages.project('demo-pkg')
    expect(other.requests).toEqual([])
    leader.setFaults({ latencyMs: 3000 })
    const [result, elapsed] = await timed(() => pages.project('demo-pkg'))
    expect(result).toMatchObject({ ok: true, mirror: { name: 'other' }, hedged: true })
    // Loopback answers in a few ms, so the hedge goes out at the 50 ms floor.
    expect(elapsed).toBeLessThan(1500)
  })

  describe('private projects', () => {
    const setup = async (privateFaults: Partial<Faults> = {}) => {
      const privateServer = await privatePool.start(privateFaults)
      const publicServer = await publicPool.start()
      const mirrors = [
        asMirror(publicServer.indexUrl, 'public'),
        asMirror(privateServer.indexUrl, 'corp', true)
      ]
      return { privateServer, publicServer, mirrors }
    }

    it.each([
      ['ranked', true],
      ['before the ranking, all at once', false]
    ])(
      'asks the private index first, and serves what it lists from it alone (%s)',
      async (_what, ranked) => {
        const { publicServer, mirrors } = await setup({ latencyMs: 300 })
        const pages = source(mirrors, { hedgeAfterMs: () => 20, ranked })
        const result = await pages.project('corp-secret')
        expect(result).toMatchObject({ ok: true, mirror: { name: 'corp' }, hedged: false })
        if (result.ok)
          expect(result.page.files.map(file => file.filename)).toEqual([corpReal.filename])
        // A slow private index is not hedged to a public mirror.
        expect(pageRequests(publicServer, 'corp-secret')).toBe(0)
      }
    )

    it('serves a project the private index does not list from a public mirror', async () => {
      const { privateServer, mirrors } = await setup()
      const result = await source(mirrors).project('demo-pkg')
      expect(result).toMatchObject({ ok: true, mirror: { name: 'public' }, failovers: 1 })
      expect(pageRequests(privateServer, 'demo-pkg')).toBe(1)
    })

    it('never asks a public mirror for a name in private-projects', async () => {
      const { publicServer, mirrors } = await setup({ pageStatus: 500 })
      const pages = source(mirrors, { privateProjects: ['corp-*'] })
      expect(await pages.project('Corp_Secret')).toMatchObject({ ok: false, status: 502 })
      expect(pageRequests(publicServer, 'corp-secret')).toBe(0)
      // Other projects may fall back to the public mirror while the private index is down.
      expect(await pages.project('demo-pkg')).toMatchObject({
        ok: true,
        mirror: { name: 'public' }
      })
    })

    it('answers 404 for a private-projects name the private index does not list', async () => {
      const { publicServer, mirrors } = await setup()
      const result = await source(mirrors, { privateProjects: ['demo-pkg'] }).project('demo-pkg')
      expect(result).toMatchObject({ ok: false, status: 404 })
      expect(pageRequests(publicServer, 'demo-pkg')).toBe(0)
    })

    it('falls back to no public mirror without private-projects when the private index fails', async () => {
      const { publicServer, mirrors } = await setup({ pageStatus: 500 })
      const result = await source(mirrors).project('demo-pkg')
      expect(result).toMatchObject({ ok: false, status: 502 })
      if (!result.ok) expect(result.reason).toMatch(/without 'private-projects'/)
      expect(publicServer.requests).toEqual([])
    })

    it('keeps a project the private index listed off public mirrors when it later fails', async () => {
      const { privateServer, publicServer, mirrors } = await setup()
      const pages = source(mirrors, { privateProjects: ['other-*'] })
      expect(await pages.project('corp-secret')).toMatchObject({
        ok: true,
        mirror: { name: 'corp' }
      })
      privateServer.setFaults({ reset: 'pages' })
      expect(await pages.project('corp-secret')).toMatchObject({ ok: false, status: 502 })
      expect(pageRequests(publicServer, 'corp-secret')).toBe(0)
    })
  })

  describe('metadata', () => {
    /** Each mirror's page and its listing of the demo wheel, in rank order. */
    /** A source over the servers, and each one's listing of the demo wheel, in rank order. */
    const listings = async (servers: TestMirror[]) => {
      const mirrors = servers.map((server, index) => asMirror(server.indexUrl, `m${index}`))
      const pages = source(mirrors)
      const sources: FileListing[] = await Promise.all(
        mirrors.map(async mirror => {
          const result = await pages.projectOn(mirror, 'demo-pkg')
          if (!result.ok) throw new Error(result.reason)
          const file = result.page.files.find(f => f.filename === demo1.filename)
          if (!file) throw new Error('the wheel is not listed')
          return { mirror, file }
        })
      )
      return { pages, sources }
    }
    const metadataRequests = (server: TestMirror): number =>
      server.requests.filter(request => request.path.endsWith('.metadata')).length

    it('reads the listed core metadata from the page’s mirror, checking its sha256', async () => {
      const servers = [
        await publicPool.start({ coreMetadata: true, htmlOnly: true }),
        await publicPool.start({ coreMetadata: true })
      ]
      const { pages, sources } = await listings(servers)
      expect(sources[0].file.coreMetadata).toEqual(sources[1].file.coreMetadata)
      const result = await pages.metadata(sources)
      expect(result).toMatchObject({ ok: true, mirror: { name: 'm0' }, failovers: 0 })
      if (result.ok)
        expect(result.body.toString()).toMatch(
          /^Metadata-Version: .*\nName: demo-pkg\nVersion: 1\.0\n/
        )
      expect(metadataRequests(servers[1])).toBe(0)
    })

    it('fails over past a mirror that lists the metadata but answers 404 for it', async () => {
      const servers = [
        await publicPool.start({ coreMetadata: 'unserved' }),
        await publicPool.start({ coreMetadata: true })
      ]
      const { pages, sources } = await listings(servers)
      const result = await pages.metadata(sources)
      expect(result).toMatchObject({ ok: true, mirror: { name: 'm1' }, failovers: 1 })
      // Its page and the metadata.
      expect(pages.stats.mirrors.m0).toEqual({ requests: 2, failures: 0, notFound: 1, behind: 0 })
    })

    it('answers 404 when every mirror that lists it lacks it, skipping other files', async () => {
      const servers = [
        await publicPool.start({ coreMetadata: 'unserved' }),
        await publicPool.start({ coreMetadata: true, wrongListedSha: true }),
        await publicPool.start()
      ]
      const { pages, sources } = await listings(servers)
      const result = await pages.metadata(sources)
      expect(result).toMatchObject({ ok: false, status: 404 })
      // The second lists another sha256 (another file), the third lists no metadata.
      expect(servers.map(metadataRequests)).toEqual([1, 0, 0])
    })

    it('reads no public listing’s metadata it did not hand out', async () => {
      const server = await publicPool.start({ coreMetadata: true })
      const { sources } = await listings([server])
      const result = await source([sources[0].mirror]).metadata(sources)
      expect(result).toMatchObject({ ok: false, status: 502 })
      expect(metadataRequests(server)).toBe(0)
    })

    it('reads no public listing’s metadata once its project may not come from one', async () => {
      const server = await publicPool.start({ coreMetadata: true })
      const corp = asMirror((await privatePool.start()).indexUrl, 'corp', true)
      const { mirror } = (await listings([server])).sources[0]
      const guarded = source([corp, mirror])
      const answer = await guarded.projectOn(mirror, 'demo-pkg')
      if (!answer.ok) throw new Error(answer.reason)
      const file = answer.page.files.find(f => f.filename === demo1.filename) as IndexFile
      // The private index is excluded: without private-projects, no name goes public now.
      guarded.rank([mirror], [corp])
      const result = await guarded.metadata([{ mirror, file }])
      expect(result).toMatchObject({ ok: false, status: 502 })
      expect(metadataRequests(server)).toBe(0)
    })

    it('answers 502 when the mirrors fail', async () => {
      const servers = [await publicPool.start({ coreMetadata: true })]
      const { pages, sources } = await listings(servers)
      servers[0].setFaults({ fileStatus: 500 })
      const result = await pages.metadata(sources)
      expect(result).toMatchObject({ ok: false, status: 502 })
    })
  })
  describe('one request per page in flight', () => {
    it('makes one upstream request for 40 concurrent requests of a page', async () => {
      const [first, second] = [
        await publicPool.start({ latencyMs: 100 }),
        await publicPool.start({ latencyMs: 100 })
      ]
      const pages = source(
        [asMirror(first.indexUrl, 'first'), asMirror(second.indexUrl, 'second')],
        {
          ranked: false
        }
      )
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => pages.project(i % 2 ? 'Demo_Pkg' : 'demo-pkg'))
      )
      expect(answers.every(answer => answer.ok)).toBe(true)
      expect([pageRequests(first, 'demo-pkg'), pageRequests(second, 'demo-pkg')]).toEqual([1, 1])
      expect(pages.stats.mirrors.first.requests).toBe(1)
      // Done is forgotten, not cached: the next request asks again.
      await pages.project('demo-pkg')
      expect(pageRequests(first, 'demo-pkg')).toBe(2)
    })

    it('keeps a page, and a metadata file, for keepMs when told to', async () => {
      const server = await publicPool.start({ coreMetadata: true })
      const pages = source([asMirror(server.indexUrl, 'only')], { keepMs: 300 })
      const first = await pages.project('demo-pkg')
      await pages.project('demo-pkg')
      expect(pageRequests(server, 'demo-pkg')).toBe(1)
      if (!first.ok) throw new Error(first.reason)
      const listing = [{ mirror: first.mirror, file: first.page.files[0] }]
      expect((await pages.metadata(listing)).ok).toBe(true)
      expect((await pages.metadata(listing)).ok).toBe(true)
      const metadataRequests = () =>
        server.requests.filter(request => request.path.endsWith('.metadata')).length
      expect(metadataRequests()).toBe(1)
      await new Promise(resolve => setTimeout(resolve, 350))
      await pages.project('demo-pkg')
      await pages.metadata(listing)
      expect([pageRequests(server, 'demo-pkg'), metadataRequests()]).toEqual([2, 2])
    })

    it('shares a race’s request with a lookup on the same mirror', async () => {
      const server = await publicPool.start({ latencyMs: 100 })
      const mirror = asMirror(server.indexUrl, 'only')
      const pages = source([mirror])
      const [raced, looked] = await Promise.all([
        pages.project('demo-pkg'),
        pages.projectOn(mirror, 'demo-pkg')
      ])
      expect(raced).toMatchObject({ ok: true, mirror: { name: 'only' } })
      expect(looked).toMatchObject({ ok: true, mirror: { name: 'only' }, hedged: false })
      expect(pageRequests(server, 'demo-pkg')).toBe(1)
      expect(pages.stats.mirrors.only).toEqual({ requests: 1, failures: 0, notFound: 0, behind: 0 })
    })
  })

  describe('projectOn', () => {
    const setup = async (privateFaults: Partial<Faults> = {}) => {
      const privateServer = await privatePool.start(privateFaults)
      const publicServer = await publicPool.start()
      const publicMirror = asMirror(publicServer.indexUrl, 'public')
      const privateMirror = asMirror(privateServer.indexUrl, 'corp', true)
      return { privateServer, publicServer, publicMirror, privateMirror }
    }

    it('serves one mirror’s page and counts it', async () => {
      const { publicServer, publicMirror, privateMirror } = await setup()
      const pages = source([privateMirror, publicMirror])
      expect(await pages.projectOn(publicMirror, 'demo-pkg')).toMatchObject({
        ok: true,
        mirror: { name: 'public' },
        failovers: 0
      })
      expect(await pages.projectOn(publicMirror, 'no-such')).toMatchObject({
        ok: false,
        status: 404
      })
      expect(pageRequests(publicServer, 'demo-pkg')).toBe(1)
      expect(pages.stats.mirrors.public).toEqual({
        requests: 2,
        failures: 0,
        notFound: 1,
        behind: 0
      })
    })

    it.each<[string, Partial<Faults>, string[], 404 | 502]>([
      ['a project the private index lists', {}, [], 404],
      ['a name in private-projects', {}, ['corp-*'], 404],
      [
        'any project while the private index fails, without private-projects',
        { pageStatus: 500 },
        [],
        502
      ]
    ])('never asks a public mirror for %s', async (_what, faults, privateProjects, status) => {
      const { publicServer, publicMirror, privateMirror } = await setup(faults)
      const pages = source([privateMirror, publicMirror], { privateProjects })
      const project = privateProjects.length > 0 ? 'corp-other' : 'corp-secret'
      expect(await pages.projectOn(publicMirror, project)).toMatchObject({ ok: false, status })
      expect(publicServer.requests).toEqual([])
    })
  })

  describe('a private index the ranking excluded', () => {
    const setup = async () => {
      const privateServer = await privatePool.start()
      const publicServer = await publicPool.start()
      const publicMirror = asMirror(publicServer.indexUrl, 'public')
      const privateMirror = asMirror(privateServer.indexUrl, 'corp', true)
      return { privateServer, publicServer, publicMirror, privateMirror }
    }

    it.each([
      ['listed as failed', true],
      ['left out of the ranking', false]
    ])('counts as failed when %s: no public mirror serves its projects', async (_what, listed) => {
      const { privateServer, publicServer, publicMirror, privateMirror } = await setup()
      const pages = source([privateMirror, publicMirror], { ranked: false })
      pages.rank([publicMirror], listed ? [privateMirror] : [])
      const answer = await pages.project('corp-secret')
      expect(answer).toMatchObject({ ok: false, status: 502 })
      if (!answer.ok) expect(answer.reason).toMatch(/corp: excluded by the probe/)
      expect(await pages.projectOn(publicMirror, 'corp-secret')).toMatchObject({ ok: false })
      expect(await pages.projectOn(privateMirror, 'corp-secret')).toMatchObject({ ok: false })
      expect(publicServer.requests).toEqual([])
      expect(privateServer.requests).toEqual([])
    })

    it('lets public mirrors serve names outside private-projects', async () => {
      const { publicServer, publicMirror, privateMirror } = await setup()
      const pages = source([privateMirror, publicMirror], { privateProjects: ['corp-*'] })
      pages.rank([publicMirror], [privateMirror])
      expect(await pages.project('corp-secret')).toMatchObject({ ok: false, status: 502 })
      expect(await pages.project('demo-pkg')).toMatchObject({
        ok: true,
        mirror: { name: 'public' }
      })
      expect(pageRequests(publicServer, 'corp-secret')).toBe(0)
    })
  })

  it('reads a private file’s metadata from private indexes only', async () => {
    // The same wheel on both sides: the public listing could name other metadata for it.
    const bothPool = mirrorPool([corpReal])
    try {
      const privateServer = await bothPool.start({ coreMetadata: 'unserved' })
      const publicServer = await bothPool.start({ coreMetadata: true })
      const privateMirror = asMirror(privateServer.indexUrl, 'corp', true)
      const publicMirror = asMirror(publicServer.indexUrl, 'public')
      const listing = async (mirror: Mirror): Promise<FileListing> => {
        const answer = await source([mirror]).project('corp-secret')
        if (!answer.ok) throw new Error(answer.reason)
        return { mirror, file: answer.page.files[0] }
      }
      const sources = [await listing(publicMirror), await listing(privateMirror)]
      const pages = source([privateMirror, publicMirror])
      expect(await pages.metadata(sources)).toMatchObject({ ok: false, status: 404 })
      expect(publicServer.requests.filter(r => r.path.endsWith('.metadata'))).toEqual([])
    } finally {
      await bothPool.closeAll()
    }
  })

  describe('a page past the size cap', () => {
    /** A hostile mirror: an endless page, its length declared or not; counts what it sent. */
    const endlessMirror = async (declared: boolean) => {
      const sent = { bytes: 0 }
      const chunk = Buffer.alloc(64 * 1024, ' ')
      const server: Server = createServer((_request, response) => {
        response.writeHead(200, {
          'Content-Type': 'text/html',
          ...(declared ? { 'Content-Length': String(200 * 1024 * 1024) } : {})
        })
        const pump = (): void => {
          while (!response.destroyed && sent.bytes < 200 * 1024 * 1024) {
            sent.bytes += chunk.length
            if (!response.write(chunk)) return void response.once('drain', pump)
          }
        }
        pump()
      })
      await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
      const { port } = server.address() as AddressInfo
      return { sent, server, indexUrl: `http://127.0.0.1:${port}/simple` }
    }

    it.each([
      ['declared', true, 8],
      ['endless', false, 48]
    ])('fails the mirror without reading it to the end (%s)', async (_what, declared, maxMiB) => {
      const hostile = await endlessMirror(declared)
      try {
        const pages = source([asMirror(hostile.indexUrl, 'hostile')])
        const answer = await pages.project('demo-pkg')
        expect(answer).toMatchObject({ ok: false, status: 502 })
        if (!answer.ok) expect(answer.reason).toMatch(/larger than 32\.0 MiB/)
        expect(pages.stats.mirrors.hostile).toEqual({
          requests: 1,
          failures: 1,
          notFound: 0,
          behind: 0
        })
        await new Promise(resolve => setTimeout(resolve, 100))
        expect(hostile.sent.bytes).toBeLessThan(maxMiB * 1024 * 1024)
      } finally {
        hostile.server.closeAllConnections()
        await new Promise(resolve => hostile.server.close(resolve))
      }
    })
  })

  describe('freshness: pages merged from several mirrors', () => {
    const versionsOf = (answer: Awaited<ReturnType<PageSource['project']>>): string[] =>
      answer.ok ? answer.page.files.map(file => file.filename.split('-')[1]).sort() : []
    const stale = () => publicPool.start({ hiddenVersions: { 'demo-pkg': ['2.0'] } })

    it('lists a release the best-ranked mirror lacks, every listing of a file a source', async () => {
      const [first, second] = [await stale(), await publicPool.start()]
      const pages = source(
        [asMirror(first.indexUrl, 'first'), asMirror(second.indexUrl, 'second')],
        {
          pageMirrors: undefined
        }
      )
      const answer = await pages.project('demo-pkg')
      expect(versionsOf(answer)).toEqual(['1.0', '2.0'])
      if (!answer.ok) return
      expect(answer.listings.map(l => `${l.file.filename.split('-')[1]}@${l.mirror.name}`)).toEqual(
        ['1.0@first', '1.0@second', '2.0@second']
      )
      expect(pages.stats).toMatchObject({ merged: 1, widened: 0 })
      expect(pages.stats.mirrors.first.behind).toBe(1)
    })

    it('moves a mirror found behind below those that were not', async () => {
      const [lagging, a, b] = [await stale(), await publicPool.start(), await publicPool.start()]
      const pages = source(
        [
          asMirror(lagging.indexUrl, 'lagging'),
          asMirror(a.indexUrl, 'a'),
          asMirror(b.indexUrl, 'b')
        ],
        { pageMirrors: 2 }
      )
      await pages.project('demo-pkg')
      expect(pageRequests(b, 'demo-pkg')).toBe(0)
      await pages.project('corp-secret')
      expect([lagging, a, b].map(m => pageRequests(m, 'corp-secret'))).toEqual([0, 1, 1])
    })

    it.each<[string, Evidence]>([
      ['a pinned version', { versions: ['2.0'] }],
      ['a file', { filename: demo2.filename }]
    ])('asks every mirror when the page lacks %s, from then on', async (_what, evidence) => {
      const behind = await Promise.all([stale(), stale()])
      const fresh = await publicPool.start()
      const mirrors = [...behind, fresh].map((m, i) => asMirror(m.indexUrl, `m${i}`))
      const pages = source(mirrors, { pageMirrors: 2 })
      expect(versionsOf(await pages.project('demo-pkg'))).toEqual(['1.0'])
      expect(pageRequests(fresh, 'demo-pkg')).toBe(0)
      expect(versionsOf(await pages.project('demo-pkg', evidence))).toEqual(['1.0', '2.0'])
      expect(versionsOf(await pages.project('demo-pkg'))).toEqual(['1.0', '2.0'])
      expect(pages.stats.widened).toBe(1)
    })

    it('asks for nothing more when the page has what the evidence names', async () => {
      const [first, second] = [await publicPool.start(), await publicPool.start()]
      const pages = source([asMirror(first.indexUrl, 'a'), asMirror(second.indexUrl, 'b')])
      await pages.project('demo-pkg', { versions: ['1.0', '2.0'], filename: demo1.filename })
      expect(pageRequests(second, 'demo-pkg')).toBe(0)
      expect(pages.stats.widened).toBe(0)
    })

    it('asks afresh, nothing kept, for a fresh page', async () => {
      const mirror = await stale()
      const pages = source([asMirror(mirror.indexUrl, 'only')], { keepMs: 60_000 })
      expect(versionsOf(await pages.project('demo-pkg'))).toEqual(['1.0'])
      mirror.setFaults({ hiddenVersions: {} })
      expect(versionsOf(await pages.project('demo-pkg'))).toEqual(['1.0'])
      expect(versionsOf(await pages.project('demo-pkg', { fresh: true }))).toEqual(['1.0', '2.0'])
      expect(pageRequests(mirror, 'demo-pkg')).toBe(2)
    })

    it('times every answer', async () => {
      const pages = source([asMirror((await publicPool.start()).indexUrl, 'only')])
      await pages.project('demo-pkg')
      await pages.project('demo-pkg')
      expect(pages.stats.answerMs).toHaveLength(2)
    })
  })
})
