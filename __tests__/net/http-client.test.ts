import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { HttpClient, redirectTarget } from '../../src/net/http-client.js'
import { type Squid, startSquid } from '../../test-support/squid.js'
import { withSquid } from '../../test-support/gates.js'

/** A name only squid resolves: a hop to it works through the proxy and nowhere else. */
const PROXIED_HOST = 'files.proxied.test'

interface Recorder {
  server: Server
  port: number
  seen: { path: string; headers: IncomingHttpHeaders }[]
  /** Requests being answered right now, and the most at once. */
  busy: { now: number; most: number }
}

/** A server that records each request; `answer` picks the reply. */
async function recorder(
  answer: (path: string) => { status: number; location?: string; delayMs?: number }
): Promise<Recorder> {
  const seen: Recorder['seen'] = []
  const busy = { now: 0, most: 0 }
  const server = createServer((request, response) => {
    seen.push({ path: request.url ?? '', headers: request.headers })
    busy.now++
    busy.most = Math.max(busy.most, busy.now)
    const { status, location, delayMs = 0 } = answer(request.url ?? '')
    setTimeout(() => {
      busy.now--
      response.writeHead(status, location ? { location } : {})
      response.end(`answer to ${request.url}`)
    }, delayMs)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as AddressInfo).port, seen, busy }
}

describe('redirectTarget', () => {
  it.each([
    ['https://u:p@a.test/simple/x/', '/files/y', 'https://u:p@a.test/files/y'],
    ['https://u:p@a.test/simple/x/', 'https://cdn.test/files/y', 'https://cdn.test/files/y'],
    ['https://u:p@a.test/simple/x/', 'http://a.test/files/y', 'http://a.test/files/y'],
    ['https://u:p@a.test/x', 'https://a.test:8443/y', 'https://a.test:8443/y'],
    ['https://a.test/x', 'https://evil:pw@cdn.test/y#frag', 'https://cdn.test/y'],
    ['https://a.test/x', 'file:///etc/passwd', undefined],
    ['https://a.test/x', 'http://[bad', undefined]
  ])('from %s to %s: %s', (from, location, next) => {
    expect(redirectTarget(from, location)).toBe(next)
  })
})

withSquid.describe('HttpClient', () => {
  let squid: Squid
  let origin: Recorder
  let target: Recorder
  const clients: HttpClient[] = []
  beforeAll(async () => {
    target = await recorder(() => ({ status: 200 }))
    origin = await recorder(path =>
      path.startsWith('/same')
        ? { status: 302, location: '/landed' }
        : path.startsWith('/away')
          ? { status: 302, location: `http://${PROXIED_HOST}:${target.port}/file` }
          : { status: 200, delayMs: 100 }
    )
    squid = await startSquid({ hosts: { [PROXIED_HOST]: '127.0.0.1' } })
  })
  afterAll(async () => {
    await Promise.all(clients.map(client => client.destroy()))
    await squid?.stop()
    for (const { server } of [origin, target]) server?.close()
  })

  function client(env: NodeJS.ProcessEnv = {}, limit?: number): HttpClient {
    const made = new HttpClient(5000, env, limit ? { perOriginLimit: limit } : {})
    clients.push(made)
    return made
  }

  it('routes each hop of a redirect by the proxy rules for its own origin', async () => {
    // The first hop is direct (NO_PROXY); the second can only work through squid.
    const env = { http_proxy: squid.url, no_proxy: '127.0.0.1' }
    const before = (await squid.accessLog()).length
    const sent = await client(env).send(`http://127.0.0.1:${origin.port}/away`, {
      timeoutMs: 5000
    })
    expect('response' in sent && sent.response.status).toBe(200)
    if ('response' in sent) expect(await sent.response.text(1000)).toBe('answer to /file')
    const proxied = (line: string): boolean => line.includes(`${PROXIED_HOST}:${target.port}/file`)
    const log = (await squid.loggedSoon(proxied)).slice(before)
    expect(log.some(proxied)).toBe(true)
    expect(log.some(line => line.includes(`127.0.0.1:${origin.port}`))).toBe(false)
  })

  it('sends credentials only to the origin they were given for', async () => {
    const env = { http_proxy: squid.url, no_proxy: '127.0.0.1' }
    const url = (path: string) => `http://user:s3cret@127.0.0.1:${origin.port}${path}`
    await client(env).send(url('/same'), { timeoutMs: 5000 })
    await client(env).send(url('/away'), { timeoutMs: 5000 })
    const landed = origin.seen.find(request => request.path === '/landed')
    expect(landed?.headers.authorization).toMatch(/^Basic /)
    const elsewhere = target.seen.at(-1)
    expect(elsewhere?.path).toBe('/file')
    expect(elsewhere?.headers.authorization).toBeUndefined()
  })

  it('keeps at most perOriginLimit requests in flight to one origin', async () => {
    const limited = client({}, 3)
    origin.busy.most = 0
    const answers = await Promise.all(
      Array.from({ length: 12 }, async (_, index) => {
        const sent = await limited.send(`http://127.0.0.1:${origin.port}/slow/${index}`, {
          timeoutMs: 5000
        })
        return 'response' in sent ? sent.response.text(1000) : sent.failure.message
      })
    )
    expect(answers).toEqual(Array.from({ length: 12 }, (_, index) => `answer to /slow/${index}`))
    expect(origin.busy.most).toBe(3)
  })

  it('leaves two places to clients, and lets a waiting client pass background work', async () => {
    const limited = client({}, 4)
    origin.busy.most = 0
    const order: string[] = []
    const send = async (name: string, background: boolean): Promise<void> => {
      const sent = await limited.send(`http://127.0.0.1:${origin.port}/slow/${name}`, {
        timeoutMs: 5000,
        background: () => background,
        granted: () => order.push(name)
      })
      if ('response' in sent) await sent.response.discard()
    }
    const background = ['b1', 'b2', 'b3', 'b4'].map(name => send(name, true))
    // Sent while the background work holds its two places and waits for more.
    await new Promise(resolve => setTimeout(resolve, 20))
    const clients = ['c1', 'c2', 'c3'].map(name => send(name, false))
    await Promise.all([...background, ...clients])
    expect(order.slice(0, 4)).toEqual(['b1', 'b2', 'c1', 'c2'])
    expect(order.indexOf('c3')).toBeLessThan(order.indexOf('b3'))
    expect(origin.busy.most).toBeLessThanOrEqual(4)
  })

  it('lets a request waiting for its turn be cancelled', async () => {
    const limited = client({}, 1)
    const first = limited.send(`http://127.0.0.1:${origin.port}/slow/a`, { timeoutMs: 5000 })
    const stop = new AbortController()
    const second = limited.send(`http://127.0.0.1:${origin.port}/slow/b`, {
      timeoutMs: 5000,
      signal: stop.signal
    })
    stop.abort()
    expect('failure' in (await second)).toBe(true)
    const done = await first
    if ('response' in done) await done.response.discard()
    // The cancelled request gave no place back that it never had: the next one still runs.
    const third = await limited.send(`http://127.0.0.1:${origin.port}/slow/c`, { timeoutMs: 5000 })
    expect('response' in third && third.response.status).toBe(200)
  })
})
