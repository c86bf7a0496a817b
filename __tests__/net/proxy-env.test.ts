import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from '@jest/globals'
import {
  type Environment,
  proxyLabel,
  proxyRouteFor,
  proxySecrets
} from '../../src/net/proxy-env.js'
import { PYTHON } from '../../test-support/python.js'

const P = 'http://proxy.corp:3128'
const Q = 'http://other-proxy.corp:8080'

/** [what, environment, URL, the proxy pip uses or null for a direct connection] */
const CASES: [string, Environment, string, string | null][] = [
  ['no proxy variables', {}, 'https://pypi.org/simple/', null],
  ['HTTPS_PROXY for https', { HTTPS_PROXY: P }, 'https://pypi.org/simple/', P],
  ['HTTPS_PROXY is not used for http', { HTTPS_PROXY: P }, 'http://m.example/simple/', null],
  ['HTTP_PROXY for http', { HTTP_PROXY: P }, 'http://m.example/simple/', P],
  ['lower case', { https_proxy: P }, 'https://pypi.org/simple/', P],
  ['lower case wins over upper case', { https_proxy: P, HTTPS_PROXY: Q }, 'https://x.org/', P],
  [
    'an empty lower case removes the upper case',
    { https_proxy: '', HTTPS_PROXY: Q },
    'https://x.org/',
    null
  ],
  ['ALL_PROXY when no scheme matches', { ALL_PROXY: P }, 'https://pypi.org/simple/', P],
  ['the scheme wins over ALL_PROXY', { ALL_PROXY: Q, HTTPS_PROXY: P }, 'https://pypi.org/', P],
  ['a proxy without a scheme', { HTTPS_PROXY: 'proxy.corp:3128' }, 'https://pypi.org/', P],
  [
    'NO_PROXY: the exact host',
    { HTTPS_PROXY: P, NO_PROXY: 'pypi.org' },
    'https://pypi.org/simple/',
    null
  ],
  [
    'NO_PROXY: a parent domain covers subdomains',
    { HTTPS_PROXY: P, NO_PROXY: 'example.com' },
    'https://a.example.com/simple/',
    null
  ],
  [
    'NO_PROXY: a leading dot',
    { HTTPS_PROXY: P, NO_PROXY: '.example.com' },
    'https://a.example.com/simple/',
    null
  ],
  [
    'NO_PROXY: a leading dot and the bare domain',
    { HTTPS_PROXY: P, NO_PROXY: '.example.com' },
    'https://example.com/simple/',
    null
  ],
  // requests compares plain string suffixes: this is what pip does, quirk included.
  [
    'NO_PROXY: a bare string suffix',
    { HTTPS_PROXY: P, NO_PROXY: 'example.com' },
    'https://badexample.com/',
    null
  ],
  [
    'NO_PROXY: another domain',
    { HTTPS_PROXY: P, NO_PROXY: 'example.com' },
    'https://example.org/',
    P
  ],
  [
    'NO_PROXY: a list with spaces',
    { HTTPS_PROXY: P, NO_PROXY: 'a.corp, pypi.org' },
    'https://pypi.org/',
    null
  ],
  ['NO_PROXY: *', { HTTPS_PROXY: P, NO_PROXY: '*' }, 'https://pypi.org/', null],
  [
    'NO_PROXY: a matching port',
    { HTTP_PROXY: P, NO_PROXY: 'm.example:8080' },
    'http://m.example:8080/simple/',
    null
  ],
  [
    'NO_PROXY: another port',
    { HTTP_PROXY: P, NO_PROXY: 'm.example:8080' },
    'http://m.example:9090/simple/',
    P
  ],
  [
    'NO_PROXY: an IP address',
    { HTTP_PROXY: P, NO_PROXY: '10.1.2.3' },
    'http://10.1.2.3:8080/simple/',
    null
  ],
  [
    'NO_PROXY: a CIDR block',
    { HTTP_PROXY: P, NO_PROXY: '10.0.0.0/8' },
    'http://10.1.2.3/simple/',
    null
  ],
  [
    'NO_PROXY: outside the CIDR block',
    { HTTP_PROXY: P, NO_PROXY: '10.0.0.0/8' },
    'http://11.1.2.3/simple/',
    P
  ],
  [
    'NO_PROXY: localhost',
    { HTTP_PROXY: P, NO_PROXY: 'localhost,127.0.0.1' },
    'http://127.0.0.1:3141/simple/',
    null
  ],
  [
    'lower-case no_proxy hides NO_PROXY',
    { HTTPS_PROXY: P, no_proxy: 'a.corp', NO_PROXY: 'pypi.org' },
    'https://pypi.org/',
    P
  ],
  [
    'NO_PROXY: upper case only',
    { HTTPS_PROXY: P, NO_PROXY: 'pypi.org' },
    'https://files.pypi.org/',
    null
  ],
  // pip 24.1+: `--proxy` replaces the environment's proxies and NO_PROXY.
  ['PIP_PROXY for every URL', { PIP_PROXY: P }, 'http://m.example/simple/', P],
  ['PIP_PROXY over HTTPS_PROXY', { PIP_PROXY: P, HTTPS_PROXY: Q }, 'https://pypi.org/', P],
  ['PIP_PROXY ignores NO_PROXY', { PIP_PROXY: P, NO_PROXY: 'pypi.org' }, 'https://pypi.org/', P]
]

const expectedRoute = (url: string, proxy: string | null) =>
  proxy === null
    ? undefined
    : { proxy: new URL(proxy), mode: url.startsWith('https:') ? 'tunnel' : 'forward' }

describe('proxyRouteFor', () => {
  it.each(CASES)('%s', (_what, env, url, proxy) => {
    expect(proxyRouteFor(new URL(url), env)).toEqual(expectedRoute(url, proxy))
  })

  it('names a proxy by host and port, never its credentials', () => {
    expect(proxyLabel(new URL('http://user:secret@proxy.corp:3128'))).toBe('proxy.corp:3128')
  })
})

// pip's own code decides the same table: its vendored requests, set up the way pip 24.1+ sets
// up its session (a `--proxy` replaces the environment's settings).
const PIP_ORACLE = `
import json, os, sys
from pip._vendor import requests
from pip._vendor.requests.utils import select_proxy
results = []
for env, url in json.load(sys.stdin):
    for name in [n for n in os.environ if n.lower().endswith('_proxy') or n == 'REQUEST_METHOD']:
        del os.environ[name]
    os.environ.update({k: v for k, v in env.items() if k != 'PIP_PROXY'})
    session = requests.Session()
    if env.get('PIP_PROXY'):
        session.proxies = {'http': env['PIP_PROXY'], 'https': env['PIP_PROXY']}
        session.trust_env = False
    proxies = session.merge_environment_settings(url, {}, None, None, None)['proxies']
    proxy = select_proxy(url, proxies)
    if proxy and '://' not in proxy:
        proxy = 'http://' + proxy
    results.append(proxy)
print(json.dumps(results))
`

describe("pip's own proxy selection", () => {
  it('agrees with proxyRouteFor on every case of the table', async () => {
    const child = promisify(execFile)(PYTHON, ['-c', PIP_ORACLE], {
      env: { PATH: process.env.PATH }
    })
    child.child.stdin?.end(JSON.stringify(CASES.map(([, env, url]) => [env, url])))
    const pip = JSON.parse((await child).stdout) as (string | null)[]
    const ours = CASES.map(([, env, url]) => proxyRouteFor(new URL(url), env)?.proxy.href ?? null)
    const normalise = (proxy: string | null) => (proxy === null ? null : new URL(proxy).href)
    expect(ours).toEqual(pip.map(normalise))
    // The table itself must say what pip says, so neither can drift alone.
    expect(CASES.map(([, , , proxy]) => normalise(proxy))).toEqual(pip.map(normalise))
  })
})

describe('proxySecrets', () => {
  it.each([
    ['no proxy', {}, []],
    ['a proxy without credentials', { HTTPS_PROXY: P }, []],
    ['a password', { HTTPS_PROXY: 'http://user:s3cret@proxy:3128' }, ['s3cret']],
    ['an encoded password', { http_proxy: 'http://user:p%40ss@proxy:3128' }, ['p%40ss', 'p@ss']],
    ['a lone token', { ALL_PROXY: 'http://tok123@proxy:3128' }, ['tok123']],
    ['pip --proxy', { PIP_PROXY: 'http://u:pip-pass@proxy:3128' }, ['pip-pass']],
    ['not NO_PROXY', { NO_PROXY: 'a:b@c' }, []]
  ])('%s', (_what, env, expected) => {
    expect(proxySecrets(env)).toEqual(expected)
  })
})
