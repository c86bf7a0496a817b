import { describe, expect, it } from '@jest/globals'
import {
  type RequestHead,
  routeInterceptedRequest,
  routeRequest
} from '../../src/router/request.js'

const PORT = 24567
const SECRET = 'k3y-Secret_0123456789abcdef'
const SHA = 'ab'.repeat(32)
const address = { port: PORT, secret: SECRET }

function head(url: string, headers: RequestHead['headers'] = {}, method = 'GET'): RequestHead {
  return { method, url, headers: { host: `127.0.0.1:${PORT}`, ...headers } }
}

describe('routeRequest', () => {
  it.each([
    ['/health', { kind: 'health' }],
    [`/${SECRET}/stats`, { kind: 'stats' }],
    [`/${SECRET}/simple/Demo_Pkg/`, { kind: 'page', project: 'demo-pkg', secret: SECRET }],
    [`/${SECRET}/simple/demo.pkg`, { kind: 'page', project: 'demo-pkg', secret: SECRET }],
    [`/${SECRET}/simple/demo-pkg/?x=1`, { kind: 'page', project: 'demo-pkg', secret: SECRET }],
    [`/${SECRET}/simple/demo%2Dpkg/`, { kind: 'page', project: 'demo-pkg', secret: SECRET }],
    [
      `/${SECRET}/files/${SHA}/demo_pkg-1.0-py3-none-any.whl`,
      { kind: 'file', sha256: SHA, filename: 'demo_pkg-1.0-py3-none-any.whl', metadata: false }
    ],
    [
      `/${SECRET}/files/${SHA}/demo_pkg-1.0-py3-none-any.whl.metadata`,
      { kind: 'file', sha256: SHA, filename: 'demo_pkg-1.0-py3-none-any.whl', metadata: true }
    ],
    [
      `/${SECRET}/files/${SHA}/demo-1.0%2Blocal.tar.gz`,
      { kind: 'file', sha256: SHA, filename: 'demo-1.0+local.tar.gz', metadata: false }
    ]
  ])('routes %s', (url, route) => {
    expect(routeRequest(head(url), address)).toEqual(route)
  })

  it.each([
    // Names stay names: one decode, then PEP 508's characters only.
    [`/${SECRET}/simple/%252e%252e%2F%252e%252e%2Fother%2Fsimple%2Fsecret/`, 404],
    [`/${SECRET}/simple/..%2F..%2Fadmin%2Fkeys%3Fa=1%23/`, 404],
    [`/${SECRET}/simple/../`, 404],
    [`/${SECRET}/simple/-demo/`, 404],
    [`/${SECRET}/simple/demo%00/`, 404],
    [`/${SECRET}/simple/%E0%A4%A/`, 400],
    [`/${SECRET}/simple/`, 404],
    [`/${SECRET}/simple/a/b/`, 404],
    // Files: a sha256 and a plain file name.
    [`/${SECRET}/files/${SHA}/..%2Fconfig.json`, 404],
    [`/${SECRET}/files/${SHA}/.hidden`, 404],
    [`/${SECRET}/files/${SHA.toUpperCase()}/demo-1.0.tar.gz`, 404],
    [`/${SECRET}/files/${SHA}`, 404],
    [`/${SECRET}/files/${SHA}/a/b`, 404],
    // The secret segment.
    ['/simple/demo-pkg/', 404],
    ['/stats', 404],
    [`/${SECRET.slice(1)}/simple/demo-pkg/`, 404],
    [`/${SECRET}x/stats`, 404],
    // Not a path at all: what new URL() rejects must be refused, not thrown.
    ['//x:99999', 400],
    ['http://127.0.0.1/health', 400],
    ['*', 400],
    ['', 400]
  ])('refuses %s with %d', (url, status) => {
    expect(routeRequest(head(url), address)).toMatchObject({ kind: 'refused', status })
  })

  it.each([
    ['POST', 405],
    ['PUT', 405],
    ['CONNECT', 405],
    ['OPTIONS', 405]
  ])('refuses the method %s', (method, status) => {
    expect(routeRequest(head('/health', {}, method), address)).toMatchObject({ status })
  })

  it('serves HEAD like GET', () => {
    expect(routeRequest(head(`/${SECRET}/stats`, {}, 'HEAD'), address)).toEqual({ kind: 'stats' })
  })

  it.each([
    [{ host: `localhost:${PORT}` }, 'stats'],
    [{ host: `LOCALHOST:${PORT}` }, 'stats'],
    [{ host: `[::1]:${PORT}` }, 'stats'],
    [{ origin: `http://127.0.0.1:${PORT}` }, 'stats'],
    [{ 'sec-fetch-site': 'same-origin' }, 'stats'],
    [{ 'sec-fetch-site': 'none' }, 'stats'],
    // DNS rebinding: the browser sends the attacker's name.
    [{ host: 'attacker.example' }, 'refused'],
    [{ host: `attacker.example:${PORT}` }, 'refused'],
    [{ host: '127.0.0.1' }, 'refused'],
    [{ host: `127.0.0.1:${PORT + 1}` }, 'refused'],
    [{ host: undefined }, 'refused'],
    [{ host: ['127.0.0.1:1', `127.0.0.1:${PORT}`] }, 'refused'],
    // A page of another site.
    [{ origin: 'http://evil.example' }, 'refused'],
    [{ origin: 'null' }, 'refused'],
    [{ origin: `http://localhost:${PORT + 1}` }, 'refused'],
    [{ 'sec-fetch-site': 'cross-site' }, 'refused'],
    [{ 'sec-fetch-site': 'same-site' }, 'refused']
  ])('with headers %p: %s', (headers, kind) => {
    const route = routeRequest(head(`/${SECRET}/stats`, headers), address)
    expect(route.kind).toBe(kind)
    if (route.kind === 'refused') expect(route.status).toBe(403)
  })

  it('on a Docker network, answers to that address with its own secret only', () => {
    const docker = { port: PORT, secret: 'job-Secret_0123456789abc', hosts: ['172.17.0.1'] }
    const request = (url: string, host: string) =>
      routeRequest({ method: 'GET', url, headers: { host } }, docker)
    expect(request('/job-Secret_0123456789abc/simple/demo/', `172.17.0.1:${PORT}`)).toEqual({
      kind: 'page',
      project: 'demo',
      secret: 'job-Secret_0123456789abc'
    })
    expect(request(`/${SECRET}/simple/demo/`, `172.17.0.1:${PORT}`)).toMatchObject({ status: 404 })
    expect(request('/job-Secret_0123456789abc/stats', `127.0.0.1:${PORT}`)).toMatchObject({
      status: 403
    })
  })

  describe('the stop, on an address that takes it', () => {
    const JOB_SECRET = 'job-Secret_0123456789abcdef'
    const stoppable = { ...address, stopSecret: JOB_SECRET }
    it.each([
      ['POST', `/${JOB_SECRET}/stop`, {}, { kind: 'stop' }],
      // Only with the job's own secret: the kept one is shared by this user's other routers.
      ['POST', `/${SECRET}/stop`, {}, { kind: 'refused', status: 404 }],
      ['POST', `/${JOB_SECRET.slice(1)}/stop`, {}, { kind: 'refused', status: 404 }],
      ['POST', `/${JOB_SECRET}/stop/`, {}, { kind: 'refused', status: 404 }],
      ['POST', `/${JOB_SECRET}/stats`, {}, { kind: 'refused', status: 404 }],
      ['POST', '/health', {}, { kind: 'refused', status: 404 }],
      // A GET never stops it: a link followed, a careless tool.
      ['GET', `/${JOB_SECRET}/stop`, {}, { kind: 'refused', status: 404 }],
      ['GET', `/${SECRET}/stop`, {}, { kind: 'refused', status: 404 }],
      ['PUT', `/${JOB_SECRET}/stop`, {}, { kind: 'refused', status: 405 }],
      // A page of another site, or a rebound name, as for every route.
      [
        'POST',
        `/${JOB_SECRET}/stop`,
        { origin: 'http://evil.example' },
        { kind: 'refused', status: 403 }
      ],
      [
        'POST',
        `/${JOB_SECRET}/stop`,
        { host: `attacker.example:${PORT}` },
        { kind: 'refused', status: 403 }
      ],
      ['GET', `/${SECRET}/stats`, {}, { kind: 'stats' }],
      ['GET', '/health', {}, { kind: 'health' }]
    ])('%s %s %j', (method, url, headers, route) => {
      expect(routeRequest(head(url, headers, method), stoppable)).toMatchObject(route)
    })

    it('is refused where the router takes no stop (a Docker network, a router without one)', () => {
      expect(routeRequest(head(`/${JOB_SECRET}/stop`, {}, 'POST'), address)).toMatchObject({
        status: 405
      })
      const docker = { port: PORT, secret: JOB_SECRET, hosts: ['172.17.0.1'] }
      const request = {
        method: 'POST',
        url: `/${JOB_SECRET}/stop`,
        headers: { host: `172.17.0.1:${PORT}` }
      }
      expect(routeRequest(request, docker)).toMatchObject({ status: 405 })
    })
  })

  it('refuses everything when the router has no secret', () => {
    const route = routeRequest(head('//stats'), { port: PORT, secret: '' })
    expect(route.kind).toBe('refused')
    expect(routeRequest(head('/x/stats'), { port: PORT, secret: '' }).kind).toBe('refused')
  })
})

const PASS_PYPI = { kind: 'pass-through', host: 'pypi.org' }
const PASS_FILES = { kind: 'pass-through', host: 'files.pythonhosted.org' }

describe('routeInterceptedRequest (inside a tunnel to one of PyPI’s hosts)', () => {
  const head = (url: string, host: string, method = 'GET') => ({ method, url, headers: { host } })
  it.each([
    ['pypi.org', '/simple/Demo.Pkg/', { kind: 'pypi-page', project: 'demo-pkg' }],
    ['pypi.org', '/simple/demo', { kind: 'pypi-page', project: 'demo' }],
    ['pypi.org', '/pypi/Demo_Pkg/json', { kind: 'pypi-json', project: 'demo-pkg' }],
    ['pypi.org', '/pypi/demo/json/', { kind: 'pypi-json', project: 'demo' }],
    [
      'pypi.org',
      '/pypi/demo/1.0rc1+local/json',
      { kind: 'pypi-json', project: 'demo', version: '1.0rc1+local' }
    ],
    ['pypi.org', '/pypi/demo/../json', PASS_PYPI],
    ['pypi.org', '/simple/', PASS_PYPI],
    ['pypi.org', '/', PASS_PYPI],
    ['pypi.org', '/rss/updates.xml', PASS_PYPI],
    ['pypi.org', '/_/oidc/mint-token', PASS_PYPI],
    ['pypi.org', '/simple/demo/extra/', PASS_PYPI],
    ['pypi.org', '/pypi/demo/1.0/other', PASS_PYPI],
    ['pypi.org', '/simple/a%2Fb/', PASS_PYPI],
    ['pypi.org', '/project/demo/', PASS_PYPI],
    ['pypi.org', '/packages/ab/cd/x/demo-1.0.tar.gz', PASS_PYPI],
    [
      'files.pythonhosted.org',
      '/packages/ab/cd/0123/demo_pkg-1.0-py3-none-any.whl',
      {
        kind: 'pypi-file',
        path: '/packages/ab/cd/0123/demo_pkg-1.0-py3-none-any.whl',
        filename: 'demo_pkg-1.0-py3-none-any.whl',
        metadata: false
      }
    ],
    [
      'files.pythonhosted.org:443',
      '/packages/ab/cd/0123/demo%2Blocal-1.0.tar.gz.metadata',
      {
        kind: 'pypi-file',
        path: '/packages/ab/cd/0123/demo+local-1.0.tar.gz',
        filename: 'demo+local-1.0.tar.gz',
        metadata: true
      }
    ],
    ['files.pythonhosted.org', '/packages/../etc/passwd', PASS_FILES],
    ['files.pythonhosted.org', '/packages/ab/%2e%2e', PASS_FILES],
    ['files.pythonhosted.org', '/simple/demo/', PASS_FILES],
    ['files.pythonhosted.org', '/', PASS_FILES]
  ])('%s %s', (host, url, expected) => {
    const tunnelHost = host.replace(/:443$/, '')
    expect(routeInterceptedRequest(head(url, host), tunnelHost)).toEqual(expected)
  })

  // What the mirrors do not serve goes to PyPI as it came: PyPI's answer, never one made up.
  it.each([
    head('/simple/demo/', 'evil.example'),
    head('/simple/demo/', 'pypi.org:8443'),
    head('/simple/demo/', 'pypi.org', 'POST'),
    head('/pypi/demo/json', 'pypi.org', 'PUT'),
    head('/simple/demo/', 'pypi.org', 'OPTIONS'),
    head('http://pypi.org/simple/demo/', 'pypi.org')
  ])('passes on %j', request => {
    expect(routeInterceptedRequest(request, 'pypi.org')).toEqual(PASS_PYPI)
  })
})
