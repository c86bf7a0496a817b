import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createJobAuthority, type KeyedCertificate } from '../../src/proxy/authority.js'
import type { RouterMirror } from '../../src/router/config.js'
import { INTERCEPTED_HOSTS } from '../../src/router/request.js'
import { type Router, startRouter } from '../../src/router/server.js'
import { type Mirror, refusedIndexUrl, startMirror } from '../../test-support/mirror-server.js'
import { type PypiUpstream, startPypiUpstream } from '../../test-support/pypi-upstream.js'
import { requestThroughProxy } from '../../test-support/proxy-client.js'
import { buildWheel } from '../../test-support/wheel.js'

/**
 * The router as the job's HTTPS proxy in front of a stand-in for PyPI's own hosts (reached, as
 * the real ones would be, through the job's proxy and verified against the job's CA bundle):
 * what the mirrors serve comes from them, PyPI's JSON API from a mirror's copy with its
 * vulnerabilities, and everything else is PyPI's own answer, passed through as it came.
 */

const JOB_SECRET = 'job-secret-0123456789abcdef'
const VULNERABILITY = {
  id: 'PYSEC-2026-1',
  aliases: ['CVE-2026-0001'],
  details: 'A made-up flaw for the test.',
  summary: 'made-up flaw',
  fixed_in: ['1.1'],
  link: 'https://osv.dev/vulnerability/PYSEC-2026-1',
  source: 'osv',
  withdrawn: null
}
const vulnerable = buildWheel({ name: 'vuln-pkg', version: '1.0' })
const fixed = buildWheel({ name: 'vuln-pkg', version: '1.1' })
const plain = buildWheel({ name: 'plain-pkg', version: '1.0' })
const corp = buildWheel({ name: 'corp-lib', version: '1.0' })

let authority: KeyedCertificate
let upstream: PypiUpstream
let withJson: Mirror
let withoutJson: Mirror
let privateIndex: Mirror
const routers: Router[] = []

beforeAll(async () => {
  authority = createJobAuthority(INTERCEPTED_HOSTS, 3600_000)
  upstream = await startPypiUpstream()
  withJson = await startMirror({
    packages: [vulnerable, fixed],
    pypiLayout: true,
    jsonApi: { vulnerabilities: { 'vuln-pkg==1.0': [VULNERABILITY] } }
  })
  withoutJson = await startMirror({ packages: [vulnerable, fixed, plain] })
  privateIndex = await startMirror({ packages: [corp] })
}, 30_000)

afterAll(async () => {
  await Promise.all(routers.map(router => router.close()))
  await Promise.all([withJson, withoutJson, privateIndex, upstream].map(each => each?.close()))
})

async function router(
  env: NodeJS.ProcessEnv,
  mirrors: RouterMirror[] = [
    { name: 'json', url: withJson.indexUrl, private: false },
    { name: 'plain', url: withoutJson.indexUrl, private: false }
  ],
  privateProjects: string[] = []
): Promise<{ router: Router; proxy: string }> {
  const started = await startRouter(
    {
      mirrors,
      privateProjects,
      storeDir: await mkdtemp(path.join(tmpdir(), 'pass-through-store-')),
      timeoutMs: 3000,
      secret: 'path-secret-0123456789abc',
      jobSecret: JOB_SECRET
    },
    0,
    { authority, env }
  )
  routers.push(started)
  return {
    router: started,
    proxy: `http://pip-mirror-action:${JOB_SECRET}@127.0.0.1:${started.port}`
  }
}

const json = (body: Buffer): Record<string, unknown> =>
  JSON.parse(body.toString()) as Record<string, unknown>

describe("PyPI's other requests, passed through to PyPI", () => {
  let proxy: string
  const get = (
    url: string,
    options: Parameters<typeof requestThroughProxy>[2] extends infer O ? Partial<O> : never = {}
  ) => requestThroughProxy(proxy, url, { ca: authority.certPem, ...options })

  beforeAll(async () => {
    ;({ proxy } = await router(upstream.env))
  })

  it.each(['/', '/simple/', '/project/vuln-pkg/', '/rss/updates.xml', '/simple/not-a-name!/'])(
    'GET https://pypi.org%s gets PyPI’s answer',
    async target => {
      const answer = await get(`https://pypi.org${target}`)
      expect(answer.status).toBe(200)
      expect(answer.headers['x-stand-in']).toBe('pypi')
      expect(json(answer.body)).toMatchObject({ host: 'pypi.org', method: 'GET', path: target })
    }
  )

  it('passes a POST on with its method, headers and body, and the status back', async () => {
    const body = JSON.stringify({ token: 'oidc-token' })
    const answer = await get('https://pypi.org/_/oidc/mint-token', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer x',
        'x-echo-status': '418'
      },
      body
    })
    expect(answer.status).toBe(418)
    const echoed = json(answer.body) as {
      method: string
      headers: Record<string, string>
      bodyBase64: string
    }
    expect(echoed.method).toBe('POST')
    expect(Buffer.from(echoed.bodyBase64, 'base64').toString()).toBe(body)
    expect(echoed.headers).toMatchObject({
      authorization: 'Bearer x',
      'content-type': 'application/json'
    })
    expect(echoed.headers['proxy-authorization']).toBeUndefined()
  })

  it('serves a page the mirrors list from them, and one they do not from PyPI', async () => {
    const before = upstream.requests.length
    const listed = await get('https://pypi.org/simple/vuln-pkg/')
    expect(listed.status).toBe(200)
    expect(listed.body.toString()).toContain(vulnerable.filename)
    expect(upstream.requests.slice(before).map(request => request.path)).toEqual([])
    const unlisted = await get('https://pypi.org/simple/nowhere-pkg/')
    expect(json(unlisted.body)).toMatchObject({ path: '/simple/nowhere-pkg/' })
  })

  it('passes on a file no mirror lists', async () => {
    const target = '/packages/aa/bb/cc/nowhere_pkg-1.0-py3-none-any.whl'
    const answer = await get(`https://files.pythonhosted.org${target}`)
    expect(json(answer.body)).toMatchObject({ host: 'files.pythonhosted.org', path: target })
  })

  it("serves the JSON API from a mirror's copy, vulnerabilities and all, at PyPI's URLs", async () => {
    const before = upstream.requests.length
    const answer = await get('https://pypi.org/pypi/vuln-pkg/1.0/json')
    expect(answer.status).toBe(200)
    const document = json(answer.body) as { vulnerabilities: unknown[]; urls: { url: string }[] }
    expect(document.vulnerabilities).toEqual([VULNERABILITY])
    expect(document.urls.map(file => new URL(file.url).host)).toEqual(['files.pythonhosted.org'])
    expect(upstream.requests.length).toBe(before)
  })

  it('asks PyPI for the JSON API no mirror keeps', async () => {
    upstream.setJson('plain-pkg', '1.0', {
      info: { name: 'plain-pkg', version: '1.0' },
      urls: [],
      vulnerabilities: [VULNERABILITY]
    })
    const answer = await get('https://pypi.org/pypi/plain-pkg/1.0/json')
    expect(json(answer.body)).toMatchObject({ vulnerabilities: [VULNERABILITY] })
  })
})

describe('when PyPI cannot be reached', () => {
  let proxy: string
  let routerUnderTest: Router
  const get = (url: string, userAgent: string) =>
    requestThroughProxy(proxy, url, { ca: authority.certPem, headers: { 'user-agent': userAgent } })

  beforeAll(async () => {
    const refused = new URL(await refusedIndexUrl()).origin
    ;({ router: routerUnderTest, proxy } = await router({
      ...upstream.env,
      HTTPS_PROXY: refused,
      https_proxy: refused
    }))
  })

  it('builds the JSON API document for Poetry, and for no one who may read vulnerabilities', async () => {
    const poetry = await get(
      'https://pypi.org/pypi/plain-pkg/1.0/json',
      'poetry/2.5.1 CPython/3.12.7 Linux/6.8'
    )
    expect(poetry.status).toBe(200)
    expect(json(poetry.body)).toMatchObject({ info: { name: 'plain-pkg', version: '1.0' } })
    const audit = await get('https://pypi.org/pypi/plain-pkg/1.0/json', 'python-requests/2.32.3')
    expect(audit.status).toBe(502)
    expect(audit.body.toString()).toContain("PyPI's JSON API could not be had for plain-pkg")
    expect(routerUnderTest.stats().jsonApi).toMatchObject({ built: { 'plain-pkg': 1 }, refused: 1 })
  })

  it("answers a page no mirror lists with the mirrors' 404, and anything else with a 502", async () => {
    const page = await get('https://pypi.org/simple/nowhere-pkg/', 'pip/26.2')
    expect(page.status).toBe(404)
    expect(page.body.toString()).toContain('no mirror lists nowhere-pkg')
    const other = await get('https://pypi.org/', 'curl/8')
    expect(other.status).toBe(502)
    expect(other.body.toString()).toContain('pypi.org could not be reached')
    expect(routerUnderTest.stats().upstream?.unreachable).toBeGreaterThanOrEqual(2)
  })
})

describe('private projects', () => {
  it('are never asked of PyPI, JSON API included', async () => {
    const { proxy } = await router(
      upstream.env,
      [
        { name: 'corp', url: privateIndex.indexUrl, private: true },
        { name: 'json', url: withJson.indexUrl, private: false }
      ],
      ['corp-secret']
    )
    const before = upstream.requests.length
    const get = (url: string) => requestThroughProxy(proxy, url, { ca: authority.certPem })
    const listed = await get('https://pypi.org/pypi/corp-lib/1.0/json')
    expect(listed.status).toBe(404)
    expect(listed.body.toString()).toContain('corp-lib is served by private indexes only')
    expect((await get('https://pypi.org/simple/corp-secret/')).status).toBe(404)
    expect((await get('https://pypi.org/pypi/corp-secret/json')).status).toBe(404)
    expect(
      (
        await get(
          `https://files.pythonhosted.org/packages/aa/bb/cc/${corp.filename.replace('1.0', '9.9')}`
        )
      ).status
    ).toBe(404)
    expect(upstream.requests.slice(before)).toEqual([])
  })
})
