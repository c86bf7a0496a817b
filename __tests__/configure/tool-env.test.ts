import { describe, expect, it } from '@jest/globals'
import { parseMirror } from '../../src/mirrors/mirror.js'
import { routerProxyUrl } from '../../src/router-process/address.js'
import {
  formatBuildArgs,
  renderBuildArgs,
  renderProxyEnv,
  renderToolEnv
} from '../../src/configure/tool-env.js'

describe('renderToolEnv', () => {
  it('points pip and uv at an https mirror without disabling TLS checks', () => {
    const env = renderToolEnv(parseMirror('tuna'), { pip: true, uv: true })
    expect(env).toEqual({
      PIP_INDEX_URL: 'https://pypi.tuna.tsinghua.edu.cn/simple',
      PDM_PYPI_URL: 'https://pypi.tuna.tsinghua.edu.cn/simple',
      PIPENV_PYPI_MIRROR: 'https://pypi.tuna.tsinghua.edu.cn/simple',
      PIP_TIMEOUT: '10',
      PIP_RETRIES: '2',
      PIP_RESUME_RETRIES: '3',
      UV_DEFAULT_INDEX: 'https://pypi.tuna.tsinghua.edu.cn/simple',
      UV_HTTP_TIMEOUT: '15',
      UV_HTTP_RETRIES: '2'
    })
  })

  it('trusts only the host of a plain-http mirror', () => {
    const env = renderToolEnv(parseMirror('http://10.0.0.5:3141/root/pypi/+simple'), {
      pip: true,
      uv: true
    })
    expect(env.PIP_TRUSTED_HOST).toBe('10.0.0.5:3141')
    expect(env.UV_INSECURE_HOST).toBe('10.0.0.5:3141')
  })

  it.each([
    [
      { pip: true, uv: false },
      [
        'PDM_PYPI_URL',
        'PIPENV_PYPI_MIRROR',
        'PIP_INDEX_URL',
        'PIP_RESUME_RETRIES',
        'PIP_RETRIES',
        'PIP_TIMEOUT'
      ]
    ],
    [{ pip: false, uv: true }, ['UV_DEFAULT_INDEX', 'UV_HTTP_RETRIES', 'UV_HTTP_TIMEOUT']],
    [{ pip: false, uv: false }, []]
  ])('sets only the selected tools: %j', (tools, names) => {
    expect(Object.keys(renderToolEnv(parseMirror('pypi'), tools)).sort()).toEqual(names)
  })

  it('never adds an extra index', () => {
    const env = renderToolEnv(parseMirror('http://127.0.0.1:1/simple'), { pip: true, uv: true })
    expect(Object.keys(env).filter(name => /EXTRA|UV_INDEX$/.test(name))).toEqual([])
  })
})

describe('renderToolEnv for the router on 127.0.0.1', () => {
  const router = parseMirror('router=http://127.0.0.1:3141/simple')
  const both = { pip: true, uv: true }

  it('trusts its host, without which pip would keep none of its answers in its HTTP cache', () => {
    const env = renderToolEnv(router, both, {})
    expect(env.PIP_INDEX_URL).toBe('http://127.0.0.1:3141/simple')
    expect(env.UV_DEFAULT_INDEX).toBe('http://127.0.0.1:3141/simple')
    expect(env.PIP_TRUSTED_HOST).toBe('127.0.0.1:3141')
  })

  it.each([
    ['no proxy', {}, {}],
    [
      'HTTPS_PROXY only',
      { HTTPS_PROXY: 'http://proxy:3128' },
      { no_proxy: '127.0.0.1', NO_PROXY: '127.0.0.1' }
    ],
    [
      'a proxy and NO_PROXY, whose entries are kept',
      { http_proxy: 'http://proxy:3128', NO_PROXY: '.corp.example' },
      { no_proxy: '.corp.example,127.0.0.1', NO_PROXY: '.corp.example,127.0.0.1' }
    ],
    [
      'lower-case no_proxy winning, as requests reads it',
      { ALL_PROXY: 'http://proxy:3128', no_proxy: 'a.example', NO_PROXY: 'b.example' },
      { no_proxy: 'a.example,127.0.0.1', NO_PROXY: 'a.example,127.0.0.1' }
    ],
    [
      'loopback already bypassed',
      { https_proxy: 'http://proxy:3128', NO_PROXY: 'localhost,127.0.0.1' },
      {}
    ],
    ['NO_PROXY=*', { https_proxy: 'http://proxy:3128', NO_PROXY: '*' }, {}],
    [
      'PIP_PROXY, which pip uses whatever NO_PROXY says',
      { PIP_PROXY: 'http://proxy:3128' },
      { PIP_PROXY: '' }
    ],
    ['only NO_PROXY', { NO_PROXY: 'a.example' }, {}]
  ])('reaches the router around %s', (_what, current, expected) => {
    const env = renderToolEnv(router, both, current)
    const proxyNames = ['PIP_PROXY', 'no_proxy', 'NO_PROXY']
    expect(Object.fromEntries(proxyNames.flatMap(n => (n in env ? [[n, env[n]]] : [])))).toEqual(
      expected
    )
  })

  it('leaves proxies alone for a real mirror', () => {
    const env = renderToolEnv(parseMirror('http://10.0.0.5:3141/simple'), both, {
      HTTPS_PROXY: 'http://proxy:3128',
      PIP_PROXY: 'http://proxy:3128'
    })
    expect(Object.keys(env).filter(name => /proxy/i.test(name))).toEqual([])
  })
})

describe("renderToolEnv for the router as the job's HTTPS proxy", () => {
  const JOB_SECRET = 'job-secret-0123456789abcdef'
  const proxy = {
    url: routerProxyUrl('127.0.0.1', 3141, JOB_SECRET),
    caBundle: '/tmp/job/ca-bundle.pem'
  }
  const router = { ...parseMirror('router=http://127.0.0.1:3141/secret/simple'), proxy }
  const both = { pip: true, uv: true }
  const LOOPBACK = '127.0.0.1'

  it('sets no index at all: every tool keeps https://pypi.org/simple', () => {
    const env = renderToolEnv(router, both, {})
    expect(
      Object.keys(env).filter(name => /INDEX|PYPI_URL|PYPI_MIRROR|TRUSTED|INSECURE/.test(name))
    ).toEqual([])
    expect(env).toMatchObject({
      HTTPS_PROXY: proxy.url,
      https_proxy: proxy.url,
      SSL_CERT_FILE: proxy.caBundle,
      REQUESTS_CA_BUNDLE: proxy.caBundle,
      PIP_CERT: proxy.caBundle,
      PIP_TIMEOUT: '10',
      UV_HTTP_TIMEOUT: '15'
    })
  })

  it.each([
    ['no proxy before', {}, { NO_PROXY: LOOPBACK, no_proxy: LOOPBACK }],
    [
      "the job's NO_PROXY entries kept (those hosts stay direct)",
      { NO_PROXY: '.corp.example, localhost' },
      { NO_PROXY: '.corp.example, localhost,127.0.0.1' }
    ],
    [
      'lower-case no_proxy wins, as requests reads it',
      { no_proxy: 'a', NO_PROXY: 'b' },
      { NO_PROXY: `a,${LOOPBACK}` }
    ],
    [
      'a company proxy: replaced for the tools (the router chains to it)',
      { HTTPS_PROXY: 'http://corp:3128', https_proxy: 'http://corp:3128' },
      { HTTPS_PROXY: proxy.url, https_proxy: proxy.url }
    ],
    [
      'PIP_PROXY emptied: pip would prefer it to the router',
      { PIP_PROXY: 'http://corp:3128' },
      { PIP_PROXY: '' }
    ]
  ])('%s', (_name, current, expected) => {
    expect(renderProxyEnv(proxy, both, current)).toMatchObject(expected)
  })

  it('sets nothing with configure: none', () => {
    expect(renderToolEnv(router, { pip: false, uv: false }, {})).toEqual({})
  })

  it("gives the job's password in the proxy variables, and in no other", () => {
    // Where the owner of a client's socket cannot be told (macOS, Windows, containers), the
    // password in the proxy URL is a client's only way in.
    const env = renderToolEnv(router, both, { NO_PROXY: 'corp.example', PIP_PROXY: 'http://c:1' })
    expect(new URL(env.HTTPS_PROXY).password).toBe(JOB_SECRET)
    const naming = Object.keys(env).filter(name => env[name].includes(JOB_SECRET))
    expect(naming.sort()).toEqual(['HTTPS_PROXY', 'https_proxy'])
  })
})

describe('renderBuildArgs and formatBuildArgs (the docker-build-args output)', () => {
  it('points pip and uv in a build at the router on the Docker network, as KEY=VALUE lines', () => {
    const url = 'http://172.17.0.1:25000/j0b/simple'
    expect(renderBuildArgs(url)).toEqual({
      PIP_INDEX_URL: url,
      PIP_TRUSTED_HOST: '172.17.0.1:25000',
      UV_DEFAULT_INDEX: url,
      UV_INSECURE_HOST: '172.17.0.1:25000'
    })
    expect(formatBuildArgs(renderBuildArgs(url)).split('\n')).toEqual([
      `PIP_INDEX_URL=${url}`,
      'PIP_TRUSTED_HOST=172.17.0.1:25000',
      `UV_DEFAULT_INDEX=${url}`,
      'UV_INSECURE_HOST=172.17.0.1:25000'
    ])
  })
})
