import { createHash } from 'node:crypto'
import { mkdtemp, readFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect } from '@jest/globals'
import { routerSettings } from '../../src/router/config.js'
import {
  type RunningRouter,
  startRouterProcess,
  stopRouterProcess
} from '../../src/router-process/lifecycle.js'
import type { RouterStats } from '../../src/router/server.js'
import { mirrorFromUrl } from '../../src/mirrors/mirror.js'
import { type Mirror, mirrorPool } from '../../test-support/mirror-server.js'
import { getFromPypi } from '../../test-support/proxy-client.js'
import { buildWheel } from '../../test-support/wheel.js'
import { withProc } from '../../test-support/gates.js'

/**
 * The bundled router, started the way the action starts it (the job's HTTPS proxy), takes
 * thousands of random and malformed requests (request lines, methods, targets, CONNECTs, headers,
 * ranges, bodies, broken handshakes, bare garbage) and keeps serving: no request ends its process, and it still answers correctly afterwards.
 */

const ROUTER_BUNDLE = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../../dist/router/index.js'
)
const SEED = 0x5eed_2026
const REQUESTS = 3000
const CONCURRENCY = 24

const wheel = buildWheel({ name: 'demo-pkg', version: '1.0', sizeBytes: 200_000 })
const pool = mirrorPool([wheel])
let mirror: Mirror
let router: RunningRouter

beforeAll(async () => {
  process.env.XDG_CACHE_HOME = await mkdtemp(path.join(tmpdir(), 'fuzz-cache-'))
  mirror = await pool.start({ ranges: true })
  const storeDir = await mkdtemp(path.join(tmpdir(), 'fuzz-store-'))
  // As the job's HTTPS proxy, the default: CONNECTs and TLS in the mix too.
  const settings = {
    ...routerSettings(
      [{ mirror: { ...mirrorFromUrl('a', mirror.indexUrl), private: false } }],
      [],
      storeDir,
      true
    ),
    transparent: true
  }
  router = await startRouterProcess(ROUTER_BUNDLE, settings, 10_000)
  await router.ready
  router.release()
})

afterAll(async () => {
  if (router) await stopRouterProcess(router, 5000)
  await pool.closeAll()
})

/** A small seeded generator (xorshift32): the same requests on every run. */
function generator(seed: number) {
  let state = seed >>> 0 || 1
  const next = (): number => {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state / 0x1_0000_0000
  }
  const int = (below: number): number => Math.floor(next() * below)
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]
  const bytes = (length: number): Buffer => Buffer.from(Array.from({ length }, () => int(256)))
  const ascii = (length: number): string =>
    String.fromCharCode(...Array.from({ length }, () => 32 + int(95)))
  return { next, int, pick, bytes, ascii }
}

type Generator = ReturnType<typeof generator>

interface Known {
  port: number
  secret: string
  fileUrl: string
}

/** What a CONNECT names: PyPI's hosts (answered inside), others (tunnelled), and garbage. */
function randomAuthority(g: Generator, known: Known): string {
  return g.pick([
    () => 'pypi.org:443',
    () => 'files.pythonhosted.org:443',
    () => `127.0.0.1:${known.port}`,
    () => `127.0.0.1:${g.int(70_000)}`,
    () => `[::1]:${g.int(70_000)}`,
    () => `pypi.org:${g.int(70_000)}`,
    () => `${g.ascii(1 + g.int(30))}:${g.int(99_999)}`,
    () => g.ascii(g.int(40))
  ])()
}

function randomTarget(g: Generator, known: Known): string {
  const s = known.secret
  return g.pick([
    () => '/health',
    () => `/${s}/stats`,
    () => `/${s}/simple/demo-pkg/`,
    () => `/${s}/simple/${g.pick(['demo_pkg', 'Demo.Pkg', 'nothing-here', 'a'])}/`,
    () => known.fileUrl,
    () => `${known.fileUrl}.metadata`,
    () => `/${s}/files/${'0'.repeat(64)}/x.whl`,
    () => `/${s}/simple/${encodeURIComponent(g.ascii(1 + g.int(40)))}/`,
    () => `/${s}/simple/${g.ascii(1 + g.int(40))}/`,
    () => `/${s}/files/${g.ascii(64)}/${g.ascii(g.int(30))}`,
    () => '//x:99999',
    () => `//${g.ascii(10)}:${g.int(1_000_000)}/`,
    () => 'http://attacker.example/simple/demo-pkg/',
    () => '*',
    () => '',
    () => `/${s}/simple/%252e%252e%2F%252e%252e%2Fother%2F/`,
    () => `/${s}/simple/${'%'.repeat(g.int(5))}${g.ascii(3)}/`,
    () => `/${'a'.repeat(g.int(20_000))}`,
    () => `/${s}/simple/demo-pkg/?${g.ascii(g.int(50))}#${g.ascii(5)}`,
    () => `/${g.bytes(g.int(30)).toString('latin1')}`
  ])()
}

function randomHeaders(g: Generator, known: Known): string[] {
  const host = g.pick([
    `127.0.0.1:${known.port}`,
    `localhost:${known.port}`,
    `[::1]:${known.port}`,
    'attacker.example',
    '',
    g.ascii(20)
  ])
  const lines = g.next() < 0.9 ? [`Host: ${host}`] : []
  const optional: (() => string)[] = [
    () =>
      `Range: ${g.pick(['bytes=0-0', 'bytes=-0', 'bytes=5-1', 'bytes=-1000', 'bytes=100-199', 'bytes=1000-', 'bytes=0-1,5-9', 'bytes=-99999999999999999999', 'bytes=abc', 'items=1-2', `bytes=${g.int(300_000)}-${g.int(300_000)}`, g.ascii(10)])}`,
    () =>
      `If-Range: ${g.pick([`"${wheel.sha256}"`, '"nope"', 'Wed, 21 Oct 2015 07:28:00 GMT', g.ascii(10)])}`,
    () =>
      `Accept: ${g.pick(['application/vnd.pypi.simple.v1+json', 'text/html', '*/*', g.ascii(30)])}`,
    () =>
      `Origin: ${g.pick([`http://127.0.0.1:${known.port}`, 'http://evil.example', 'null', g.ascii(12)])}`,
    () =>
      `Sec-Fetch-Site: ${g.pick(['cross-site', 'same-site', 'same-origin', 'none', g.ascii(5)])}`,
    () =>
      `Content-Length: ${g.pick(['0', '5', '-1', '99999999999999999999', 'abc', String(g.int(100))])}`,
    () => 'Transfer-Encoding: chunked',
    () => `Transfer-Encoding: ${g.ascii(8)}`,
    () => `Connection: ${g.pick(['close', 'keep-alive', 'upgrade'])}`,
    () => `Host: ${g.ascii(10)}`,
    () => `X-Big: ${'x'.repeat(g.int(20_000))}`,
    () => g.ascii(g.int(40)),
    () => `Bad\r\nInjected: ${g.ascii(5)}`,
    () => `${g.ascii(5)}:${g.bytes(10).toString('latin1')}`,
    () =>
      `Proxy-Authorization: ${g.pick([`Basic ${Buffer.from(`u:${known.secret}`).toString('base64')}`, `Basic ${Buffer.from(g.ascii(12)).toString('base64')}`, 'Basic', g.ascii(20)])}`
  ]
  const count = g.int(5)
  for (let index = 0; index < count; index++) lines.push(g.pick(optional)())
  return lines
}

function randomRequest(g: Generator, known: Known): Buffer {
  if (g.next() < 0.08) return g.bytes(g.int(2000)) // bare garbage
  const method = g.pick([
    'GET',
    'GET',
    'GET',
    'HEAD',
    'POST',
    'PUT',
    'DELETE',
    'OPTIONS',
    'CONNECT',
    'TRACE',
    'PATCH',
    'G\u0000T',
    g.ascii(6),
    ''
  ])
  const version = g.pick(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', g.ascii(4), ''])
  const target =
    method === 'CONNECT' && g.next() < 0.8 ? randomAuthority(g, known) : randomTarget(g, known)
  const head = [`${method} ${target} ${version}`, ...randomHeaders(g, known)]
  const ending = g.pick(['\r\n\r\n', '\r\n\r\n', '\n\n', '\r\n', ''])
  // After a CONNECT, what a tunnel or a TLS handshake gets: random bytes, or half a ClientHello.
  const body =
    g.next() < (method === 'CONNECT' ? 0.6 : 0.2)
      ? g.pick([() => g.bytes(g.int(3000)), () => Buffer.from('160301020001', 'hex')])()
      : Buffer.alloc(0)
  return Buffer.concat([Buffer.from(head.join('\r\n') + ending, 'latin1'), body])
}

/** Sends raw bytes on a connection of its own and reads until the router closes it, or 1.5 s. */
function send(port: number, bytes: Buffer): Promise<string> {
  return new Promise(resolve => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    const done = (): void => {
      socket.destroy()
      resolve(answer)
    }
    socket.setTimeout(1500, done)
    socket.on('data', chunk => (answer += chunk.toString('latin1').slice(0, 200)))
    socket.on('error', () => done())
    socket.on('close', () => done())
    socket.write(bytes, () => socket.end())
  })
}

/** The supervisor's worker, which serves the requests. */
async function worker(): Promise<number | undefined> {
  const text = await readFile(`/proc/${router.pid}/task/${router.pid}/children`, 'utf8')
  return text.trim().split(' ').filter(Boolean).map(Number)[0]
}

async function stats(): Promise<RouterStats> {
  return (await (await fetch(router.url.replace(/\/simple$/, '/stats'))).json()) as RouterStats
}

describe('the bundled router under random requests', () => {
  // The worker that served first must serve last: /proc tells its pid.
  withProc.it(`keeps serving after ${REQUESTS} random and malformed requests`, async () => {
    const port = Number(new URL(router.url).port)
    const secret = new URL(router.url).pathname.split('/')[1]
    const page = await (await fetch(`${router.url}/demo-pkg/`)).text()
    const fileUrl = /href="([^"]+\.whl)[#"]/.exec(page)?.[1] ?? ''
    expect(fileUrl).toMatch(new RegExp(`^/${secret}/files/${wheel.sha256}/`))
    const known: Known = { port, secret, fileUrl }
    const servedBy = await worker()
    expect(servedBy).toBeDefined()

    const g = generator(SEED)
    const requests = Array.from({ length: REQUESTS }, () => randomRequest(g, known))
    const statuses = new Map<string, number>()
    let next = 0
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const answer = await send(port, requests[next++])
          const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 'none'
          statuses.set(status, (statuses.get(status) ?? 0) + 1)
        }
      })
    )
    // The mix reached the router's own answers, not only Node's parser.
    for (const status of ['200', '400', '403', '404', '405', '407', '502'])
      expect(statuses.get(status) ?? 0).toBeGreaterThan(0)
    expect(statuses.get('500') ?? 0).toBe(0)

    // Still the same worker (none died and was replaced), still serving correct bytes.
    expect(await worker()).toBe(servedBy)
    const after = await stats()
    expect(after.errors).toBe(0)
    const file = Buffer.from(await (await fetch(new URL(fileUrl, router.url))).arrayBuffer())
    expect(createHash('sha256').update(file).digest('hex')).toBe(wheel.sha256)
    expect((await fetch(new URL('/health', router.url))).status).toBe(200)
    // And PyPI's host, through a tunnel, behind the job's authority.
    const certPem = router.authority
    expect(certPem).toBeDefined()
    expect(await getFromPypi(port, certPem ?? '', '/simple/demo-pkg/')).toContain(wheel.filename)
  })
})
