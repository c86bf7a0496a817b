import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { parseDockerMirrorList, parseImageReference } from '../../src/docker/docker-inputs.js'
import { probeDockerMirrors } from '../../src/docker/docker-probe.js'
import { rankMirrors } from '../../src/rank/ranking.js'
import {
  type Dockerd,
  type Registry,
  seedImage,
  startDockerd,
  startRegistry
} from '../../test-support/docker.js'
import { refusedIndexUrl } from '../../test-support/mirror-server.js'

/** A registry that wants a Bearer token, as Docker Hub and most public mirrors do. */
function tokenRegistry(options: {
  manifestStatus: number
}): Promise<{ server: Server; url: string; tokenRequests: string[] }> {
  const tokenRequests: string[] = []
  const server = createServer((request, response) => {
    const { port } = server.address() as AddressInfo
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`)
    if (url.pathname === '/token') {
      tokenRequests.push(url.search)
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ token: 'good-token' }))
    } else if (request.headers.authorization !== 'Bearer good-token') {
      response.writeHead(401, {
        'www-authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="test-registry"`
      })
      response.end()
    } else if (url.pathname === '/v2/') {
      response.writeHead(200).end('{}')
    } else {
      const manifest = url.pathname === '/v2/library/busybox/manifests/latest'
      response.writeHead(manifest ? options.manifestStatus : 404).end()
    }
  })
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        tokenRequests
      })
    )
  )
}

describe('probeDockerMirrors', () => {
  let dockerd: Dockerd
  let registry: Registry
  let empty: Registry
  const servers: Server[] = []

  beforeAll(async () => {
    ;[dockerd, registry, empty] = await Promise.all([
      startDockerd(),
      startRegistry(),
      startRegistry()
    ])
    await seedImage(dockerd, registry, 'busybox')
  }, 90_000)

  afterAll(async () => {
    await Promise.all([
      dockerd?.stop(),
      registry?.stop(),
      empty?.stop(),
      ...servers.map(s => new Promise(r => s.close(r)))
    ])
  })

  it('counts a mirror healthy only when the probe image manifest answers', async () => {
    const withToken = await tokenRegistry({ manifestStatus: 200 })
    const tokenButNoImage = await tokenRegistry({ manifestStatus: 404 })
    servers.push(withToken.server, tokenButNoImage.server)
    const mirrors = parseDockerMirrorList(
      [await refusedIndexUrl(), empty.url, tokenButNoImage.url, registry.url, withToken.url].join(
        '\n'
      )
    )
    const ranking = rankMirrors(
      await probeDockerMirrors(mirrors, parseImageReference('library/busybox:latest'), {
        timeoutMs: 2000,
        samples: 2
      })
    )
    const verdict = Object.fromEntries(
      ranking.map(entry => [entry.mirror.url, entry.ok ? 'ok' : entry.error])
    )
    expect(verdict).toEqual({
      [mirrors[0].url]: 'connection refused',
      [empty.url]: 'HTTP 404 for the manifest of library/busybox:latest',
      [tokenButNoImage.url]: 'HTTP 404 for the manifest of library/busybox:latest',
      [registry.url]: 'ok',
      [withToken.url]: 'ok'
    })
    // One token per mirror, scoped to pulling the probe image, reused by later samples.
    expect(withToken.tokenRequests).toEqual([
      '?service=test-registry&scope=repository%3Alibrary%2Fbusybox%3Apull'
    ])
    expect(ranking.find(entry => entry.mirror.url === withToken.url)?.samples).toBe(2)
  })

  it('says why a mirror without the registry API fails', async () => {
    const notRegistry = createServer((_, response) => response.writeHead(404).end('not here'))
    servers.push(notRegistry)
    await new Promise<void>(resolve => notRegistry.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(notRegistry.address() as AddressInfo).port}`
    const [probe] = await probeDockerMirrors(
      parseDockerMirrorList(url),
      parseImageReference('busybox'),
      {
        timeoutMs: 1000,
        samples: 3
      }
    )
    expect(probe.samples).toEqual([
      {
        latencyMs: expect.any(Number),
        failure: { kind: 'http', status: 404, message: 'HTTP 404 on /v2/' }
      }
    ])
  })
})
