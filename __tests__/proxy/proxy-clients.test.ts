import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createJobAuthority, type KeyedCertificate } from '../../src/proxy/authority.js'
import type { OwnerSystem } from '../../src/proxy/socket-owner.js'
import { type Router, startRouter } from '../../src/router/server.js'
import { PYPI_INDEX_HOST } from '../../src/router/request.js'
import { routerProxyUrl } from '../../src/router-process/address.js'
import { refusedIndexUrl, type Mirror, startMirror } from '../../test-support/mirror-server.js'
import { sendConnect } from '../../test-support/proxy-client.js'
import {
  createToolVenv,
  findPythonTool,
  findTool,
  isolatedToolEnv,
  type PipRun,
  runToolInstall
} from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'

/**
 * Real clients of the router as the job's HTTPS proxy where the owner of a client's socket
 * cannot be told, as on macOS and Windows: the router's owner lookup runs with macOS's inputs.
 * Each client must get through with the password that `HTTPS_PROXY` carries, and be refused
 * with a 407 without it.
 */

// The router's own owner lookup, given macOS's inputs.
const MACOS: OwnerSystem = { platform: 'darwin', uid: 501 }

const run = promisify(execFile)
/** Where Node finds this project's packages (undici, @actions/http-client). */
const REPOSITORY = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..')
const JOB_SECRET = 'clients-job-secret-0123456789'
const wheel = buildWheel({ name: 'client-demo', version: '1.0', sizeBytes: 20_000 })
const PAGE = `https://${PYPI_INDEX_HOST}/simple/client-demo/`

let authority: KeyedCertificate
let mirror: Mirror
let router: Router
let scratch: string
let caFile: string
/** The proxy URL the job's steps get, and the same without its credentials. */
let withPassword: string
let withoutPassword: string

beforeAll(async () => {
  authority = createJobAuthority([PYPI_INDEX_HOST, 'files.pythonhosted.org'], 3600_000)
  mirror = await startMirror({ packages: [wheel] })
  scratch = await mkdtemp(path.join(tmpdir(), 'proxy-clients-'))
  caFile = path.join(scratch, 'ca.pem')
  await writeFile(caFile, authority.certPem)
  await mkdir(path.join(scratch, 'no-certs'))
  router = await startRouter(
    {
      mirrors: [{ name: 'a', url: mirror.indexUrl, private: false }],
      privateProjects: [],
      storeDir: path.join(scratch, 'store'),
      timeoutMs: 3000,
      secret: 'path-secret-0123456789abc',
      jobSecret: JOB_SECRET
    },
    0,
    // Whatever the router passes through goes nowhere: no test reaches PyPI itself.
    {
      authority,
      env: { HTTPS_PROXY: new URL(await refusedIndexUrl()).origin },
      ownerSystem: MACOS
    }
  )
  withoutPassword = `http://127.0.0.1:${router.port}`
  withPassword = routerProxyUrl('127.0.0.1', router.port, JOB_SECRET)
})

afterAll(async () => {
  await router?.close()
  await mirror?.close()
  if (scratch) await rm(scratch, { recursive: true, force: true })
})

/**
 * A client's environment with `proxy` as the job's proxy and the job's authority as the only
 * root: none of this machine's proxy, CA or tool settings.
 */
function clientEnv(proxy: string): NodeJS.ProcessEnv {
  const env = isolatedToolEnv()
  for (const name of Object.keys(env)) {
    if (/_proxy$|_CA_BUNDLE$|^SSL_CERT_|^NODE_EXTRA_CA_CERTS$/i.test(name)) delete env[name]
  }
  return {
    ...env,
    HOME: path.join(scratch, 'home'),
    XDG_CACHE_HOME: path.join(scratch, 'cache'),
    HTTPS_PROXY: proxy,
    https_proxy: proxy,
    SSL_CERT_FILE: caFile,
    SSL_CERT_DIR: path.join(scratch, 'no-certs'),
    REQUESTS_CA_BUNDLE: caFile,
    CURL_CA_BUNDLE: caFile,
    NODE_EXTRA_CA_CERTS: caFile,
    PIP_CERT: caFile,
    // One retry for pip, which names the 407 only in its warning before it retries (a page it
    // could not fetch is otherwise just "from versions: none"); none for uv.
    PIP_RETRIES: '1',
    PIP_TIMEOUT: '10',
    UV_HTTP_RETRIES: '0',
    UV_NO_CACHE: '1'
  }
}

/** What a client made of PyPI's page for the demo project through `proxy`. */
interface Outcome {
  /** The client got the page (or installed from it). */
  ok: boolean
  output: string
}

/** A command's output, whether it succeeded or not. */
async function outcome(
  command: string,
  args: string[],
  proxy: string,
  succeeded: (stdout: string) => boolean
): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(command, args, {
      env: clientEnv(proxy),
      cwd: REPOSITORY,
      timeout: 60_000
    })
    return { ok: succeeded(stdout), output: stdout + stderr }
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string }
    return { ok: false, output: `${failed.message}\n${failed.stdout}\n${failed.stderr}` }
  }
}

/** `pip install` or `uv pip install` of the demo project from PyPI (the default index). */
async function install(toolName: string, proxy: string): Promise<Outcome> {
  const tool = await findTool(toolName)
  const venv = await createToolVenv(tool, await mkdtemp(path.join(scratch, 'venv-')))
  const args = tool.kind === 'pip' ? ['--no-cache-dir', 'client-demo'] : ['client-demo']
  const result: PipRun = await runToolInstall(tool, venv, args, { env: clientEnv(proxy) })
  if (result.exitCode !== 0) return { ok: false, output: result.output }
  // Python 3.7 (pip 22.0.4's) has no importlib.metadata: ask the installed module.
  const { stdout } = await run(venv, ['-c', 'import client_demo; print(client_demo.__version__)'])
  return { ok: stdout.trim() === '1.0', output: result.output }
}

const listsWheel = (stdout: string): boolean => stdout.includes(wheel.filename)

/** A Python script that prints the page, run by the Python of Poetry's venv (requests in it). */
async function python(script: string, proxy: string): Promise<Outcome> {
  const { venv } = await findPythonTool('poetry')
  return outcome(path.join(venv, 'bin', 'python'), ['-c', script, PAGE], proxy, listsWheel)
}

/** A Node module script that prints the page, run with this project's packages. */
async function node(script: string, proxy: string): Promise<Outcome> {
  return outcome(process.execPath, ['--input-type=module', '-e', script, PAGE], proxy, listsWheel)
}

const clients: [string, (proxy: string) => Promise<Outcome>][] = [
  ['pip 22.0.4 (Python 3.7)', proxy => install('pip-22.0.4', proxy)],
  ['pip 23.2.1 (Python 3.11)', proxy => install('pip-23.2.1', proxy)],
  ['pip 26.2.1 (Python 3.12)', proxy => install('pip-26.2.1', proxy)],
  ['uv 0.13.9', proxy => install('uv-0.13.9', proxy)],
  [
    'requests (Poetry 2.5.1’s)',
    proxy =>
      python('import requests, sys; print(requests.get(sys.argv[1], timeout=10).text)', proxy)
  ],
  [
    'urllib.request (Python 3.12)',
    proxy =>
      python(
        [
          'import os, ssl, sys, urllib.request',
          "context = ssl.create_default_context(cafile=os.environ['SSL_CERT_FILE'])",
          'print(urllib.request.urlopen(sys.argv[1], context=context, timeout=10).read().decode())'
        ].join('\n'),
        proxy
      )
  ],
  [
    'curl',
    proxy => outcome('curl', ['--silent', '--show-error', '--fail', PAGE], proxy, listsWheel)
  ],
  [
    'undici EnvHttpProxyAgent (Node’s fetch with the proxy variables)',
    proxy =>
      node(
        [
          "import { readFileSync } from 'node:fs'",
          "import { EnvHttpProxyAgent, request } from 'undici'",
          "const ca = readFileSync(process.env.SSL_CERT_FILE, 'utf8')",
          'const dispatcher = new EnvHttpProxyAgent({ requestTls: { ca } })',
          'const answer = await request(process.argv[1], { dispatcher })',
          'console.log(answer.statusCode, await answer.body.text())'
        ].join('\n'),
        proxy
      )
  ],
  [
    '@actions/http-client (actions’ own requests, as actions/cache makes them)',
    proxy =>
      node(
        [
          "import { HttpClient } from '@actions/http-client'",
          "const answer = await new HttpClient('proxy-clients-test').get(process.argv[1])",
          'console.log(answer.message.statusCode, await answer.readBody())'
        ].join('\n'),
        proxy
      )
  ]
]

describe('clients of the job’s proxy where the owner of a socket is unknown', () => {
  it('refuses a CONNECT without the password with a 407 and a Basic challenge', async () => {
    const { status, head } = await sendConnect(router.port, `${PYPI_INDEX_HOST}:443`)
    expect(status).toBe('HTTP/1.1 407 Proxy Authentication Required')
    expect(head).toContain('Proxy-Authenticate: Basic realm="pip-mirror-action"')
  })

  it.each(clients)(
    '%s sends the password from HTTPS_PROXY on CONNECT, and gets nowhere without it',
    async (_client, fetchPage) => {
      const refusedBefore = router.stats().proxy?.refused ?? 0
      const allowed = await fetchPage(withPassword)
      expect({ ok: allowed.ok, output: allowed.ok ? '' : allowed.output }).toEqual({
        ok: true,
        output: ''
      })
      expect(router.stats().proxy?.refused ?? 0).toBe(refusedBefore)
      const refused = await fetchPage(withoutPassword)
      expect(refused.ok).toBe(false)
      // uv says it in words: "tunnel error: proxy authorization required".
      expect(refused.output).toMatch(/407|proxy authorization required/i)
      expect(router.stats().proxy?.refused ?? 0).toBeGreaterThan(refusedBefore)
    },
    120_000
  )
})
