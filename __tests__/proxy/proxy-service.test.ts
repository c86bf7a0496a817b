import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { type AddressInfo, createServer } from 'node:net'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  createJobAuthority,
  issueServerCertificate,
  type KeyedCertificate
} from '../../src/proxy/authority.js'
import { PYPI_INDEX_HOST } from '../../src/router/request.js'
import { type Router, startRouter } from '../../src/router/server.js'
import { type Mirror, refusedIndexUrl, startMirror } from '../../test-support/mirror-server.js'
import { getOverTls, requestThroughProxy, sendConnect } from '../../test-support/proxy-client.js'
import { startSquid, type Squid } from '../../test-support/squid.js'
import { buildWheel } from '../../test-support/wheel.js'
import { asRoot } from '../../test-support/root.js'

/**
 * The router as an HTTPS proxy, on raw sockets: what it tunnels it does not decrypt, it chains a
 * company proxy, and it lets only its own user's processes (or the secret) in.
 */

const SECRET = 'proxy-test-secret'
const wheel = buildWheel({ name: 'tunnel-demo', version: '1.0', sizeBytes: 1000 })
let jobAuthority: KeyedCertificate
/** Another CA, standing for a real site's: the target's certificate is its. */
let siteAuthority: KeyedCertificate
let site: Mirror
/** The router's own mirror, on plain http. */
let mirror: Mirror
let squid: Squid
const routers: Router[] = []

beforeAll(async () => {
  jobAuthority = createJobAuthority([PYPI_INDEX_HOST, 'files.pythonhosted.org'], 3600_000)
  siteAuthority = createJobAuthority(['secure.test', 'localhost'], 3600_000)
  const tls = issueServerCertificate(siteAuthority, ['secure.test', 'localhost'])
  site = await startMirror({ packages: [wheel], tls: { key: tls.keyPem, cert: tls.certPem } })
  mirror = await startMirror({ packages: [wheel] })
  squid = await startSquid({
    hosts: { 'secure.test': '127.0.0.1' },
    auth: { user: 'corp', password: 'pa55' },
    extraConnectPorts: [Number(new URL(site.origin).port)]
  })
})

afterAll(async () => {
  await Promise.all(routers.map(router => router.close()))
  await site.close()
  await mirror.close()
  await squid.stop()
})

async function router(env: NodeJS.ProcessEnv = {}, indexUrl = mirror.indexUrl): Promise<Router> {
  const started = await startRouter(
    {
      mirrors: [{ name: 'a', url: indexUrl, private: false }],
      privateProjects: [],
      storeDir: await mkdtemp(path.join(tmpdir(), 'proxy-store-')),
      timeoutMs: 3000,
      secret: 'path-secret-0123456789abc',
      jobSecret: SECRET
    },
    0,
    { authority: jobAuthority, env }
  )
  routers.push(started)
  return started
}

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

describe('the router as an HTTPS proxy', () => {
  it('tunnels another host untouched: the client verifies the site’s own certificate', async () => {
    const { port } = await router()
    const sitePort = new URL(site.origin).port
    const { status, socket } = await sendConnect(port, `localhost:${sitePort}`)
    expect(status).toBe('HTTP/1.1 200 Connection Established')
    const page = await getOverTls(
      socket,
      'localhost',
      siteAuthority.certPem,
      '/simple/tunnel-demo/'
    )
    expect(page).toMatch(/^HTTP\/1\.1 200/)
    expect(page).toContain(wheel.filename)
  })

  it('passes bytes as they are both ways: a host that speaks first, a large slow-read download', async () => {
    const big = randomBytes(24 * 1024 * 1024)
    // Speaks first (as SSH and SMTP do), then answers every line with the whole of `big`.
    const server = createServer(socket => {
      socket.write('banner\n')
      socket.once('data', () => socket.end(big))
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = await router()
      const { status, socket } = await sendConnect(
        port,
        `localhost:${(server.address() as AddressInfo).port}`
      )
      expect(status).toBe('HTTP/1.1 200 Connection Established')
      const received: Buffer[] = []
      socket.write('go\n')
      // A client far slower than the host: the tunnel must hold back, not lose or grow.
      for await (const chunk of socket) {
        received.push(chunk as Buffer)
        if (received.length % 64 === 0) await new Promise(resolve => setTimeout(resolve, 5))
      }
      const all = Buffer.concat(received)
      expect(all.subarray(0, 7).toString()).toBe('banner\n')
      expect(createHash('sha256').update(all.subarray(7)).digest('hex')).toBe(
        createHash('sha256').update(big).digest('hex')
      )
    } finally {
      server.close()
    }
  })

  it('answers PyPI’s host itself, with a certificate of the job authority', async () => {
    const { port } = await router()
    const { status, socket } = await sendConnect(port, 'pypi.org:443')
    expect(status).toBe('HTTP/1.1 200 Connection Established')
    const page = await getOverTls(socket, 'pypi.org', jobAuthority.certPem, '/simple/tunnel-demo/')
    expect(page).toMatch(/^HTTP\/1\.1 200/)
    expect(page).toContain(`https://files.pythonhosted.org/packages/sha256/${wheel.sha256}/`)
  })

  it("builds PyPI's JSON API for Poetry where neither a mirror nor PyPI has it, requires_dist from core metadata", async () => {
    const withDeps = buildWheel({ name: 'json-demo', version: '1.0', requires: ['tunnel-dep>=2'] })
    const listing = await startMirror({ packages: [withDeps], faults: { coreMetadata: true } })
    const bare = await startMirror({ packages: [withDeps] })
    // PyPI itself cannot be reached: the job's proxy refuses connections.
    const unreachable = new URL(await refusedIndexUrl()).origin
    try {
      for (const [source, expected] of [
        [listing, ['tunnel-dep>=2']],
        [bare, null]
      ] as const) {
        const started = await router({ HTTPS_PROXY: unreachable }, source.indexUrl)
        const answer = await requestThroughProxy(
          `http://127.0.0.1:${started.port}`,
          'https://pypi.org/pypi/json-demo/1.0/json',
          { ca: jobAuthority.certPem, headers: { 'user-agent': 'poetry/2.5.1 CPython/3.12.7' } }
        )
        expect(answer.status).toBe(200)
        const json = JSON.parse(answer.body.toString()) as {
          info: { requires_dist: string[] | null; version: string }
          urls: { url: string }[]
        }
        expect(json.info.version).toBe('1.0')
        expect(json.info.requires_dist).toEqual(expected)
        expect(json.urls[0].url).toBe(
          `https://files.pythonhosted.org/packages/sha256/${withDeps.sha256}/${withDeps.filename}`
        )
      }
    } finally {
      await Promise.all([listing.close(), bare.close()])
    }
  })

  it('chains the company proxy the job had, with its credentials', async () => {
    const { port } = await router({ HTTPS_PROXY: squid.url.replace('://', '://corp:pa55@') })
    const sitePort = new URL(site.origin).port
    // Only squid can resolve secret.test: the tunnel went through it.
    const { status, socket } = await sendConnect(port, `secure.test:${sitePort}`)
    expect(status).toBe('HTTP/1.1 200 Connection Established')
    const page = await getOverTls(
      socket,
      'secure.test',
      siteAuthority.certPem,
      '/simple/tunnel-demo/'
    )
    expect(page).toContain(wheel.filename)
    // Squid logs a tunnel once both its ends have closed, a moment after the client's.
    const tunnelled = (line: string): boolean => line.includes(`secure.test:${sitePort}`)
    expect((await squid.loggedSoon(tunnelled)).some(tunnelled)).toBe(true)
  })

  it('answers 502 for a host it cannot reach, and 400 for a bad target', async () => {
    const { port } = await router()
    expect((await sendConnect(port, '127.0.0.1:1')).status).toBe('HTTP/1.1 502 Bad Gateway')
    expect((await sendConnect(port, 'no-port')).status).toBe('HTTP/1.1 400 Bad Request')
  })

  it('refuses a wrong password from anyone', async () => {
    const { port } = await router()
    const answer = await sendConnect(port, 'pypi.org:443', {
      'Proxy-Authorization': basic('x', 'guess')
    })
    expect(answer.status).toBe('HTTP/1.1 407 Proxy Authentication Required')
    expect(answer.head).toContain('Proxy-Authenticate: Basic')
  })

  asRoot('run a client as another user')(
    'lets another user of the machine in only with the secret',
    async () => {
      const { port } = await router()
      const client = `
      const net = require('node:net')
      const [port, auth] = process.argv.slice(1)
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(
        'CONNECT pypi.org:443 HTTP/1.1\\r\\nHost: pypi.org:443\\r\\n' +
        (auth ? 'Proxy-Authorization: ' + auth + '\\r\\n' : '') + '\\r\\n'))
      socket.once('data', chunk => { console.log(chunk.toString().split('\\r\\n')[0]); socket.destroy() })
    `
      const asNobody = async (auth: string): Promise<string> => {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ['-e', client, String(port), auth],
          { uid: 65534, gid: 65534 }
        )
        return stdout.trim()
      }
      expect(await asNobody('')).toBe('HTTP/1.1 407 Proxy Authentication Required')
      expect(await asNobody(basic('any', SECRET))).toBe('HTTP/1.1 200 Connection Established')
      // This user's own processes need no password: a tool may ignore the one in HTTPS_PROXY.
      expect((await sendConnect(port, 'pypi.org:443')).status).toBe(
        'HTTP/1.1 200 Connection Established'
      )
    }
  )
})
